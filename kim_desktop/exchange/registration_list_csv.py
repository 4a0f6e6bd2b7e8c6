"""The registration list (Anmeldeliste) as CSV for the provider: semicolon-separated, UTF-8 with BOM for Excel."""

from collections.abc import Sequence

from kim_desktop.exchange.spreadsheets import csv_text


def registration_list_csv(headers: Sequence[str], rows: Sequence[Sequence[str]], footer: str = "") -> str:
    """The list as CSV text: a numbered line per person; people without a consent only in the footer's count."""
    lines: list[list[str]] = [[str(number), *(cell.replace("\n", ", ") for cell in cells)] for number, cells in
                              enumerate(rows, start=1)]  # fmt: skip
    if footer:
        lines.append(["", footer])
    return csv_text(headers, lines)
