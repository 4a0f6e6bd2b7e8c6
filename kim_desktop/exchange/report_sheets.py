"""The KIM report's tables as CSV files (one per table) and as one XLSX workbook (one sheet per section)."""

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from kim_desktop.exchange.spreadsheets import XlsxBook, write_csv


class ReportTable(Protocol):
    """A table of the report as printed: texts only, secret counts already replaced by their mark."""

    @property
    def title(self) -> str: ...
    @property
    def header(self) -> tuple[str, ...]: ...
    @property
    def rows(self) -> tuple[tuple[str, ...], ...]: ...


class ReportSection(Protocol):
    """A chapter of the report: its title, lines of text and tables."""

    @property
    def title(self) -> str: ...
    @property
    def lines(self) -> tuple[str, ...]: ...
    @property
    def tables(self) -> Sequence[ReportTable]: ...


def _slug(text: str) -> str:
    folded = text.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        folded = folded.replace(umlaut, plain)
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_")[:60]


def write_report_csv(sections: Sequence[ReportSection], provisional: str, folder: Path) -> list[Path]:
    """One semicolon-separated UTF-8 (with BOM, for Excel) file per table; returns the files written.

    A report of a period that had not ended yet (`provisional` says so) starts every file with that line.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    number = 0
    for section in sections:
        for table in section.tables:
            number += 1
            path = folder / f"{number:02d}_{_slug(table.title)}.csv"
            write_csv(path, table.header, table.rows, lead=(provisional,) if provisional else ())
            written.append(path)
    return written


def write_report_xlsx(
    sections: Sequence[ReportSection], heading: tuple[str, str], provisional: str, path: Path
) -> None:
    """A workbook with a cover sheet and one sheet per section, its tables one below the other."""
    book = XlsxBook()
    title, line = heading
    book.sheet("Bericht")
    book.row([title], bold=True, size=14)
    if provisional:
        book.row([provisional], bold=True, colour="A1260D")
    book.row([line])
    used = {"Bericht"}
    for section in sections:
        name = section.title[:31]
        while name in used:
            name = name[:28] + f" {len(used)}"
        used.add(name)
        book.sheet(name)
        book.row([section.title + (" – " + provisional if provisional else "")], bold=True, size=13)
        for text in section.lines:
            book.row([text])
        for table in section.tables:
            book.row()
            book.row([table.title], bold=True)
            book.table(table.header, table.rows)
        book.widths([42, *([16] * 7)])
    book.save(path)
