"""The review list: every consent recorded as free text, which covers nothing until an advisor assigns a purpose."""

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.domain.access import Action
from kim_desktop.i18n import N_, _
from kim_desktop.services.database import DbSession
from kim_desktop.services.privacy import ReviewItem, list_consents_to_review
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.assign_purpose_dialog import AssignPurposeDialog
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.locale_format import format_date
from kim_desktop.ui.operations import in_error_colour, run_operation
from kim_desktop.ui.widgets.list_table import list_table

HEADERS = (N_("Person"), N_("Geburtsdatum"), N_("Zweck (Text)"), N_("Daten (Text)"), N_("An wen"), N_("Erteilt"))


class ConsentReviewDialog(QDialog):
    """Table of consents without purpose, oldest first; "Zweck zuordnen …" opens the assignment for the selected one."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.items: list[ReviewItem] = []
        self.assign_dialog: AssignPurposeDialog | None = None
        self.setWindowTitle(_("Prüfliste: Einwilligungen ohne Zweck"))
        hint = QLabel(_(
            "Diese Einwilligungen wurden als freier Text erfasst. Bis ein Zweck zugeordnet ist, gelten sie für "
            "nichts: Die Personen stehen auf keiner Anmeldeliste und in keiner Weitergabe."
        ))  # fmt: skip
        hint.setWordWrap(True)
        self.table = list_table("consentReviewTable", _("Einwilligungen ohne Zweck"), [_(h) for h in HEADERS])
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.assign())
        self.message = QLabel()
        self.message.setObjectName("consentReviewMessage")
        self.message.setWordWrap(True)
        self.assign_button = QPushButton(_("Zweck zuordnen …"))
        self.assign_button.setObjectName("assignPurpose")
        self.assign_button.clicked.connect(self.assign)
        self.assign_button.setVisible(ctx.shows(Action.EDIT_CASES))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.assign_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self.resize(900, 420)
        self._selection_changed()
        self.reload()

    def reload(self) -> None:
        """Read the review list in the background."""
        ctx = self.ctx

        def work(session: DbSession) -> list[ReviewItem]:
            return list_consents_to_review(session, ctx.actor)

        run_operation(ctx, work, self._show, parent=self, errors=in_error_colour(self.message))

    def _show(self, items: list[ReviewItem]) -> None:
        self.items = items
        self.table.setRowCount(len(items))
        for index, item in enumerate(items):
            consent = item.consent
            values = (
                item.person_name, format_date(item.birth_date), consent.purpose_text, consent.data_text,
                ", ".join(consent.recipients), format_date(consent.given_on),
            )  # fmt: skip
            for column, text in enumerate(values):
                self.table.setItem(index, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.message.setText(_("Keine Einwilligung ohne Zweck.") if not items else "")
        self._selection_changed()

    def selected(self) -> ReviewItem | None:
        """The review item of the selected row."""
        model = self.table.selectionModel()
        index = self.table.currentRow()
        return self.items[index] if model and model.selectedRows() and 0 <= index < len(self.items) else None

    def _selection_changed(self) -> None:
        self.assign_button.setEnabled(self.selected() is not None)

    def assign(self) -> AssignPurposeDialog | None:
        """Open the assignment for the selected consent (non-blocking); the list shrinks after saving."""
        item = self.selected()
        if item is None or not self.ctx.shows(Action.EDIT_CASES):
            return None
        dialog = AssignPurposeDialog(self.ctx, item.consent, self)
        dialog.accepted.connect(self._assigned)
        dialog.open()
        self.assign_dialog = dialog
        return dialog

    def _assigned(self) -> None:
        self.ctx.events.data_changed.emit(DataKind.PEOPLE)
        self.reload()
