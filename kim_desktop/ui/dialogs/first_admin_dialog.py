"""First start: create the administrator account (name, user name, password twice)."""

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Role
from kim_desktop.domain.errors import KimError, ValidationFailed
from kim_desktop.i18n import _, error_text, translate_text
from kim_desktop.ui.accessibility import announce, label_field, set_invalid
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.style import status_colours, text_style


class FirstAdminDialog(QDialog):
    """Creates the first account with the Administration role and signs it in."""

    signed_in = Signal(object)

    def __init__(
        self, ctx: UiContext, parent: QWidget | None = None, clock: Callable[[], datetime] = datetime.now
    ) -> None:
        super().__init__(parent)
        self.ctx, self._clock = ctx, clock
        self.setWindowTitle(_("Ersteinrichtung: Administrationskonto"))
        self.display_name = QLineEdit()
        self.display_name.setObjectName("displayName")
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.repeat = QLineEdit()
        self.repeat.setObjectName("repeat")
        for field in (self.password, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        # the services' field names, to mark the field a refusal concerns (for a screen reader: invalid, with the why)
        self._fields = {"display_name": self.display_name, "username": self.username, "password": self.password}
        self.message = QLabel()
        self.message.setObjectName("firstAdminMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(text_style(status_colours().error))
        # Set after construction: the constructor taking buttons builds PySide's whole Qt enum namespace (~20 ms)
        # before the first window; setStandardButtons does not.
        buttons = QDialogButtonBox()
        buttons.setStandardButtons(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Konto anlegen"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        rows = (
            (_("&Name:"), self.display_name),
            (_("&Benutzername:"), self.username),
            (_("&Passwort (mind. 10 Zeichen):"), self.password),
            (_("Passwort &wiederholen:"), self.repeat),
        )
        for text, field in rows:
            caption = QLabel(text)
            form.addRow(caption, field)
            label_field(caption, field, text)  # buddy (as addRow sets it) and a name without "&" and colon
        intro = QLabel(
            _(
                "Willkommen. Legen Sie zuerst das Konto der Administration an: es verwaltet Benutzerkonten, "
                "Einstellungen und Löschungen. Die Konten für die Beratung legen Sie danach an."
            )
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def submit(self) -> None:
        """Create the account, unless the passwords differ."""
        for field in (*self._fields.values(), self.repeat):
            set_invalid(field, None)
        if self.password.text() != self.repeat.text():
            self._say(_("Die beiden Passwörter stimmen nicht überein."))
            set_invalid(self.repeat, self.message.text())
            return
        username, display_name, password = self.username.text(), self.display_name.text(), self.password.text()

        def work() -> Actor:
            from kim_desktop.services.accounts import AccountInput, create_first_admin  # in the worker: see app.py

            data = AccountInput(username, display_name, Role.ADMIN, password)
            with self.ctx.db.sessions() as session:
                return create_first_admin(session, data, self._clock())

        self.ctx.tasks.run(work, self._succeeded, self._failed, parent=self)

    def _succeeded(self, actor: Actor) -> None:
        self.signed_in.emit(actor)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed):
            self._say("\n".join(translate_text(e.message) for e in exc.errors))
            for error in exc.errors:
                if (field := self._fields.get(error.field)) is not None:
                    set_invalid(field, translate_text(error.message))
        elif isinstance(exc, KimError):
            self._say(error_text(exc))
        else:
            raise exc  # the crash dialog shows it (ui/tasks.report_failure, not imported this early)

    def _say(self, text: str) -> None:
        """Show the message and have a screen reader say it (the focus does not move, so nothing else would)."""
        self.message.setText(text)
        announce(self.message, text, error=True)
