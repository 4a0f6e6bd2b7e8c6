"""The partner directory's contacts as CSV for spreadsheets: semicolon-separated, UTF-8 with BOM, formula-safe."""

from collections.abc import Sequence

from kim_desktop.exchange.spreadsheets import csv_text

HEADER = ("Organisation", "Art", "Ansprechperson", "Funktion", "Telefon", "E-Mail", "Straße", "PLZ", "Ort",
          "Telefon Organisation", "E-Mail Organisation", "BAMF-Trägernummer", "Vereinbarung seit",
          "Vereinbarung verlängert am")  # fmt: skip


def contacts_csv(rows: Sequence[Sequence[str]]) -> str:
    """The rows (cells in HEADER's order) as CSV text, with a BOM so Excel reads the umlauts."""
    return csv_text(HEADER, ([cell.replace("\r\n", " ").replace("\n", " ") for cell in cells] for cells in rows))
