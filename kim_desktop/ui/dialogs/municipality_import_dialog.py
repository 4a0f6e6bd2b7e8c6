"""Import of the official municipality list: pick the file, the county key, see the preview, then store it."""

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.i18n import _, ngettext, translate_text
from kim_desktop.services.database import DbSession
from kim_desktop.services.municipality_import import (
    MunicipalityImportOutcome,
    MunicipalityImportPreview,
    MunicipalityStatus,
    apply_municipality_import,
    preview_municipality_file,
)
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.operations import run_operation
from kim_desktop.ui.style import status_colours, text_style


class MunicipalityImportDialog(QDialog):
    """Choose a GV100AD or CSV file, filter by Kreisschlüssel, preview, import all or nothing."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.preview: MunicipalityImportPreview | None = None
        self.outcome: MunicipalityImportOutcome | None = None
        self.setWindowTitle(_("Gemeinden einlesen"))
        intro = QLabel(
            _(
                "Das amtliche Gemeindeverzeichnis (GV100AD, Statistisches Bundesamt) oder eine CSV-Datei mit den "
                "Spalten Gemeinde;PLZ;AGS. Mit dem Kreisschlüssel (z. B. 03459 für den Landkreis Osnabrück) werden "
                "nur die Gemeinden des eigenen Kreises übernommen. Erneutes Einlesen aktualisiert Namen und ergänzt "
                "neue Gemeinden, ohne doppelte anzulegen."
            )
        )
        intro.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("importFile")
        self.path_edit.setAccessibleName(_("Datei"))
        choose = QPushButton(_("Datei wählen …"))
        choose.setObjectName("chooseFile")
        choose.clicked.connect(self.choose_file)
        self.county_edit = QLineEdit()
        self.county_edit.setObjectName("countyKey")
        self.county_edit.setAccessibleName(_("Kreisschlüssel"))
        self.county_edit.setMaxLength(5)
        self.county_edit.setPlaceholderText(_("z. B. 03459 (leer: alle Gemeinden der Datei)"))
        self.check_button = QPushButton(_("Prüfen"))
        self.check_button.setObjectName("checkFile")
        self.check_button.clicked.connect(self.check)
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel(_("Datei:")))
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(choose)
        county_row = QHBoxLayout()
        county_row.addWidget(QLabel(_("Kreisschlüssel:")))
        county_row.addWidget(self.county_edit, 1)
        county_row.addWidget(self.check_button)
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setObjectName("importDetails")
        self.details.setAccessibleName(_("Vorschau"))
        self.details.setReadOnly(True)
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton(_("Einlesen"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importButton")
        self.import_button.setEnabled(False)
        close = buttons.addButton(_("Schließen"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setAutoDefault(False)
        self.import_button.clicked.connect(self.apply)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(file_row)
        layout.addLayout(county_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(680, 460)

    def choose_file(self) -> None:
        """Pick the file; the preview follows at once."""
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Gemeindeverzeichnis wählen"), "", _("Gemeindelisten (*.txt *.csv *.asc);;Alle Dateien (*)")
        )
        if name:
            self.path_edit.setText(name)
            self.check()

    def check(self) -> None:
        """Read the file in the background and show what importing it would do."""
        path_text = self.path_edit.text().strip()
        if not path_text:
            self._show_error(_("Bitte zuerst eine Datei wählen."))
            return
        path, county = Path(path_text), self.county_edit.text().strip() or None
        actor = self.ctx.actor
        self.import_button.setEnabled(False)

        def work(session: DbSession) -> MunicipalityImportPreview:
            return preview_municipality_file(session, path, county, actor=actor)

        run_operation(
            self.ctx, work, self._previewed, parent=self, label=_("Datei wird geprüft …"), errors=self._show_error
        )

    def _previewed(self, preview: MunicipalityImportPreview) -> None:
        self.preview = preview
        self.summary.setStyleSheet("")
        self.summary.setText(translate_text(preview.summary()))
        lines: list[str] = []
        for problem in preview.problems:
            message = translate_text(problem.message)
            lines.append(_("Zeile {line}: {problem}").format(line=problem.line, problem=message))
        if preview.skipped_other_counties:
            skipped = preview.skipped_other_counties
            lines.append(
                ngettext(
                    "{count} Gemeinde eines anderen Kreises ausgelassen.",
                    "{count} Gemeinden anderer Kreise ausgelassen.",
                    skipped,
                ).format(count=skipped)
            )
        labels = {
            MunicipalityStatus.NEW: _("neu"),
            MunicipalityStatus.CHANGED: _("geändert"),
            MunicipalityStatus.UNCHANGED: _("unverändert"),
        }
        for item in preview.items:
            extra = f" ({'; '.join(item.changes)})" if item.changes else ""
            postcodes = ", ".join(item.postcodes)
            lines.append(f"{labels[item.status]}: {item.name} {item.ags} {postcodes}{extra}".rstrip())
        self.details.setPlainText("\n".join(lines))
        if preview.problems:
            self.summary.setStyleSheet(text_style(status_colours().error, bold=True))
            self.summary.setText(
                self.summary.text() + "\n" + _("Nichts wird gespeichert, solange die Datei fehlerhafte Zeilen hat.")
            )
        new_or_changed = preview.count(MunicipalityStatus.NEW) + preview.count(MunicipalityStatus.CHANGED)
        self.import_button.setEnabled(not preview.problems and new_or_changed > 0)
        if self.import_button.isEnabled():
            self.import_button.setDefault(True)
            self.import_button.setFocus()

    def apply(self) -> None:
        """Store the previewed municipalities (one transaction)."""
        preview, actor = self.preview, self.ctx.actor
        if preview is None:
            return

        def work(session: DbSession) -> MunicipalityImportOutcome:
            return apply_municipality_import(session, preview, actor=actor)

        label = _("Gemeinden werden gespeichert …")
        run_operation(self.ctx, work, self._applied, parent=self, label=label, errors=self._show_error)

    def _applied(self, outcome: MunicipalityImportOutcome) -> None:
        self.outcome = outcome
        self.ctx.events.data_changed.emit(DataKind.NETWORK)
        self.accept()

    def _show_error(self, text: str) -> None:
        self.summary.setStyleSheet(text_style(status_colours().error, bold=True))
        self.summary.setText(text)
        self.import_button.setEnabled(False)
