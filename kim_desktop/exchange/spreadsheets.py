"""The one CSV and XLSX writer of every export: every text cell neutralised against formula injection.

CSV: semicolons, CRLF, UTF-8 with BOM (Excel), dates TT.MM.JJJJ and times HH:MM. XLSX: bold header rows, real
dates and times with German formats, column widths from the content. No other module writes a table file.
"""

import csv
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from io import BytesIO, StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kim_desktop.domain.cell_safety import neutralise
from kim_desktop.whole_files import write_whole, write_whole_text

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["Cell", "XlsxBook", "cell_text", "csv_text", "neutralise", "shown_text", "write_csv"]

Cell = str | int | float | date | time | datetime | None
BOM = "\ufeff"


def cell_text(value: Cell) -> str:
    """A value as a CSV cell: dates TT.MM.JJJJ, times HH:MM, numbers as digits, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%d.%m.%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, int | float):
        return str(value)
    return neutralise(value)


def csv_text(
    header: Sequence[str], rows: Iterable[Sequence[Cell]], *, bom: bool = True, lead: Sequence[str] = ()
) -> str:
    """The table as CSV text; no cell a spreadsheet would run as a formula (=HYPERLINK(…) becomes text).

    `lead` lines come above the header (e.g. "Vorläufig: das Quartal ist noch nicht zu Ende"), one cell each.
    """
    out = StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for line in lead:
        writer.writerow([cell_text(line)])
    writer.writerow([cell_text(h) for h in header])
    for row in rows:
        writer.writerow([cell_text(value) for value in row])
    return (BOM if bom else "") + out.getvalue()


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Cell]], *, lead: Sequence[str] = ()) -> None:
    """Write a table as a CSV file for Excel (see csv_text)."""
    write_whole_text(path, csv_text(header, rows, lead=lead))


def _xlsx_value(value: Cell) -> Any:
    return neutralise(value) if isinstance(value, str) else value


def shown_text(value: object) -> str:
    """A cell's value as a spreadsheet shows it: dates TT.MM.JJJJ (with the time if it has one), whole floats bare."""
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


class XlsxBook:
    """An XLSX workbook written row by row: sheets, bold rows, German date formats, every text cell neutralised."""

    def __init__(self) -> None:
        from openpyxl import Workbook  # openpyxl only where a workbook is written

        self._book = Workbook()
        self._sheet: Worksheet | None = None
        self._first = True

    def sheet(self, title: str) -> None:
        """Start a sheet (its title cut to Excel's 31 characters, without the characters Excel refuses)."""
        clean = "".join(" " if char in "[]:*?/\\" else char for char in title)[:31]
        if self._first:
            active = self._book.active
            assert active is not None  # a new workbook has one sheet
            active.title = clean
            self._sheet, self._first = active, False
        else:
            self._sheet = self._book.create_sheet(clean)

    def row(self, values: Sequence[Cell] = (), *, bold: bool = False, size: float | None = None,
            colour: str | None = None) -> None:  # fmt: skip
        """Append a row; dates and times stay real values with German formats."""
        from openpyxl.styles import Font

        sheet = self._current()
        sheet.append([_xlsx_value(v) for v in values])
        for cell in sheet[sheet.max_row] if values else ():
            if isinstance(cell.value, datetime):
                cell.number_format = "DD.MM.YYYY HH:MM"
            elif isinstance(cell.value, date):
                cell.number_format = "DD.MM.YYYY"
            elif isinstance(cell.value, time):
                cell.number_format = "HH:MM"
            if bold or size or colour:
                cell.font = Font(bold=bold, size=size, color=colour)

    def table(self, header: Sequence[str], rows: Iterable[Sequence[Cell]], *, freeze: bool = False) -> None:
        """Append a bold header and its rows; `freeze` keeps the header in view (a sheet holding one table)."""
        self.row(header, bold=True)
        if freeze:
            self._current().freeze_panes = f"A{self._current().max_row + 1}"
        for values in rows:
            self.row(values)

    def fit_columns(self, most: int = 45, least: int = 8) -> None:
        """Set each column of the current sheet as wide as its content, within bounds."""
        sheet = self._current()
        for column_cells in sheet.columns:
            width = max((len(shown_text(c.value)) for c in column_cells), default=least)
            sheet.column_dimensions[column_cells[0].column_letter].width = min(most, max(least, width + 2))

    def widths(self, widths: Sequence[float]) -> None:
        """Set the widths of the current sheet's first columns."""
        from openpyxl.utils import get_column_letter

        for index, width in enumerate(widths, start=1):
            self._current().column_dimensions[get_column_letter(index)].width = width

    def save(self, path: Path) -> None:
        """Write the workbook."""
        buffer = BytesIO()
        self._book.save(buffer)
        write_whole(path, buffer.getvalue())

    def _current(self) -> "Worksheet":
        if self._sheet is None:
            self.sheet("Tabelle")
        assert self._sheet is not None
        return self._sheet
