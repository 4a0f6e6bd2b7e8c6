"""The registration list (Anmeldeliste) as CSV for the provider: semicolon-separated, UTF-8 with BOM for Excel."""

import csv
from io import StringIO

from kim_desktop.documents.registration_list_data import HEADERS, RegistrationList, entry_cells

# Cells a spreadsheet would read as a formula (CSV injection) get a leading apostrophe.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text made safe to open in a spreadsheet."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def registration_list_csv(data: RegistrationList) -> str:
    """The list as CSV text; people without a consent appear as one counting line, never by name."""
    out = StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for number, entry in enumerate(data.entries, start=1):
        writer.writerow([str(number), *(neutralise(cell.replace("\n", ", ")) for cell in entry_cells(entry))])
    if data.withheld_text:
        writer.writerow(["", data.withheld_text])
    return "\ufeff" + out.getvalue()
