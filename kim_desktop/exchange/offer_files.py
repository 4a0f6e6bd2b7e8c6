"""Reading a course-offer file by its extension (.csv or .xlsx) into checked offers."""

from pathlib import Path

from kim_desktop.domain.text import N_, Text, verbatim
from kim_desktop.exchange.course_offers import ImportFileError, ParsedOffers, parse_offers
from kim_desktop.exchange.courses_csv import read_csv_table
from kim_desktop.exchange.courses_xlsx import read_xlsx_table

READABLE_SUFFIXES = (".csv", ".txt", ".xlsx")


def read_offer_file(path: Path) -> ParsedOffers:
    """Read and check a provider's course list; ImportFileError if the file as a whole is unusable."""
    suffix = path.suffix.lower()
    if suffix not in READABLE_SUFFIXES:
        raise ImportFileError(
            Text(
                N_("Dateien mit der Endung „{suffix}“ können nicht eingelesen werden (CSV oder XLSX)."),
                suffix=path.suffix,
            )
        )
    try:
        table = read_xlsx_table(path) if suffix == ".xlsx" else read_csv_table(path.read_bytes())
    except OSError as exc:
        raise ImportFileError(
            Text(
                N_("Die Datei {path} kann nicht gelesen werden: {problem}"),
                path=path,
                problem=verbatim(exc.strerror or ""),
            )
        ) from exc
    return parse_offers(table)
