"""The Berichte page: choose a period, compute the anonymised KIM report, see it with charts, save or merge files."""

from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.domain.access import Action
from kim_desktop.domain.report_figures import KimReport, parse_period, recent_quarters
from kim_desktop.i18n import _
from kim_desktop.services.database import DbSession
from kim_desktop.services.report_files import (
    Section,
    merge_report_files,
    report_heading,
    report_sections,
    unfinished_note,
    write_report_csv,
    write_report_pdf,
    write_report_xlsx,
)
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.operations import run_operation, run_task
from kim_desktop.ui.style import status_colours, text_style
from kim_desktop.ui.widgets.optional_date_edit import DateEdit
from kim_desktop.ui.widgets.report_view import ReportView

QUARTERS_OFFERED = 9  # the running quarter and the eight before it
SaveFunction = Callable[[Path], None]
WriteFunction = Callable[[DbSession, KimReport, Path], object]


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    return button


def quarter_text(code: str) -> str:
    """A quarter code such as 2026Q3 as "3. Quartal 2026"."""
    year, quarter = code.split("Q")
    return _("{q}. Quartal {y}").format(q=quarter, y=year)


class ReportsPage(QWidget):
    """Period choice, the report as tabs with charts and tables, and the buttons that save it."""

    def __init__(self, ctx: UiContext, today: date | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.today = today or date.today()
        self.report: KimReport | None = None
        heading = QLabel(_("Berichte"))
        heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.by_quarter = QRadioButton(_("Quartal"))
        self.by_range = QRadioButton(_("Zeitraum von"))
        group = QButtonGroup(self)
        group.addButton(self.by_quarter)
        group.addButton(self.by_range)
        self.by_quarter.setChecked(True)
        self.quarter = QComboBox()
        self.quarter.setObjectName("quarterChoice")
        for index, code in enumerate(recent_quarters(self.today, QUARTERS_OFFERED)):
            self.quarter.addItem(quarter_text(code) + (_(" (laufend)") if index == 0 else ""), code)
        self.quarter.setCurrentIndex(1)  # the last complete quarter
        start, end = parse_period(self.quarter.currentData())
        self.start = DateEdit(start)
        self.start.setObjectName("periodStart")
        self.end = DateEdit(end)
        self.end.setObjectName("periodEnd")
        self.by_quarter.toggled.connect(self._mode_changed)
        self.quarter.currentIndexChanged.connect(self._quarter_changed)
        self.create_button = _button(_("Bericht erstellen"), "createReport")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.create_report)
        period = QHBoxLayout()
        for widget in (self.by_quarter, self.quarter, self.by_range, self.start, QLabel(_("bis")), self.end):
            period.addWidget(widget)
        period.addSpacing(12)
        period.addWidget(self.create_button)
        period.addStretch(1)

        self.pdf_button = _button(_("Als PDF speichern"), "savePdf")
        self.csv_button = _button(_("Tabellen (CSV) speichern"), "saveCsv")
        self.xlsx_button = _button(_("Als Excel speichern"), "saveXlsx")
        self.json_button = _button(_("Austauschdatei (JSON, exakte Zahlen) speichern"), "saveJson")
        self.json_button.setToolTip(
            _("Enthält die Fallzahlen ungekürzt (für das Zusammenführen im Netzwerk): nur für Administratoren.")
        )
        self.merge_button = _button(_("Dateien zusammenführen …"), "mergeFiles")
        self.pdf_button.clicked.connect(lambda: self._ask_file(_("PDF (*.pdf)"), _("kim-bericht.pdf"), self.save_pdf))
        self.xlsx_button.clicked.connect(
            lambda: self._ask_file(_("Excel (*.xlsx)"), _("kim-bericht.xlsx"), self.save_xlsx)
        )
        self.json_button.clicked.connect(
            lambda: self._ask_file(_("Austauschdatei (*.json)"), _("kim-bericht.json"), self.save_json)
        )
        self.csv_button.clicked.connect(self._ask_folder)
        self.merge_button.clicked.connect(self._ask_merge)
        saving = QHBoxLayout()
        for button in (self.pdf_button, self.csv_button, self.xlsx_button, self.json_button):
            saving.addWidget(button)
        saving.addStretch(1)
        saving.addWidget(self.merge_button)

        self.title_label = QLabel(_("Zeitraum wählen und „Bericht erstellen“ klicken."))
        self.title_label.setObjectName("reportTitle")
        self.title_label.setWordWrap(True)
        self.message_label = QLabel()
        self.message_label.setObjectName("messageLabel")
        self.message_label.setWordWrap(True)
        self.view = ReportView()
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(period)
        layout.addLayout(saving)
        layout.addWidget(self.title_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message_label)
        self._mode_changed()
        self._update_buttons()

    # --- period -----------------------------------------------------------------------------------------

    def _mode_changed(self) -> None:
        quarter = self.by_quarter.isChecked()
        self.quarter.setEnabled(quarter)
        self.start.setEnabled(not quarter)
        self.end.setEnabled(not quarter)

    def _quarter_changed(self) -> None:
        start, end = parse_period(self.quarter.currentData())
        self.start.set_value(start)
        self.end.set_value(end)

    def period(self) -> tuple[date, date]:
        """The chosen first and last day."""
        if self.by_quarter.isChecked():
            return parse_period(self.quarter.currentData())
        return self.start.value(), self.end.value()

    # --- computing and showing --------------------------------------------------------------------------

    def create_report(self) -> None:
        """Compute the report for the chosen period in the background and show it."""
        start, end = self.period()
        if end < start:
            self._show_message(_("Das Ende des Zeitraums liegt vor dem Anfang."), error=True)
            return
        office, today = self.ctx.settings.office.name, self.today

        actor = self.ctx.actor

        def work(session: DbSession) -> tuple[KimReport, list[Section]]:
            from kim_desktop.services.kim_report import compute_kim_report

            report = compute_kim_report(session, start, end, office=office, today=today, actor=actor)
            return report, report_sections(report)  # the tables' text is prepared in the worker too

        run_operation(
            self.ctx, work, lambda done: self.show_report(*done), parent=self, label=_("Bericht wird berechnet …"),
            errors=self._failed, expected=(ValueError,),
        )  # fmt: skip

    def show_report(self, report: KimReport, sections: list[Section] | None = None) -> None:
        """Show a computed or merged report."""
        self.report = report
        title, line = report_heading(report)
        provisional = unfinished_note(report)
        style = text_style(status_colours().error)
        warning = f"<br><b style='{style}'>{escape(provisional)}</b>" if provisional else ""
        self.title_label.setText(f"<b>{escape(title)}</b>{warning}<br>{escape(line)}")
        self.view.show_sections(report_sections(report) if sections is None else sections)
        self._show_message("")
        self._update_buttons()

    def _update_buttons(self) -> None:
        for button in (self.pdf_button, self.csv_button, self.xlsx_button):
            button.setEnabled(self.report is not None)
        self.json_button.setEnabled(self.report is not None and self.ctx.shows(Action.EXPORT_EXACT_REPORT))

    def _show_message(self, text: str, error: bool = False) -> None:
        self.message_label.setStyleSheet(text_style(status_colours().error) if error else "")
        self.message_label.setText(text)

    def _failed(self, message: str) -> None:
        self._show_message(message, error=True)

    # --- saving and merging -----------------------------------------------------------------------------

    def _ask_file(self, pattern: str, default: str, save: SaveFunction) -> None:
        name, _filter = QFileDialog.getSaveFileName(self, _("Bericht speichern"), default, pattern)
        if name:
            save(Path(name))

    def _ask_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Ordner für die CSV-Tabellen"))
        if folder:
            self.save_csv(Path(folder))

    def _save(self, what: str, write: WriteFunction, path: Path) -> None:
        report = self.report
        if report is None:
            return

        def work(session: DbSession) -> Path:
            write(session, report, path)
            return path

        run_operation(
            self.ctx, work, lambda p: self._show_message(_("{what} gespeichert: {p}").format(what=what, p=p)),
            parent=self, label=_("Wird gespeichert …"), errors=self._failed, expected=(ValueError, OSError),
        )  # fmt: skip

    def save_pdf(self, path: Path) -> None:
        """Write the report as PDF."""
        self._save(_("Bericht (PDF)"), lambda _session, report, path: write_report_pdf(report, path), path)

    def save_xlsx(self, path: Path) -> None:
        """Write the tables as an Excel workbook."""
        self._save(_("Tabellen (Excel)"), lambda _session, report, path: write_report_xlsx(report, path), path)

    def save_csv(self, folder: Path) -> None:
        """Write one CSV file per table into a folder."""
        self._save(_("CSV-Tabellen"), lambda _session, report, path: write_report_csv(report, path), folder)

    def save_json(self, path: Path) -> None:
        """Write the exchange file for the network (exact counts: the service lets only administrators)."""
        actor = self.ctx.actor

        def write(session: DbSession, report: KimReport, target: Path) -> None:
            from kim_desktop.services.kim_report import export_report_json

            export_report_json(session, report, target, actor=actor)

        self._save(_("Austauschdatei"), write, path)

    def _ask_merge(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, _("Austauschdateien zusammenführen"), "", _("Austauschdateien (*.json)")
        )
        if names:
            self.merge_files([Path(n) for n in names])

    def merge_files(self, paths: list[Path]) -> None:
        """Read several offices' exchange files, merge them and show the network report."""

        def work() -> tuple[KimReport, list[Section]]:
            merged = merge_report_files(paths)
            return merged, report_sections(merged)

        def done(result: tuple[KimReport, list[Section]]) -> None:
            self.show_report(*result)
            self._show_message(_("{n} Dateien zusammengeführt.").format(n=len(paths)))

        run_task(
            self.ctx, work, done, parent=self, label=_("Dateien werden gelesen …"), errors=self._failed,
            expected=(ValueError,),
        )  # fmt: skip
