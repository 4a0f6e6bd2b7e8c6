"""XLSX files of course offers (openpyxl): the first sheet in; one formatted sheet out (exchange/spreadsheets)."""

import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from kim_desktop.domain.text import N_, Text
from kim_desktop.exchange.course_offers import ImportFileError, RawTable, rows_from
from kim_desktop.exchange.spreadsheets import Cell, XlsxBook, shown_text


@contextmanager
def open_xlsx_table(path: Path) -> Iterator[RawTable]:
    """Cells of the first sheet as text (dates as TT.MM.JJJJ), read row by row; row numbers as Excel shows them."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(
            Text(N_("Die Datei {name} ist keine lesbare XLSX-Arbeitsmappe."), name=path.name)
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        yield rows_from([shown_text(v) for v in row] for row in sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def write_xlsx(path: Path, header: Sequence[str], rows: Sequence[Sequence[Cell]], title: str) -> None:
    """Write one sheet: bold frozen header, real dates and times, text cells neutralised, sensible widths."""
    book = XlsxBook()
    book.sheet(title)
    book.table(header, rows, freeze=True)
    book.fit_columns()
    book.save(path)
