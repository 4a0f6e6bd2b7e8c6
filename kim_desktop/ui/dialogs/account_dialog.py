"""A new user account: user name, display name, role and the first password (twice)."""

from datetime import datetime

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from kim_desktop.domain.access import ROLE_TEXT
from kim_desktop.domain.enums import Role
from kim_desktop.i18n import _, translate_text
from kim_desktop.services.accounts import AccountInput, AccountRow, create_account
from kim_desktop.services.database import DbSession
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.form_dialog import FormDialog
from kim_desktop.ui.dialogs.password_dialogs import password_field, repeat_problem
from kim_desktop.ui.operations import in_session


def role_box() -> QComboBox:
    """The roles, Beratung first (the usual new colleague); Kursträger for a provider's staff on the network."""
    box = QComboBox()
    for role in (Role.ADVISOR, Role.READER, Role.ADMIN, Role.PROVIDER):
        box.addItem(translate_text(ROLE_TEXT[role]), role.value)
    return box


class NewAccountDialog(FormDialog):
    """Administration creates an account; the colleague changes the password after the first sign-in."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Neues Benutzerkonto"), parent)
        self.created: AccountRow | None = None
        self.username = QLineEdit()
        self.add_field("username", _("Benutzername: *"), self.username)
        self.display_name = QLineEdit()
        self.add_field("display_name", _("Name: *"), self.display_name)
        self.role = role_box()
        self.add_field("role", _("Rolle:"), self.role)
        self.password = password_field()
        self.add_field("password", _("Erstes Passwort: *"), self.password)
        self.password_repeat = password_field()
        self.add_field("password_repeat", _("Wiederholen: *"), self.password_repeat)
        self.save_button.setText(_("Konto anlegen"))

    def save(self) -> None:
        """Check the repetition, then create the account in the background."""
        data = AccountInput(
            self.username.text(), self.display_name.text(), Role(self.role.currentData()), self.password.text()
        )
        repeated, ctx = self.password_repeat.text(), self.ctx

        def work(session: DbSession) -> AccountRow:
            problem = repeat_problem(data.password, repeated)
            if problem is not None:
                raise problem
            return create_account(session, ctx.actor, data, datetime.now())

        def saved(row: AccountRow) -> None:
            self.created = row

        self.save_in_background(in_session(ctx, work), saved)
