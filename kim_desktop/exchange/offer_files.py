"""Reading a course-offer file by its extension (.csv or .xlsx) into checked offers."""

from pathlib import Path

from kim_desktop.exchange.course_offers import ImportFileError, ParsedOffers, parse_offers
from kim_desktop.exchange.courses_csv import read_csv_table
from kim_desktop.exchange.courses_xlsx import read_xlsx_table

READABLE_SUFFIXES = (".csv", ".txt", ".xlsx")


def read_offer_file(path: Path) -> ParsedOffers:
    """Read and check a provider's course list; ImportFileError if the file as a whole is unusable."""
    suffix = path.suffix.lower()
    if suffix not in READABLE_SUFFIXES:
        raise ImportFileError(f"Dateien mit der Endung „{path.suffix}“ können nicht eingelesen werden (CSV oder XLSX).")
    try:
        table = read_xlsx_table(path) if suffix == ".xlsx" else read_csv_table(path.read_bytes())
    except OSError as exc:
        raise ImportFileError(f"Die Datei {path} kann nicht gelesen werden: {exc.strerror}") from exc
    return parse_offers(table)
