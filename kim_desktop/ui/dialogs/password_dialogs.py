"""Password dialogs: an administrator sets a new password; every user changes their own."""

from datetime import datetime

from PySide6.QtWidgets import QLineEdit, QWidget

from kim_desktop.domain.errors import FieldError, NotAllowed, ValidationFailed
from kim_desktop.domain.text import verbatim
from kim_desktop.i18n import _
from kim_desktop.services.accounts import AccountRow, change_own_password, reset_password
from kim_desktop.services.database import DbSession
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.form_dialog import FormDialog
from kim_desktop.ui.operations import in_session


def password_field() -> QLineEdit:
    """A line edit that hides what is typed."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def repeat_problem(password: str, repeated: str) -> ValidationFailed | None:
    """The refusal when the password was not typed the same twice."""
    if password == repeated:
        return None
    return ValidationFailed(
        [FieldError("password_repeat", verbatim(_("Wiederholung: stimmt nicht mit dem Passwort überein.")))]
    )


class ResetPasswordDialog(FormDialog):
    """Administration: a new password for an account (twice); lifts a lock."""

    def __init__(self, ctx: UiContext, account: AccountRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Passwort zurücksetzen: {name}").format(name=account.display_name), parent)
        self.account = account
        self.password = password_field()
        self.add_field("password", _("Neues Passwort:"), self.password)
        self.password_repeat = password_field()
        self.add_field("password_repeat", _("Wiederholen:"), self.password_repeat)
        self.save_button.setText(_("Passwort setzen"))

    def save(self) -> None:
        """Check the repetition, then set the password in the background."""
        password, repeated = self.password.text(), self.password_repeat.text()
        ctx, account_id = self.ctx, self.account.id

        def work(session: DbSession) -> None:
            problem = repeat_problem(password, repeated)
            if problem is not None:
                raise problem
            reset_password(session, ctx.actor, account_id, password, datetime.now())

        self.save_in_background(in_session(ctx, work), lambda _result: None)


class ChangeOwnPasswordDialog(FormDialog):
    """The signed-in person replaces their own password (old one first, new one twice)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Eigenes Passwort ändern"), parent)
        self.old_password = password_field()
        self.add_field("old_password", _("Bisheriges Passwort:"), self.old_password)
        self.password = password_field()
        self.add_field("password", _("Neues Passwort:"), self.password)
        self.password_repeat = password_field()
        self.add_field("password_repeat", _("Wiederholen:"), self.password_repeat)
        self.save_button.setText(_("Passwort ändern"))

    def save(self) -> None:
        """Check the repetition, then change the password in the background."""
        old, password, repeated = self.old_password.text(), self.password.text(), self.password_repeat.text()
        ctx = self.ctx

        def work(session: DbSession) -> None:
            if ctx.actor is None:
                raise NotAllowed(_("Bitte melden Sie sich an, um Ihr Passwort zu ändern."))
            problem = repeat_problem(password, repeated)
            if problem is not None:
                raise problem
            change_own_password(session, ctx.actor, old, password, datetime.now())

        self.save_in_background(in_session(ctx, work), lambda _result: None)
