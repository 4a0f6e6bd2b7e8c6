"""The consents section of the case view: the person's consents, record, assign a purpose, revoke, print the form."""

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.domain.access import Action
from kim_desktop.domain.enums import ConsentMethod
from kim_desktop.i18n import N_, _, ngettext
from kim_desktop.services.consent_form import ConsentFormRequest
from kim_desktop.services.database import DbSession
from kim_desktop.services.privacy import ConsentRow, list_consents
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.assign_purpose_dialog import AssignPurposeDialog
from kim_desktop.ui.dialogs.consent_dialog import ConsentDialog, method_label, open_consent_form
from kim_desktop.ui.dialogs.document_preview_dialog import DocumentPreviewDialog
from kim_desktop.ui.dialogs.revoke_consent_dialog import RevokeConsentDialog
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.locale_format import format_date
from kim_desktop.ui.operations import in_error_colour, run_operation
from kim_desktop.ui.style import status_colours
from kim_desktop.ui.widgets.consent_scope_fields import data_label, purpose_label
from kim_desktop.ui.widgets.list_table import list_table

MAX_COLUMN_WIDTH = 280
HEADERS = (N_("Zweck"), N_("Welche Daten"), N_("An wen"), N_("Erteilt"), N_("Gültig bis"), N_("Widerrufen am"))


def with_text(label: str, typed: str) -> str:
    """The structured value, then the advisor's own words in brackets."""
    return f"{label} ({typed})" if typed and label else (label or typed)


def given_text(row: ConsentRow) -> str:
    """'02.03.2026, unterschriebenes Formular' or '…, mündlich, mit Zeugin/Zeuge (Name)'."""
    text = f"{format_date(row.given_on)}, {method_label(row.method)}"
    if row.method == ConsentMethod.VERBAL_WITNESSED and row.witness:
        text += f" ({row.witness})"
    return text


class ConsentsSection(QWidget):
    """Table of consents (revoked ones too) with the buttons the role may use."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.person_id: int | None = None
        self.rows: list[ConsentRow] = []
        self.dialog: ConsentDialog | None = None  # the last one opened
        self.revoke_dialog: RevokeConsentDialog | None = None
        self.preview: DocumentPreviewDialog | None = None  # the form opened last
        heading = QLabel(_("Einwilligungen"))
        heading.setStyleSheet("font-weight: bold;")
        self.table = list_table("consentsTable", _("Einwilligungen"), [_(h) for h in HEADERS])
        self.table.setMaximumHeight(130)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.record_button = QPushButton(_("Einwilligung erfassen …"))
        self.record_button.setObjectName("recordConsent")
        self.record_button.clicked.connect(self.record)
        self.assign_button = QPushButton(_("Zweck zuordnen …"))
        self.assign_button.setObjectName("assignConsentPurpose")
        self.assign_button.setToolTip(_("Eine als freier Text erfasste Einwilligung gilt erst mit einem Zweck."))
        self.assign_button.clicked.connect(self.ask_assign)
        self.assign_dialog: AssignPurposeDialog | None = None
        self.revoke_button = QPushButton(_("Widerrufen"))
        self.revoke_button.setObjectName("revokeConsent")
        self.revoke_button.clicked.connect(self.ask_revoke)
        self.print_button = QPushButton(_("Formular drucken …"))
        self.print_button.setObjectName("printConsentForm")
        self.print_button.clicked.connect(self.print_selected)
        self.message = QLabel()
        self.message.setObjectName("consentsMessage")
        self.message.setWordWrap(True)
        for button in (self.record_button, self.assign_button, self.revoke_button):
            button.setVisible(ctx.shows(Action.EDIT_CASES))
        self.print_button.setVisible(ctx.shows(Action.PRINT_LETTERS))

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        for button in (self.record_button, self.assign_button, self.revoke_button, self.print_button):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        self._selection_changed()

    def show_person(self, person_id: int) -> None:
        """Load the person's consents in the background."""
        self.person_id = person_id
        ctx = self.ctx

        def work(session: DbSession) -> list[ConsentRow]:
            return list_consents(session, ctx.actor, person_id)

        run_operation(ctx, work, lambda rows: self._show(person_id, rows), parent=self, errors=self._show_error)

    def _show(self, person_id: int, rows: list[ConsentRow]) -> None:
        if person_id != self.person_id:
            return
        self.rows = rows
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            values = (
                with_text(purpose_label(row.purpose), row.purpose_text),
                with_text(data_label(row.data), row.data_text), ", ".join(row.recipients), given_text(row),
                format_date(row.valid_until), format_date(row.revoked_on),
            )  # fmt: skip
            for column, text in enumerate(values):
                cell = QTableWidgetItem(text)
                if row.needs_review and column == 0:
                    cell.setForeground(QColor(status_colours().error))
                    cell.setToolTip(_("Ohne zugeordneten Zweck gilt diese Einwilligung für nichts."))
                self.table.setItem(index, column, cell)
        self.table.resizeColumnsToContents()
        for column in range(len(HEADERS) - 1):  # long purposes or recipient lists keep the dates in view
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), MAX_COLUMN_WIDTH))
        unreviewed = sum(1 for row in rows if row.needs_review and row.revoked_on is None)
        if not rows:
            self.message.setText(_("Keine Einwilligung erfasst."))
        elif unreviewed:
            self.message.setText(
                ngettext(
                    "{n} Einwilligung ohne Zweck gilt für nichts, bis ein Zweck zugeordnet ist.",
                    "{n} Einwilligungen ohne Zweck gelten für nichts, bis ein Zweck zugeordnet ist.",
                    unreviewed,
                ).format(n=unreviewed)
            )
        else:
            self.message.setText("")
        self._selection_changed()

    def selected(self) -> ConsentRow | None:
        """The consent of the selected row."""
        model = self.table.selectionModel()
        index = self.table.currentRow()
        return self.rows[index] if model and model.selectedRows() and 0 <= index < len(self.rows) else None

    def _selection_changed(self) -> None:
        row = self.selected()
        self.revoke_button.setEnabled(row is not None and row.revoked_on is None)
        self.assign_button.setEnabled(row is not None and row.needs_review)
        self.print_button.setEnabled(row is not None and not row.needs_review)

    def record(self) -> ConsentDialog | None:
        """Open the consent form dialog (non-blocking); the table shows the new consent after saving."""
        if self.person_id is None:
            return None
        dialog = ConsentDialog(self.ctx, self.person_id, self)
        dialog.accepted.connect(self.reload)
        dialog.open()
        self.dialog = dialog
        return dialog

    def ask_revoke(self) -> RevokeConsentDialog | None:
        """Open the revocation form for the selected consent (non-blocking); the table shows it after saving."""
        row = self.selected()
        if row is None or row.revoked_on is not None:
            return None
        dialog = RevokeConsentDialog(self.ctx, row, self)
        dialog.accepted.connect(self.reload)
        dialog.open()
        self.revoke_dialog = dialog
        return dialog

    def ask_assign(self) -> AssignPurposeDialog | None:
        """Open the purpose assignment for the selected free-text consent (non-blocking)."""
        row = self.selected()
        if row is None or not row.needs_review:
            return None
        dialog = AssignPurposeDialog(self.ctx, row, self)
        dialog.accepted.connect(self._assigned)
        dialog.open()
        self.assign_dialog = dialog
        return dialog

    def _assigned(self) -> None:
        self.ctx.events.data_changed.emit(DataKind.PEOPLE)  # the count on the follow-ups page
        self.reload()

    def print_selected(self) -> None:
        """Open the consent form of the selected consent in the preview."""
        row = self.selected()
        if row is None or row.purpose is None:
            return
        request = ConsentFormRequest(
            row.person_id, row.purpose, frozenset(row.data), row.recipient_ids, purpose_text=row.purpose_text,
            data_text=row.data_text, valid_until=row.valid_until,
        )  # fmt: skip
        self.preview = open_consent_form(self.ctx, request, self)

    def reload(self) -> None:
        """Read the consents again."""
        if self.person_id is not None:
            self.show_person(self.person_id)

    def _show_error(self, message: str) -> None:
        in_error_colour(self.message)(message)
