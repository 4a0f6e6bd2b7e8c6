"""The sign-in dialog at start: user name and password; says when an account is locked."""

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from kim_desktop import APP_NAME
from kim_desktop.domain.access import Actor
from kim_desktop.domain.errors import KimError
from kim_desktop.i18n import _, error_text
from kim_desktop.ui.accessibility import announce, label_field, set_invalid
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.style import status_colours, text_style

Clock = Callable[[], datetime]


class SignInDialog(QDialog):
    """Asks for name and password; emits signed_in(actor) and accepts when they are right."""

    signed_in = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None, clock: Clock = datetime.now) -> None:
        super().__init__(parent)
        self.ctx, self._clock = ctx, clock
        self.actor: Actor | None = None
        self.setWindowTitle(_("Anmelden – {app}").format(app=APP_NAME))
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("signInMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(text_style(status_colours().error))
        # Set after construction: the constructor taking buttons builds PySide's whole Qt enum namespace (~20 ms)
        # before the first window; setStandardButtons does not.
        self.buttons = QDialogButtonBox()
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Anmelden"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        for text, field in ((_("&Benutzername:"), self.username), (_("&Passwort:"), self.password)):
            caption = QLabel(text)
            form.addRow(caption, field)
            label_field(caption, field, text)  # buddy (as addRow sets it) and a name without "&" and colon
        layout = QVBoxLayout(self)
        intro = QLabel(_("Bitte melden Sie sich mit Ihrem persönlichen Konto an."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)

    def submit(self) -> None:
        """Check the entered name and password in the background."""
        username, password = self.username.text(), self.password.text()
        set_invalid(self.username, None)
        set_invalid(self.password, None)
        if not username.strip() or not password:
            self._say(_("Bitte Benutzername und Passwort eingeben."))
            return
        self.buttons.setEnabled(False)

        def work() -> Actor:
            from kim_desktop.services.accounts import sign_in  # in the worker: start-up shows this dialog first

            with self.ctx.db.sessions() as session:
                return sign_in(session, username, password, self._clock())

        self.ctx.tasks.run(work, self._succeeded, self._failed, _("Anmeldung wird geprüft …"), self)

    def _succeeded(self, actor: Actor) -> None:
        self.buttons.setEnabled(True)
        self.actor = actor
        self.signed_in.emit(actor)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        if isinstance(exc, KimError):  # marked before the focus comes back, so the field is read with the why
            set_invalid(self.password, error_text(exc))
        self.password.setFocus()
        if isinstance(exc, KimError):
            self._say(error_text(exc))
            return
        raise exc  # the crash dialog shows it (ui/tasks.report_failure, not imported this early)

    def _say(self, text: str) -> None:
        """Show the message and have a screen reader say it (the focus may not move, so nothing else would)."""
        self.message.setText(text)
        announce(self.message, text, error=True)


def sign_in_flow(
    ctx: UiContext, parent: QWidget | None, on_signed_in: Callable[[Actor], None], clock: Clock = datetime.now
) -> QDialog:
    """Open (non-blocking) the first-start dialog if there is no account yet, else the sign-in dialog."""
    from kim_desktop.services.accounts import needs_first_admin
    from kim_desktop.ui.dialogs.first_admin_dialog import FirstAdminDialog

    with ctx.db.sessions() as session:
        first_start = needs_first_admin(session)
    dialog: FirstAdminDialog | SignInDialog = (
        FirstAdminDialog(ctx, parent, clock) if first_start else SignInDialog(ctx, parent, clock)
    )
    dialog.signed_in.connect(on_signed_in)
    dialog.open()
    return dialog
