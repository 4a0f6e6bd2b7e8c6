"""The KIM report's tables as CSV files (one per table) and as one XLSX workbook (one sheet per section)."""

import csv
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from kim_desktop.documents.kim_report_tables import Section, report_heading, report_sections, unfinished_note
from kim_desktop.domain.cell_safety import neutralise
from kim_desktop.domain.report_figures import KimReport

safe_cell = neutralise  # the one formula guard (domain/cell_safety.py) for every export


def _slug(text: str) -> str:
    folded = text.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        folded = folded.replace(umlaut, plain)
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_")[:60]


def write_report_csv(report: KimReport, folder: Path) -> list[Path]:
    """One semicolon-separated UTF-8 (with BOM, for Excel) file per table; returns the files written.

    A report of a period that had not ended yet starts every file with a line saying so (above the header).
    """
    folder.mkdir(parents=True, exist_ok=True)
    provisional = unfinished_note(report)
    written = []
    number = 0
    for section in report_sections(report):
        for table in section.tables:
            number += 1
            path = folder / f"{number:02d}_{_slug(table.title)}.csv"
            with path.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle, delimiter=";")
                if provisional:
                    writer.writerow([safe_cell(provisional)])
                writer.writerow([safe_cell(h) for h in table.header])
                writer.writerows([safe_cell(v) for v in row] for row in table.rows)
            written.append(path)
    return written


def _sheet_title(section: Section, used: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", " ", section.title)[:31]
    while title in used:
        title = title[:28] + f" {len(used)}"
    used.add(title)
    return title


def write_report_xlsx(report: KimReport, path: Path) -> None:
    """A workbook with a cover sheet and one sheet per section, its tables one below the other."""
    book = Workbook()
    cover = book.active
    assert cover is not None  # a new workbook has one sheet
    title, line = report_heading(report)
    cover.title = "Bericht"
    cover.append([safe_cell(title)])
    provisional = unfinished_note(report)
    if provisional:
        cover.append([safe_cell(provisional)])
        cover["A2"].font = Font(bold=True, color="A1260D")
    cover.append([safe_cell(line)])
    cover["A1"].font = Font(bold=True, size=14)
    used = {"Bericht"}
    for section in report_sections(report):
        sheet = book.create_sheet(_sheet_title(section, used))
        sheet.append([safe_cell(section.title + (" – " + provisional if provisional else ""))])
        sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
        for text in section.lines:
            sheet.append([safe_cell(text)])
        for table in section.tables:
            sheet.append([])
            sheet.append([safe_cell(table.title)])
            sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
            sheet.append([safe_cell(h) for h in table.header])
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
            for row in table.rows:
                sheet.append([safe_cell(v) for v in row])
        sheet.column_dimensions["A"].width = 42
        for letter in "BCDEFGH":
            sheet.column_dimensions[letter].width = 16
    book.save(path)
