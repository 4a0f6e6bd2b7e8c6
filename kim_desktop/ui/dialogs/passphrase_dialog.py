"""The passphrase step at start: an encrypted local database is unlocked from the keyring or by the person."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from kim_desktop import APP_NAME
from kim_desktop.domain.errors import KimError, WrongPassphrase
from kim_desktop.i18n import _, error_text
from kim_desktop.services.encryption import locked_database, unlock, unlock_from_keyring
from kim_desktop.ui.style import status_colours, text_style

Unlock = Callable[[Path, str], None]


class PassphraseDialog(QDialog):
    """Asks for the database passphrase; accepts only when it opens the file (checked read-only, nothing written)."""

    def __init__(self, database: Path, parent: QWidget | None = None, try_unlock: Unlock = unlock) -> None:
        super().__init__(parent)
        self.database, self._try_unlock = database, try_unlock
        self.setWindowTitle(_("Datenbank entsperren – {app}").format(app=APP_NAME))
        intro = QLabel(
            _("Die Datenbank {path} ist verschlüsselt. Bitte geben Sie die Passphrase ein.").format(path=database)
        )
        intro.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("passphraseMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(text_style(status_colours().error))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Entsperren"))
        ok.setObjectName("unlockButton")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("&Passphrase:"), self.passphrase)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def submit(self) -> None:
        """Try the passphrase; a wrong one gives a German message and another try."""
        text = self.passphrase.text()
        if not text:
            self.message.setText(_("Bitte die Passphrase eingeben."))
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # the key derivation takes a moment
        try:
            self._try_unlock(self.database, text)
        except KimError as exc:
            self.passphrase.clear()
            self.passphrase.setFocus()
            wrong = _("Die Passphrase ist falsch (oder die Datei ist beschädigt). Bitte noch einmal versuchen.")
            self.message.setText(wrong if isinstance(exc, WrongPassphrase) else error_text(exc))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()


def unlock_at_start(url: str) -> bool:
    """Unlock an encrypted local database before sign-in: keyring first, else the dialog; False when cancelled."""
    database = locked_database(url)
    if database is None or unlock_from_keyring(database):
        return True
    dialog = PassphraseDialog(database)
    return dialog.exec() == QDialog.DialogCode.Accepted  # the composition root may block: nothing else is shown
