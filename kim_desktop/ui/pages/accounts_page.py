"""The Benutzerkonten page (administrators): accounts with role, state and lock; create, change, reset, unlock."""

from datetime import datetime

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.domain.access import ROLE_TEXT
from kim_desktop.domain.enums import Role
from kim_desktop.i18n import N_, _, translate_text
from kim_desktop.services.accounts import AccountRow, list_accounts, unlock_account, update_account
from kim_desktop.services.database import DbSession
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.account_dialog import NewAccountDialog, role_box
from kim_desktop.ui.dialogs.password_dialogs import ResetPasswordDialog
from kim_desktop.ui.locale_format import format_datetime
from kim_desktop.ui.operations import in_error_colour, run_operation
from kim_desktop.ui.widgets.list_table import list_table

HEADERS = (
    N_("Benutzername"),
    N_("Name"),
    N_("Rolle"),
    N_("Aktiv"),
    N_("Gesperrt bis"),
    N_("Fehlversuche"),
    N_("Letzte Anmeldung"),
)


def _locked_text(row: AccountRow, now: datetime) -> str:
    if row.locked_until is None or row.locked_until <= now:
        return ""
    return format_datetime(row.locked_until)


class AccountsPage(QWidget):
    """Table of accounts; the selected account's role and state are changed below it."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: list[AccountRow] = []
        self.dialog: QWidget | None = None  # the dialog opened last
        self.table = list_table("accountsTable", _("Benutzerkonten"), [_(h) for h in HEADERS])
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.new_button = QPushButton(_("Neues Konto …"))
        self.new_button.clicked.connect(self.new_account)
        self.reset_button = QPushButton(_("Passwort zurücksetzen …"))
        self.reset_button.clicked.connect(self.reset_selected)
        self.unlock_button = QPushButton(_("Entsperren"))
        self.unlock_button.clicked.connect(self.unlock_selected)
        self.role = role_box()
        self.role.setObjectName("accountRole")
        self.active = QCheckBox(_("Konto aktiv (darf sich anmelden)"))
        self.active.setObjectName("accountActive")
        self.apply_button = QPushButton(_("Rolle/Status übernehmen"))
        self.apply_button.clicked.connect(self.apply_selected)
        self.message_label = QLabel()
        self.message_label.setObjectName("accountsMessage")
        self.message_label.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addStretch(1)
        edit = QHBoxLayout()
        edit.addWidget(QLabel(_("Ausgewähltes Konto – Rolle:")))
        edit.addWidget(self.role)
        edit.addWidget(self.active)
        edit.addWidget(self.apply_button)
        edit.addStretch(1)
        edit.addWidget(self.reset_button)
        edit.addWidget(self.unlock_button)

        layout = QVBoxLayout(self)
        title = QLabel(_("Benutzerkonten"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(title)
        layout.addWidget(
            QLabel(_("Wer sich anmelden darf und mit welcher Rolle. Passwörter sieht niemand, auch nicht hier."))
        )
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(edit)
        layout.addWidget(self.message_label)
        self._selection_changed()
        self.reload()

    # --- reading -------------------------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        """Read the accounts in the background; keep (or move to) a selected account."""
        actor = self.ctx.actor
        keep = select_id if select_id is not None else self.selected_id()

        def work(session: DbSession) -> list[AccountRow]:
            return list_accounts(session, actor)

        run_operation(self.ctx, work, lambda rows: self._show_rows(rows, keep), parent=self, errors=self._show_error)

    def _show_rows(self, rows: list[AccountRow], select_id: int | None) -> None:
        self.rows = rows
        now = datetime.now()
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            values = (
                row.username,
                row.display_name,
                translate_text(ROLE_TEXT[row.role]),
                _("ja") if row.active else _("nein"),
                _locked_text(row, now),
                str(row.failed_logins),
                format_datetime(row.last_sign_in) if row.last_sign_in else _("noch nie"),
            )
            for column, text in enumerate(values):
                self.table.setItem(index, column, QTableWidgetItem(text))
            if row.id == select_id:
                self.table.selectRow(index)
        self.table.resizeColumnsToContents()
        self._selection_changed()

    def selected(self) -> AccountRow | None:
        """The account of the selected row."""
        index = self.table.currentRow()
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.rows[index] if rows and 0 <= index < len(self.rows) else None

    def selected_id(self) -> int | None:
        """Id of the selected account."""
        row = self.selected()
        return row.id if row else None

    def select_username(self, username: str) -> None:
        """Select an account by user name (for the keyboard and tests)."""
        index = next(i for i, row in enumerate(self.rows) if row.username == username)
        self.table.selectRow(index)

    def _selection_changed(self) -> None:
        row = self.selected()
        for widget in (self.role, self.active, self.apply_button, self.reset_button, self.unlock_button):
            widget.setEnabled(row is not None)
        if row is not None:
            self.role.setCurrentIndex(self.role.findData(row.role.value))
            self.active.setChecked(row.active)
            self.unlock_button.setEnabled(bool(_locked_text(row, datetime.now())) or row.failed_logins > 0)

    # --- changing ------------------------------------------------------------------------------------------

    def new_account(self) -> NewAccountDialog:
        """Open the form for a new account (non-blocking); the list shows it after saving."""
        dialog = NewAccountDialog(self.ctx, self)
        dialog.accepted.connect(lambda: self._after_create(dialog))
        dialog.open()
        self.dialog = dialog
        return dialog

    def _after_create(self, dialog: NewAccountDialog) -> None:
        if dialog.created is not None:
            self.message_label.setText(_("Konto „{name}“ angelegt.").format(name=dialog.created.username))
            self.reload(dialog.created.id)

    def reset_selected(self) -> ResetPasswordDialog | None:
        """Open the new-password dialog for the selected account (non-blocking)."""
        row = self.selected()
        if row is None:
            return None
        dialog = ResetPasswordDialog(self.ctx, row, self)
        dialog.accepted.connect(lambda: self._done(_("Neues Passwort für „{name}“ gesetzt.").format(name=row.username)))
        dialog.open()
        self.dialog = dialog
        return dialog

    def unlock_selected(self) -> None:
        """Lift the selected account's lock after wrong passwords."""
        row = self.selected()
        if row is None:
            return
        actor = self.ctx.actor

        def work(session: DbSession) -> AccountRow:
            return unlock_account(session, actor, row.id, datetime.now())

        run_operation(
            self.ctx,
            work,
            lambda r: self._done(_("Konto „{name}“ entsperrt.").format(name=r.username)),
            parent=self,
            errors=self._show_error,
        )

    def apply_selected(self) -> None:
        """Save the role and active state chosen for the selected account."""
        row = self.selected()
        if row is None:
            return
        actor, role, active = self.ctx.actor, Role(self.role.currentData()), self.active.isChecked()

        def work(session: DbSession) -> AccountRow:
            return update_account(session, actor, row.id, role=role, active=active, now=datetime.now())

        run_operation(
            self.ctx,
            work,
            lambda r: self._done(_("Konto „{name}“ geändert.").format(name=r.username)),
            parent=self,
            errors=self._show_error,
        )

    def _done(self, message: str) -> None:
        self.message_label.setStyleSheet("")
        self.message_label.setText(message)
        self.reload()

    def _show_error(self, message: str) -> None:
        in_error_colour(self.message_label)(message)
