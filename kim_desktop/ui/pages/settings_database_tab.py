"""The "Datenbank" tab: the database in use and, for several desks, the PostgreSQL server: test, move data, switch."""

from dataclasses import replace

from PySide6.QtCore import QObject, Signal
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

from kim_desktop.i18n import _, translate_text
from kim_desktop.services import connection_test
from kim_desktop.services.connection_test import ConnectionResult
from kim_desktop.services.copy_audit import CopyKind, copy_recorded
from kim_desktop.services.database import DbSession
from kim_desktop.services.database_urls import (
    ServerAddress,
    is_sqlite,
    server_address,
    sqlite_path,
    sqlite_url,
    without_password,
)
from kim_desktop.services.database_urls import (
    server_url as address_url,
)
from kim_desktop.services.server_move import LocalCopy, MoveReport, copy_database, copy_server_to_local
from kim_desktop.services.server_passwords import remember_server
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.operations import run_operation, run_task
from kim_desktop.ui.pages.settings_common import message_label, require_restart, show_message, store_settings
from kim_desktop.ui.pages.settings_encryption_box import EncryptionBox
from kim_desktop.ui.style import status_colours, text_style


class _ProgressRelay(QObject):
    """Carries the copy's progress from the database thread to the GUI thread."""

    progressed = Signal(str, int, int)  # table, rows copied, rows in the table


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
        note.setStyleSheet(text_style(status_colours().muted))
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
        layout.addWidget(self._build_to_local_group())
        self.encryption = EncryptionBox(ctx)
        layout.addWidget(self.encryption)
        layout.addStretch(1)
        self.load()

    def _build_to_local_group(self) -> QGroupBox:
        """The way back: the server's data into a local file for this desk alone."""
        self.to_local_button = QPushButton(_("Daten vom Server in eine lokale Datenbank übernehmen …"))
        self.to_local_button.setObjectName("moveToLocal")
        self.to_local_button.clicked.connect(self.move_to_local)
        self.to_local_message = message_label("toLocalMessage")
        note = QLabel(
            _(
                "Kopiert alle Daten des Servers in eine lokale Datei dieses Arbeitsplatzes und prüft die Kopie "
                "(Anzahl und Prüfsumme jeder Tabelle). Der Server bleibt unverändert."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        group = QGroupBox(_("Vom Server zurück auf diesen Arbeitsplatz"))
        group.setObjectName("toLocalGroup")
        group_layout = QVBoxLayout(group)
        group_layout.addWidget(note)
        row = QHBoxLayout()
        row.addWidget(self.to_local_button)
        row.addStretch(1)
        group_layout.addLayout(row)
        group_layout.addWidget(self.to_local_message)
        return group

    def load(self) -> None:
        """Show the database in use and prefill the server form from the saved URL."""
        ctx = self.ctx
        self.in_use.setText(_("In Benutzung: {db}").format(db=translate_text(ctx.db.description)))
        saved = ctx.settings.database_url
        if saved:
            self.configured.setText(_("Ab dem nächsten Start: {url}").format(
                url=without_password(saved)))  # fmt: skip
        else:
            self.configured.setText(
                _("Ab dem nächsten Start: die lokale Datei {path}").format(path=ctx.paths.database_file)
            )
        self.local_button.setVisible(bool(saved))
        self.move_button.setEnabled(sqlite_path(ctx.db.url) is not None)
        self.to_local_button.setEnabled(sqlite_path(ctx.db.url) is None and not is_sqlite(ctx.db.url))
        if saved and sqlite_path(saved) is None:
            address = server_address(saved)
            self.host.setText(address.host)
            self.port.setValue(address.port)
            self.database.setText(address.database)
            self.user.setText(address.user)
            self.password.setText(address.password)

    def server_url(self) -> str | None:
        """The URL the form describes (password included), or None with a message when a field is missing."""
        missing = [label for label, edit in ((_("Server"), self.host), (_("Datenbank"), self.database),
                                             (_("Benutzer"), self.user)) if not edit.text().strip()]  # fmt: skip
        if missing:
            show_message(self.message, _("Bitte ausfüllen: {fields}").format(fields=", ".join(missing)), error=True)
            return None
        return address_url(ServerAddress(
            host=self.host.text().strip(), port=self.port.value(), database=self.database.text().strip(),
            user=self.user.text().strip(), password=self.password.text(),
        ))  # fmt: skip

    def test_connection(self) -> None:
        """Try the server in the background and show what it said in plain German."""
        url = self.server_url()
        if url is None:
            return
        show_message(self.message, _("Verbindung wird getestet …"))

        def done(result: ConnectionResult) -> None:
            show_message(self.message, result.message, error=not result.ok)

        run_task(self.ctx, lambda: connection_test.test_connection(url), done, parent=self,
                 label=_("Verbindung wird getestet …"), errors=self._failed)  # fmt: skip

    def _failed(self, message: str) -> None:
        show_message(self.message, message, error=True)

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

        actor = self.ctx.actor

        def work(session: DbSession) -> MoveReport:
            # recorded in the audit trail as an export
            return copy_recorded(session, actor, CopyKind.MIGRATE_TO, lambda: copy_database(source, url, backup_dir))

        run_operation(self.ctx, work, done, parent=self, label=_("Daten werden übertragen …"), errors=self._failed)

    def move_to_local(self) -> None:
        """After a confirmation, copy the server's data into a local file (verified); then offer to switch to it."""
        ctx = self.ctx
        server, database_file, backup_dir = ctx.db.url, ctx.paths.database_file, ctx.paths.backup_dir
        answer = QMessageBox.question(
            self,
            _("Daten vom Server übernehmen"),
            _(
                "Alle Daten von {server} werden in eine lokale Datei dieses Arbeitsplatzes kopiert und geprüft. "
                "Der Server bleibt unverändert; eine vorhandene lokale Datei wird nicht überschrieben.\n\n"
                "Wenn dieser Arbeitsplatz danach die lokale Datei verwendet, sieht er Änderungen der anderen "
                "Arbeitsplätze nicht mehr. Fortfahren?"
            ).format(server=translate_text(ctx.db.description)),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        relay = _ProgressRelay(self)
        relay.progressed.connect(self._show_progress)
        show_message(self.to_local_message, _("Daten werden vom Server übernommen …"))

        def work(session: DbSession) -> LocalCopy:
            def copy() -> LocalCopy:
                return copy_server_to_local(server, database_file, backup_dir, relay.progressed.emit)

            # recorded on the server's audit trail as an export
            return copy_recorded(session, ctx.actor, CopyKind.SERVER_TO_LOCAL, copy)

        run_operation(self.ctx, work, self._moved_to_local, parent=self,
                      label=_("Daten werden vom Server übernommen …"), errors=self._to_local_failed)  # fmt: skip

    def _show_progress(self, table: str, copied: int, total: int) -> None:
        show_message(self.to_local_message, _("Tabelle {table}: {copied} von {total} Zeilen kopiert …").format(
            table=table, copied=copied, total=total))  # fmt: skip

    def _moved_to_local(self, copy: LocalCopy) -> None:
        text = _("{n} Datensätze in {tables} Tabellen in die Datei {path} übernommen; Anzahl und Prüfsumme jeder "
                 "Tabelle stimmen überein.").format(n=copy.report.total_rows, tables=len(copy.report.tables),
                                                    path=copy.path)  # fmt: skip
        show_message(self.to_local_message, text)
        answer = QMessageBox.question(
            self,
            _("Lokale Datei verwenden"),
            text + "\n\n" + _("Diesen Arbeitsplatz ab dem nächsten Start mit dieser lokalen Datei arbeiten lassen?"),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        url = "" if copy.path == self.ctx.paths.database_file else sqlite_url(copy.path)
        if self._store_url(url):
            show_message(self.to_local_message, text)
            require_restart(self, _("Dieser Arbeitsplatz arbeitet nach dem Neustart mit der lokalen Datei."))

    def _to_local_failed(self, message: str) -> None:
        show_message(self.to_local_message, message, error=True)

    def save_server(self) -> None:
        """Save the server's URL (with the password) as this desk's database from the next start."""
        url = self.server_url()
        if url is None:
            return
        bare, in_keyring = remember_server(url)  # the password never goes into the settings file
        if self._store_url(bare):
            where = (
                _("Das Passwort steht im Schlüsselbund dieses Benutzerkontos.")
                if in_keyring
                else _("Ohne Schlüsselbund auf diesem Rechner wird das Passwort bei jedem Start abgefragt.")
            )
            show_message(self.message, _("Gespeichert. Die Server-Verbindung gilt nach dem nächsten Start von "
                                         "KIM Desktop.") + " " + where)  # fmt: skip

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
