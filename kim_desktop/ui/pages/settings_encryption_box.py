"""The "Verschlüsselung" group of the Datenbank tab: encrypt or decrypt the local file (Administration only)."""

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from kim_desktop.domain.access import Action
from kim_desktop.i18n import _, translate_text
from kim_desktop.services.backups import second_backup_dir
from kim_desktop.services.database_urls import sqlite_path
from kim_desktop.services.encryption import (
    EncryptionState,
    PlainBackups,
    SwitchReport,
    decrypt_database,
    encrypt_database,
    encryption_state,
    handle_plain_backups,
    passphrase_problem,
)
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.operations import run_task
from kim_desktop.ui.pages.settings_common import message_label, require_restart, show_message


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class EncryptionBox(QGroupBox):
    """State of the local file, the passphrase twice, the keyring choice and the two switches."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(_("Verschlüsselung"))
        self.setObjectName("encryptionBox")
        self.ctx = ctx
        self.state = QLabel()
        self.state.setObjectName("encryptionState")
        self.state.setWordWrap(True)
        self.passphrase = _password_field("newPassphrase")
        self.repeat = _password_field("repeatPassphrase")
        self.keyring = QCheckBox(_("Passphrase im Schlüsselbund dieses Benutzerkontos speichern"))
        self.keyring.setObjectName("storeInKeyring")
        self.backups = QCheckBox(_("Ältere, unverschlüsselte Sicherungen ebenfalls verschlüsseln"))
        self.backups.setObjectName("encryptBackups")
        self.backups.setChecked(True)
        self.encrypt_button = QPushButton(_("Verschlüsseln …"))
        self.encrypt_button.setObjectName("encryptDatabase")
        self.encrypt_button.clicked.connect(self.encrypt)
        self.decrypt_button = QPushButton(_("Entschlüsseln …"))
        self.decrypt_button.setObjectName("decryptDatabase")
        self.decrypt_button.clicked.connect(self.decrypt)
        self.backups_encrypt_button = QPushButton(_("Unverschlüsselte Sicherungen verschlüsseln"))
        self.backups_encrypt_button.setObjectName("encryptPlainBackups")
        self.backups_encrypt_button.clicked.connect(lambda: self.plain_backups(PlainBackups.ENCRYPT))
        self.backups_delete_button = QPushButton(_("Unverschlüsselte Sicherungen löschen …"))
        self.backups_delete_button.setObjectName("deletePlainBackups")
        self.backups_delete_button.clicked.connect(lambda: self.plain_backups(PlainBackups.DELETE))
        self.message = message_label("encryptionMessage")
        note = QLabel(
            _(
                "Schützt die Datenbankdatei und ihre Sicherungen, wenn der Rechner oder eine Kopie in falsche Hände "
                "gerät. Ohne Passphrase sind die Daten verloren: bitte sicher aufbewahren. Empfohlen zusätzlich: "
                "Festplattenverschlüsselung (BitLocker, LUKS)."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        self.form = QFormLayout()
        self.passphrase_label = QLabel(_("Passphrase"))
        self.form.addRow(self.passphrase_label, self.passphrase)
        self.form.addRow(_("Wiederholen"), self.repeat)
        buttons = QHBoxLayout()
        switches = (self.encrypt_button, self.decrypt_button)
        for button in (*switches, self.backups_encrypt_button, self.backups_delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(note)
        layout.addLayout(self.form)
        layout.addWidget(self.keyring)
        layout.addWidget(self.backups)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.setVisible(ctx.shows(Action.EDIT_SETTINGS))
        for widget in (self.encrypt_button, self.decrypt_button, self.passphrase, self.repeat, self.keyring):
            widget.setEnabled(False)  # until the worker has told what applies
        self.decrypt_button.hide()
        self.backups_encrypt_button.hide()
        self.backups_delete_button.hide()
        self.load()

    def _folders(self) -> list[Path]:
        second = second_backup_dir(self.ctx.settings)
        return [self.ctx.paths.backup_dir] + ([second] if second is not None else [])

    def load(self) -> None:
        """Find out in the worker whether the file in use is encrypted (file header, backups, keyring), then show it."""
        url, folders = self.ctx.db.url, self._folders()
        run_task(self.ctx, lambda: encryption_state(url, folders), self._show_state)

    def _show_state(self, state: EncryptionState) -> None:
        """Show the state and offer the switch that applies."""
        self.state.setText(translate_text(state.text()))
        usable = state.local and (state.available or state.encrypted)
        self.encrypt_button.setVisible(not state.encrypted)
        self.encrypt_button.setEnabled(usable and state.available)
        self.decrypt_button.setVisible(state.encrypted)
        self.decrypt_button.setEnabled(usable and state.available)
        self.form.setRowVisible(self.repeat, not state.encrypted)
        self.passphrase_label.setText(_("Bisherige Passphrase") if state.encrypted else _("Passphrase"))
        for button in (self.backups_encrypt_button, self.backups_delete_button):
            button.setVisible(state.encrypted and state.plain_backups > 0)
        self.backups.setVisible(not state.encrypted)
        self.keyring.setVisible(not state.encrypted)
        self.keyring.setEnabled(state.keyring_problem is None)
        self.keyring.setToolTip(translate_text(state.keyring_problem or ""))
        if state.keyring_problem is not None:
            self.keyring.setChecked(False)
            self.keyring.setText(_("Kein Schlüsselbund verfügbar: die Passphrase wird bei jedem Start abgefragt."))
        for field in (self.passphrase, self.repeat):
            field.setEnabled(usable and state.available and (field is self.passphrase or not state.encrypted))

    def _database(self) -> Path | None:
        return sqlite_path(self.ctx.db.url)

    def encrypt(self) -> None:
        """Check the passphrase twice, confirm, then encrypt in the background and ask for a restart."""
        database = self._database()
        problem = passphrase_problem(self.passphrase.text(), self.repeat.text())
        if database is None or problem is not None:
            show_message(self.message, translate_text(problem or ""), error=True)
            return
        answer = QMessageBox.question(
            self,
            _("Datenbank verschlüsseln"),
            _(
                "Die Datenbank wird jetzt verschlüsselt; danach muss KIM Desktop neu gestartet werden. Ohne die "
                "Passphrase kann niemand (auch keine Technik-Betreuung) die Daten wiederherstellen. Fortfahren?"
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        passphrase, keyring = self.passphrase.text(), self.keyring.isChecked()
        what = PlainBackups.ENCRYPT if self.backups.isChecked() else PlainBackups.KEEP
        folders, actor = self._folders(), self.ctx.actor
        self._clear()
        engine = self.ctx.db.engine

        def work() -> SwitchReport:
            engine.dispose()  # on the worker, after queued work: no connection to the file is left open
            return encrypt_database(database, passphrase, folders, what, keyring, actor)

        label = _("Datenbank wird verschlüsselt …")
        run_task(self.ctx, work, self._switched, parent=self, label=label, errors=self._failed)

    def decrypt(self) -> None:
        """Confirm with the current passphrase, then write the file back unencrypted and ask for a restart."""
        database = self._database()
        passphrase = self.passphrase.text()
        if database is None or not passphrase:
            show_message(self.message, _("Bitte die bisherige Passphrase eingeben."), error=True)
            return
        answer = QMessageBox.question(
            self,
            _("Verschlüsselung aufheben"),
            _(
                "Die Datenbank wird unverschlüsselt gespeichert; danach muss KIM Desktop neu gestartet werden. "
                "Fortfahren?"
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        actor, engine = self.ctx.actor, self.ctx.db.engine
        self._clear()

        def work() -> SwitchReport:
            engine.dispose()
            return decrypt_database(database, passphrase, actor)

        label = _("Verschlüsselung wird aufgehoben …")
        run_task(self.ctx, work, self._switched, parent=self, label=label, errors=self._failed)

    def plain_backups(self, what: PlainBackups) -> None:
        """Encrypt (with the database's key) or, after a question, delete the backups that are still plain."""
        database = self._database()
        if database is None:
            return
        if what is PlainBackups.DELETE:
            answer = QMessageBox.question(
                self,
                _("Sicherungen löschen"),
                _("Die unverschlüsselten Sicherungen werden überschrieben und gelöscht. Fortfahren?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        folders, actor = self._folders(), self.ctx.actor

        def done(text: str) -> None:
            self.load()
            show_message(self.message, text)

        run_task(self.ctx, lambda: handle_plain_backups(database, folders, what, actor), done, parent=self,
                 label=_("Sicherungen werden bearbeitet …"), errors=self._failed)  # fmt: skip

    def _clear(self) -> None:
        self.passphrase.clear()
        self.repeat.clear()

    def _switched(self, report: SwitchReport) -> None:
        self.load()
        show_message(self.message, translate_text(report.message()))
        require_restart(self, translate_text(report.message()))

    def _failed(self, message: str) -> None:
        show_message(self.message, message, error=True)
