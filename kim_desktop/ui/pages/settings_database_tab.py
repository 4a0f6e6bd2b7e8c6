"""The "Datenbank" tab: the database in use and, for several desks, the PostgreSQL server: test, move data, switch."""

from dataclasses import replace

import sqlalchemy as sa
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.db.engine import sqlite_path
from kim_desktop.domain.errors import KimError
from kim_desktop.i18n import _
from kim_desktop.services import connection_test
from kim_desktop.services.connection_test import ConnectionResult
from kim_desktop.services.server_move import MoveReport, copy_database
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.pages.settings_common import message_label, require_restart, show_message, store_settings
from kim_desktop.ui.pages.settings_encryption_box import EncryptionBox

DRIVER = "postgresql+psycopg"


class DatabaseTab(QWidget):
    """Which database this desk uses; the server form with 'Verbindung testen', moving the data, saving the URL."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.in_use = QLabel()
        self.in_use.setObjectName("databaseInUse")
        self.in_use.setStyleSheet("font-weight: bold;")
        self.in_use.setWordWrap(True)
        self.configured = QLabel()
        self.configured.setObjectName("databaseConfigured")
        self.configured.setWordWrap(True)
        self.local_button = QPushButton(_("Wieder die lokale Datei verwenden"))
        self.local_button.setObjectName("useLocalFile")
        self.local_button.clicked.connect(self.use_local_file)

        self.host = QLineEdit()
        self.host.setObjectName("serverHost")
        self.host.setPlaceholderText(_("Servername oder IP-Adresse, z. B. 192.168.10.5"))
        self.port = QSpinBox()
        self.port.setObjectName("serverPort")
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.port.setMaximumWidth(100)
        self.database = QLineEdit("kim")
        self.database.setObjectName("serverDatabase")
        self.user = QLineEdit("kim")
        self.user.setObjectName("serverUser")
        self.password = QLineEdit()
        self.password.setObjectName("serverPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(_("Server"), self.host)
        form.addRow(_("Port"), self.port)
        form.addRow(_("Datenbank"), self.database)
        form.addRow(_("Benutzer"), self.user)
        form.addRow(_("Passwort"), self.password)

        self.test_button = QPushButton(_("Verbindung testen"))
        self.test_button.setObjectName("testConnection")
        self.test_button.clicked.connect(self.test_connection)
        self.move_button = QPushButton(_("Daten auf den Server übertragen …"))
        self.move_button.setObjectName("moveToServer")
        self.move_button.clicked.connect(self.move_to_server)
        self.save_button = QPushButton(_("Server-Verbindung speichern"))
        self.save_button.setObjectName("saveServer")
        self.save_button.clicked.connect(self.save_server)
        buttons = QHBoxLayout()
        for button in (self.test_button, self.move_button, self.save_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.message = message_label("databaseMessage")
        note = QLabel(
            _(
                "Für mehrere Arbeitsplätze: alle verwenden dieselbe PostgreSQL-Datenbank (Einrichtung siehe Handbuch "
                "„Datensicherheit“). Das Passwort wird in der Einstellungsdatei {path} gespeichert, die nur Ihr "
                "Benutzerkonto lesen kann. Eine neue Verbindung gilt nach dem nächsten Start."
            ).format(path=ctx.paths.settings_file)
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        server = QGroupBox(_("PostgreSQL-Server (Mehrplatzbetrieb)"))
        server_layout = QVBoxLayout(server)
        server_layout.addWidget(note)
        server_layout.addLayout(form)
        server_layout.addLayout(buttons)
        server_layout.addWidget(self.message)

        local_row = QHBoxLayout()
        local_row.addWidget(self.configured, 1)
        local_row.addWidget(self.local_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.in_use)
        layout.addLayout(local_row)
        layout.addWidget(server)
        self.encryption = EncryptionBox(ctx)
        layout.addWidget(self.encryption)
        layout.addStretch(1)
        self.load()

    def load(self) -> None:
        """Show the database in use and prefill the server form from the saved URL."""
        ctx = self.ctx
        self.in_use.setText(_("In Benutzung: {db}").format(db=ctx.db.description))
        saved = ctx.settings.database_url
        if saved:
            self.configured.setText(_("Ab dem nächsten Start: {url}").format(
                url=sa.make_url(saved).render_as_string(hide_password=True)))  # fmt: skip
        else:
            self.configured.setText(
                _("Ab dem nächsten Start: die lokale Datei {path}").format(path=ctx.paths.database_file)
            )
        self.local_button.setVisible(bool(saved))
        self.move_button.setEnabled(sqlite_path(ctx.db.url) is not None)
        if saved and sqlite_path(saved) is None:
            url = sa.make_url(saved)
            self.host.setText(url.host or "")
            self.port.setValue(url.port or 5432)
            self.database.setText(url.database or "")
            self.user.setText(url.username or "")
            self.password.setText(url.password if isinstance(url.password, str) else "")

    def server_url(self) -> str | None:
        """The URL the form describes (password included), or None with a message when a field is missing."""
        missing = [label for label, edit in ((_("Server"), self.host), (_("Datenbank"), self.database),
                                             (_("Benutzer"), self.user)) if not edit.text().strip()]  # fmt: skip
        if missing:
            show_message(self.message, _("Bitte ausfüllen: {fields}").format(fields=", ".join(missing)), error=True)
            return None
        url = sa.URL.create(
            DRIVER,
            username=self.user.text().strip(),
            password=self.password.text() or None,
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
        )
        return url.render_as_string(hide_password=False)

    def test_connection(self) -> None:
        """Try the server in the background and show what it said in plain German."""
        url = self.server_url()
        if url is None:
            return
        show_message(self.message, _("Verbindung wird getestet …"))

        def done(result: ConnectionResult) -> None:
            show_message(self.message, result.message, error=not result.ok)

        self.ctx.tasks.run(lambda: connection_test.test_connection(url), done, self._failed,
                           label=_("Verbindung wird getestet …"), parent=self)  # fmt: skip

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, KimError):
            raise exc
        show_message(self.message, str(exc), error=True)

    def move_to_server(self) -> None:
        """Copy every table of the local file to the (empty) server, verified; then offer to switch to it."""
        url = self.server_url()
        source = self.ctx.db.url
        if url is None or sqlite_path(source) is None:
            return
        backup_dir = self.ctx.paths.backup_dir

        def done(report: MoveReport) -> None:
            show_message(self.message, report.message())
            answer = QMessageBox.question(
                self,
                _("Server verwenden"),
                report.message()
                + "\n\n"
                + _(
                    "Diesen Arbeitsplatz ab dem nächsten Start mit dem Server arbeiten "
                    "lassen? Bis dahin bitte nichts mehr ändern."
                ),
            )
            if answer == QMessageBox.StandardButton.Yes:
                self._store_url(url)
                require_restart(self, _("Dieser Arbeitsplatz arbeitet nach dem Neustart mit dem Server."))

        self.ctx.tasks.run(lambda: copy_database(source, url, backup_dir), done, self._failed,
                           label=_("Daten werden übertragen …"), parent=self)  # fmt: skip

    def save_server(self) -> None:
        """Save the server's URL (with the password) as this desk's database from the next start."""
        url = self.server_url()
        if url is not None and self._store_url(url):
            show_message(self.message, _("Gespeichert. Die Server-Verbindung gilt nach dem nächsten Start von "
                                         "KIM Desktop; das Passwort steht in {path} (nur für Sie lesbar).").format(
                path=self.ctx.paths.settings_file))  # fmt: skip

    def use_local_file(self) -> None:
        """Forget the server: from the next start this desk uses its local file again."""
        if self._store_url(""):
            show_message(self.message, _("Ab dem nächsten Start wird wieder die lokale Datei verwendet."))

    def _store_url(self, url: str) -> bool:
        try:
            store_settings(self.ctx, replace(self.ctx.settings, database_url=url))
        except OSError as exc:
            show_message(self.message, _("Die Einstellung konnte nicht gespeichert werden: {why}").format(why=exc),
                         error=True)  # fmt: skip
            return False
        self.load()
        return True
