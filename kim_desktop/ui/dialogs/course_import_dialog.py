"""Import preview of a provider's course list: every row with its status and reason; "Übernehmen" writes it all."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.domain.errors import KimError
from kim_desktop.i18n import _, error_text, translate_text
from kim_desktop.services.course_import import (
    STATUS_LABELS,
    ImportItem,
    ImportOutcome,
    ImportPreview,
    ImportStatus,
    apply_course_import,
    preview_course_file,
)
from kim_desktop.services.database import DbSession
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.models.import_preview_model import ImportPreviewModel, item_cells
from kim_desktop.ui.operations import in_session
from kim_desktop.ui.style import status_colours, text_style


class CourseImportDialog(QDialog):
    """Reads the file in the background, shows the preview, and writes only after "Übernehmen"."""

    def __init__(self, ctx: UiContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path = path
        self.preview: ImportPreview | None = None
        self.outcome: ImportOutcome | None = None
        # Asked before an import that cancels referrals is written (tests replace it; a dialog never exec()s there).
        self.confirm_consequences: Callable[[list[str]], bool] = self._ask_consequences
        self.setWindowTitle(_("Kursangebote importieren: {name}").format(name=path.name))
        self.resize(1000, 600)
        self.summary_label = QLabel(_("Datei wird gelesen …"))
        self.summary_label.setObjectName("summaryLabel")
        self.summary_label.setWordWrap(True)
        self.status_filter = QComboBox()
        self.status_filter.addItem(_("Alle Zeilen"), None)
        for status in ImportStatus:
            self.status_filter.addItem(translate_text(STATUS_LABELS[status]), status.value)
        self.status_filter.currentIndexChanged.connect(self._fill_table)
        self.skip_rejected = QCheckBox(_("Abgelehnte Zeilen auslassen und den Rest übernehmen"))
        self.skip_rejected.toggled.connect(self._update_button)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(_("Anzeigen:")))
        filters.addWidget(self.status_filter)
        filters.addStretch(1)
        filters.addWidget(self.skip_rejected)
        self.model = ImportPreviewModel()
        self.table = QTableView()
        self.table.setObjectName("previewTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.setColumnWidth(0, 60)
        self.table.setColumnWidth(1, 100)
        self.table.setColumnWidth(2, 380)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.apply_button = QPushButton(_("Übernehmen"))
        self.apply_button.setObjectName("applyButton")
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.load()

    def load(self) -> None:
        """Read the file and compare it with the catalogue (nothing is written)."""
        path = self.path

        def work(session: DbSession) -> ImportPreview:
            return preview_course_file(session, path)

        self.ctx.tasks.run(
            in_session(self.ctx, work), self._show, self._failed, label=_("Datei wird geprüft …"), parent=self
        )

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, KimError):
            raise exc
        self.summary_label.setText(_("Die Datei kann nicht übernommen werden: {why}").format(why=error_text(exc)))
        self.summary_label.setStyleSheet(text_style(status_colours().error))
        self.apply_button.setEnabled(False)

    def _show(self, preview: ImportPreview) -> None:
        self.preview = preview
        text = _("Vorschau – noch nichts gespeichert: {summary}.").format(summary=translate_text(preview.summary()))
        if preview.count(ImportStatus.REJECTED):
            text += " " + _("Abgelehnte Zeilen nennen Zeile und Spalte; ohne sie wird nichts übernommen.")
        if consequences := preview.consequences():
            lines = "\n".join(translate_text(line) for line in consequences)
            text += "\n" + _("Die Übernahme ändert mehr als die Kurse:") + "\n" + lines
        self.summary_label.setText(text)
        self._fill_table()
        self._update_button()

    def visible_items(self) -> list[tuple[int, str, str, str]]:
        """(row, status, course, details) of the rows the table shows."""
        if self.preview is None:
            return []
        wanted = self.status_filter.currentData()
        return [(i.row, *self._cells(i)) for i in self.preview.items if wanted is None or i.status.value == wanted]

    @staticmethod
    def _cells(item: ImportItem) -> tuple[str, str, str]:
        """Status, course and details of a preview row in the UI language."""
        return item_cells(item)

    def _fill_table(self) -> None:
        if self.preview is None:
            return
        wanted = self.status_filter.currentData()
        items = [i for i in self.preview.items if wanted is None or i.status.value == wanted]
        self.model.set_items(items)
        if len(items) <= 500:
            self.table.resizeRowsToContents()

    def _update_button(self) -> None:
        preview = self.preview
        if preview is None:
            self.apply_button.setEnabled(False)
            return
        writes = preview.count(ImportStatus.NEW) + preview.count(ImportStatus.CHANGED)
        blocked = preview.count(ImportStatus.REJECTED) > 0 and not self.skip_rejected.isChecked()
        self.apply_button.setEnabled(writes > 0 and not blocked)

    def apply(self) -> None:
        """Write all new and changed courses in one transaction."""
        preview = self.preview
        if preview is None:
            return
        skip = self.skip_rejected.isChecked()
        consequences = [translate_text(line) for line in preview.consequences()]
        if consequences and not self.confirm_consequences(consequences):
            return
        confirmed = bool(consequences)
        actor = self.ctx.actor

        def work(session: DbSession) -> ImportOutcome:
            return apply_course_import(session, preview, skip_rejected=skip, confirmed=confirmed, actor=actor)

        self.apply_button.setEnabled(False)
        self.ctx.tasks.run(
            in_session(self.ctx, work), self._applied, self._failed, label=_("Kurse werden gespeichert …"), parent=self
        )

    def _ask_consequences(self, consequences: list[str]) -> bool:
        """Whether the advisor really wants the import that cancels referrals (default: no)."""
        answer = QMessageBox.question(
            self,
            _("Übernahme bestätigen"),
            _("Die Übernahme ändert mehr als die Kurse:") + "\n\n" + "\n".join(consequences) + "\n\n"
            + _("Trotzdem übernehmen?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )  # fmt: skip
        return answer == QMessageBox.StandardButton.Yes

    def _applied(self, outcome: ImportOutcome) -> None:
        self.outcome = outcome
        text = _("Übernommen: {c} neue und {u} geänderte Kurse ({n} unverändert).").format(
            c=outcome.created, u=outcome.updated, n=outcome.unchanged
        )
        if outcome.referrals_cancelled:
            text += " " + _("Stornierte Vermittlungen: {count}.").format(count=outcome.referrals_cancelled)
        self.summary_label.setText(text)
        self.ctx.events.data_changed.emit(DataKind.COURSES)
        if outcome.referrals_cancelled:
            self.ctx.events.data_changed.emit(DataKind.REFERRALS)
