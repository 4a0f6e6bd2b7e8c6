"""The partner directory's contacts as CSV for spreadsheets: semicolon-separated, UTF-8 with BOM, formula-safe."""

import csv
from collections.abc import Sequence
from io import StringIO

from kim_desktop.exchange.cell_safety import neutralise

HEADER = ("Organisation", "Art", "Ansprechperson", "Funktion", "Telefon", "E-Mail", "Straße", "PLZ", "Ort",
          "Telefon Organisation", "E-Mail Organisation", "BAMF-Trägernummer", "Vereinbarung seit",
          "Vereinbarung verlängert am")  # fmt: skip


def contacts_csv(rows: Sequence[Sequence[str]]) -> str:
    """The rows (cells in HEADER's order) as CSV text, with a BOM so Excel reads the umlauts."""
    out = StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for cells in rows:
        writer.writerow([neutralise(cell.replace("\r\n", " ").replace("\n", " ")) for cell in cells])
    return "\ufeff" + out.getvalue()
