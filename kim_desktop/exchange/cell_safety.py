"""One CSV text writer for every export: semicolons, CRLF, UTF-8 with BOM for Excel, every text cell neutralised."""

import csv
from collections.abc import Iterable, Sequence
from io import StringIO

from kim_desktop.domain.cell_safety import neutralise

__all__ = ["csv_text", "neutralise"]

Cell = str | int | float | None


def _cell(value: Cell) -> str | int | float:
    if value is None:
        return ""
    return neutralise(value) if isinstance(value, str) else value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]], *, bom: bool = True) -> str:
    """The table as CSV text; no cell a spreadsheet would run as a formula (=HYPERLINK(…) becomes text)."""
    out = StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_cell(h) for h in header])
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return ("\ufeff" if bom else "") + out.getvalue()
