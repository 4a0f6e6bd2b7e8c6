"""XLSX files of course offers (openpyxl): the first sheet in, one formatted sheet out."""

import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path

from kim_desktop.domain.text import N_, Text
from kim_desktop.exchange.cell_safety import neutralise
from kim_desktop.exchange.course_offers import ImportFileError, RawTable, rows_from

Cell = str | int | float | date | time | datetime | None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M") if value.time() != time(0, 0) else value.strftime("%d.%m.%Y")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


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
        yield rows_from([_text(v) for v in row] for row in sheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def write_xlsx(path: Path, header: Sequence[str], rows: Sequence[Sequence[Cell]], title: str) -> None:
    """Write one sheet: bold frozen header, real dates and times, text cells neutralised, sensible widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append([neutralise(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([neutralise(v) if isinstance(v, str) else v for v in row])
    for column_cells in sheet.columns:
        for cell in column_cells[1:]:
            if isinstance(cell.value, datetime):
                cell.number_format = "DD.MM.YYYY HH:MM"
            elif isinstance(cell.value, date):
                cell.number_format = "DD.MM.YYYY"
            elif isinstance(cell.value, time):
                cell.number_format = "HH:MM"
        width = max((len(_text(c.value)) for c in column_cells), default=8)
        sheet.column_dimensions[column_cells[0].column_letter].width = min(45, max(8, width + 2))
    workbook.save(path)
