"""Municipalities (Stammdaten): the list with people and locations in each; add, edit, merge, retire, import."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.i18n import _
from kim_desktop.services.database import DbSession
from kim_desktop.services.municipalities import (
    MergeOutcome,
    MunicipalityRow,
    list_municipality_rows,
    merge_municipalities,
    set_municipality_retired,
)
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.municipality_dialog import MunicipalityDialog
from kim_desktop.ui.dialogs.municipality_import_dialog import MunicipalityImportDialog
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.operations import run_operation
from kim_desktop.ui.style import status_colours, text_style
from kim_desktop.ui.widgets.list_table import list_table


class MunicipalitiesPanel(QWidget):
    """The office's municipalities; every change is one use case on the worker, then the list reloads."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: list[MunicipalityRow] = []
        headers = [_("Gemeinde"), _("Postleitzahlen"), _("AGS"), _("Personen"), _("Kursorte"), _("Status")]
        self.table = list_table("municipalitiesTable", _("Gemeinden"), headers)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.import_button = QPushButton(_("Gemeindeverzeichnis einlesen …"))
        self.import_button.setObjectName("importMunicipalities")
        self.new_button = QPushButton(_("Neue Gemeinde …"))
        self.new_button.setObjectName("newMunicipality")
        self.edit_button = QPushButton(_("Bearbeiten …"))
        self.edit_button.setObjectName("editMunicipality")
        self.merge_button = QPushButton(_("Zusammenführen …"))
        self.merge_button.setObjectName("mergeMunicipality")
        self.retire_button = QPushButton(_("Ausblenden"))
        self.retire_button.setObjectName("retireMunicipality")
        self.import_button.clicked.connect(self.open_import)
        self.new_button.clicked.connect(lambda: self.open_form(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.merge_button.clicked.connect(self.ask_merge)
        self.retire_button.clicked.connect(self.toggle_retired)
        buttons = QHBoxLayout()
        for button in (self.import_button, self.new_button, self.edit_button, self.merge_button, self.retire_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.status = QLabel()
        self.status.setObjectName("municipalitiesStatus")
        self.status.setWordWrap(True)
        self.message = QLabel()  # the outcome of the last action (merge, error), kept across reloads
        self.message.setObjectName("municipalitiesMessage")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.message)
        self._update_buttons()
        ctx.events.data_changed.connect(self._on_data_changed)

    def reload(self) -> None:
        """Load the list in the background."""

        def work(session: DbSession) -> list[MunicipalityRow]:
            return list_municipality_rows(session)

        run_operation(self.ctx, work, self._loaded, errors=self._failed)

    def _loaded(self, rows: list[MunicipalityRow]) -> None:
        selected = self.selected()
        self.rows = rows
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            status = _("ausgeblendet") if row.retired else (_("Stadt") if row.is_town else "")
            cells = (row.name, ", ".join(row.postcodes), row.ags, str(row.people), str(row.locations), status)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (3, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(index, column, item)
        self.table.resizeColumnsToContents()
        active = sum(1 for row in rows if not row.retired)
        if not rows:
            self.status.setText(
                _("Noch keine Gemeinden. Ohne Gemeinden kann keine Person angelegt werden: bitte das "
                  "Gemeindeverzeichnis einlesen oder Gemeinden einzeln anlegen.")
            )  # fmt: skip
            self.status.setStyleSheet(text_style(status_colours().error))
        else:
            self.status.setText(_("{active} Gemeinden, {retired} ausgeblendet.").format(
                active=active, retired=len(rows) - active))  # fmt: skip
            self.status.setStyleSheet("")
        if selected is not None:
            self.select(selected.id)
        self._update_buttons()

    def selected(self) -> MunicipalityRow | None:
        """The municipality of the selected row."""
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) and self.table.selectedItems() else None

    def select(self, municipality_id: int) -> None:
        """Select a municipality by id (e.g. after saving it)."""
        for index, row in enumerate(self.rows):
            if row.id == municipality_id:
                self.table.selectRow(index)
                return

    def _update_buttons(self) -> None:
        row = self.selected()
        for button in (self.edit_button, self.merge_button, self.retire_button):
            button.setEnabled(row is not None)
        self.merge_button.setEnabled(row is not None and len(self.rows) > 1)
        self.retire_button.setText(_("Wieder anzeigen") if row is not None and row.retired else _("Ausblenden"))

    def open_import(self) -> MunicipalityImportDialog:
        """The import dialog (non-blocking); the list reloads after an import."""
        dialog = MunicipalityImportDialog(self.ctx, self)
        dialog.open()
        return dialog

    def open_form(self, row: MunicipalityRow | None) -> MunicipalityDialog:
        """The form for a new or an existing municipality (non-blocking)."""
        dialog = MunicipalityDialog(self.ctx, row, self)
        dialog.accepted.connect(lambda: self.select(dialog.saved_id or 0))
        dialog.open()
        return dialog

    def edit_selected(self) -> None:
        """Open the selected municipality's form."""
        row = self.selected()
        if row is not None:
            self.open_form(row)

    def ask_merge(self) -> None:
        """Ask which municipality the selected one merges into, confirm with what moves, then merge."""
        row = self.selected()
        if row is None:
            return
        others = [other for other in self.rows if other.id != row.id]
        labels = [f"{other.name} ({other.ags})" if other.ags else other.name for other in others]
        label, chosen = QInputDialog.getItem(
            self, _("Gemeinden zusammenführen"),
            _("„{name}“ wird aufgelöst. In welche Gemeinde sollen Personen, Kursorte und Warteliste wechseln?").format(
                name=row.name),
            labels, 0, False,
        )  # fmt: skip
        if not chosen:
            return
        target = others[labels.index(label)]
        answer = QMessageBox.question(
            self, _("Gemeinden zusammenführen"),
            _("{people} Personen und {locations} Kursorte wechseln von „{source}“ nach „{target}“; „{source}“ wird "
              "gelöscht. Fortfahren?").format(people=row.people, locations=row.locations, source=row.name,
                                               target=target.name),
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            self.merge_into(row.id, target.id)

    def merge_into(self, removed_id: int, kept_id: int) -> None:
        """Merge two municipalities in the background (one transaction) and say what moved."""
        actor = self.ctx.actor

        def work(session: DbSession) -> MergeOutcome:
            return merge_municipalities(session, removed_id, kept_id, actor=actor)

        def done(outcome: MergeOutcome) -> None:
            self.ctx.events.data_changed.emit(DataKind.ALL)  # people's municipality changed too
            self.message.setStyleSheet("")
            self.message.setText(
                _("„{removed}“ in „{kept}“ zusammengeführt: {people} Personen, {locations} Kursorte, {waiting} "
                  "Wartelisteneinträge übernommen.").format(removed=outcome.removed, kept=outcome.kept,
                                                           people=outcome.people, locations=outcome.locations,
                                                           waiting=outcome.waiting)
            )  # fmt: skip

        run_operation(
            self.ctx, work, done, parent=self, label=_("Gemeinden werden zusammengeführt …"), errors=self._failed
        )

    def toggle_retired(self) -> None:
        """Retire the selected municipality (old records keep it) or bring it back."""
        row = self.selected()
        if row is None:
            return
        actor, retire = self.ctx.actor, not row.retired

        def work(session: DbSession) -> None:
            set_municipality_retired(session, row.id, retire, actor=actor)

        run_operation(self.ctx, work, lambda _r: None, changed=DataKind.NETWORK, errors=self._failed)

    def _on_data_changed(self, kind: str) -> None:
        if kind in (DataKind.NETWORK, DataKind.ALL, DataKind.PEOPLE):
            self.reload()

    def _failed(self, message: str) -> None:
        self.message.setText(message)
        self.message.setStyleSheet(text_style(status_colours().error))
