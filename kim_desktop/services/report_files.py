"""The KIM report for the screens: its tables as plain data, its files (PDF, Excel, CSV), merging exchange files."""

from pathlib import Path

from kim_desktop.documents.kim_report_tables import Chart as Chart
from kim_desktop.documents.kim_report_tables import Section as Section
from kim_desktop.documents.kim_report_tables import Table as Table
from kim_desktop.documents.kim_report_tables import report_heading as report_heading
from kim_desktop.documents.kim_report_tables import report_sections as report_sections
from kim_desktop.documents.kim_report_tables import unfinished_note as unfinished_note
from kim_desktop.domain.errors import KimError
from kim_desktop.domain.report_figures import KimReport
from kim_desktop.domain.text import N_, Text


def write_report_pdf(report: KimReport, path: Path) -> None:
    """The report as a PDF file."""
    from kim_desktop.documents.kim_report_pdf import write_kim_report_pdf

    write_kim_report_pdf(report, path)


def write_report_xlsx(report: KimReport, path: Path) -> None:
    """The report's tables as an Excel workbook (the one table writer, formula-safe)."""
    from kim_desktop.exchange.report_sheets import write_report_xlsx as write

    write(report_sections(report), report_heading(report), unfinished_note(report), path)


def write_report_csv(report: KimReport, folder: Path) -> list[Path]:
    """The report's tables as one CSV file each, in a folder; returns the files written."""
    from kim_desktop.exchange.report_sheets import write_report_csv as write

    return write(report_sections(report), unfinished_note(report), folder)


def merge_report_files(paths: list[Path]) -> KimReport:
    """Several offices' exchange files read and merged into the network's report; KimError when they do not fit."""
    from kim_desktop.domain.report_merge import ReportsDoNotFit, merge_reports
    from kim_desktop.exchange.report_json import read_report_json

    try:
        return merge_reports([read_report_json(p) for p in paths])
    except ReportsDoNotFit as exc:
        raise KimError(
            Text(N_("Die Dateien verwenden unterschiedliche Zielwerte (Wochen bis Kursbeginn, Anmeldefrist)."))
        ) from exc
