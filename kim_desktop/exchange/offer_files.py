"""Reading a course-offer file by its extension (.csv or .xlsx) into checked offers, streamed row by row."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kim_desktop.domain.text import N_, Text, verbatim
from kim_desktop.exchange.course_offers import ImportFileError, OfferStream, ParsedOffers, collect_offers
from kim_desktop.exchange.courses_csv import open_csv_table
from kim_desktop.exchange.courses_xlsx import open_xlsx_table

READABLE_SUFFIXES = (".csv", ".txt", ".xlsx")


@contextmanager
def open_offer_file(path: Path) -> Iterator[OfferStream]:
    """A provider's course list, checked row by row as it is read; ImportFileError if the file is unusable."""
    suffix = path.suffix.lower()
    if suffix not in READABLE_SUFFIXES:
        raise ImportFileError(
            Text(
                N_("Dateien mit der Endung „{suffix}“ können nicht eingelesen werden (CSV oder XLSX)."),
                suffix=path.suffix,
            )
        )
    try:
        with open_xlsx_table(path) if suffix == ".xlsx" else open_csv_table(path) as table:
            yield OfferStream(table)
    except OSError as exc:
        raise ImportFileError(
            Text(
                N_("Die Datei {path} kann nicht gelesen werden: {problem}"),
                path=path,
                problem=verbatim(exc.strerror or ""),
            )
        ) from exc


def read_offer_file(path: Path) -> ParsedOffers:
    """Read and check a whole provider's course list into memory (small files; an import streams it)."""
    with open_offer_file(path) as stream:
        return collect_offers(stream)
