"""The registration list (Anmeldeliste) as CSV for the provider: semicolon-separated, UTF-8 with BOM for Excel."""

import csv
from collections.abc import Sequence
from io import StringIO

# Cells a spreadsheet would read as a formula (CSV injection) get a leading apostrophe.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text made safe to open in a spreadsheet."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def registration_list_csv(headers: Sequence[str], rows: Sequence[Sequence[str]], footer: str = "") -> str:
    """The list as CSV text: a numbered line per person; people without a consent only in the footer's count."""
    out = StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for number, cells in enumerate(rows, start=1):
        writer.writerow([str(number), *(neutralise(cell.replace("\n", ", ")) for cell in cells)])
    if footer:
        writer.writerow(["", footer])
    return "\ufeff" + out.getvalue()
