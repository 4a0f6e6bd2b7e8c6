"""The "Sicherung" tab: backup status, back up now, the second backup folder, the backups and restoring one."""

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.domain.text import Text
from kim_desktop.i18n import N_, _, translate_text
from kim_desktop.services.backups import BackupInfo, BackupOutcome, available_backups, backup_now, backup_status_text
from kim_desktop.services.copy_audit import CopyKind, copy_recorded
from kim_desktop.services.database import DbSession
from kim_desktop.services.database_urls import sqlite_path
from kim_desktop.services.restore import RestoreReport, restore_backup
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.icons import icon
from kim_desktop.ui.operations import run_operation, run_task
from kim_desktop.ui.pages.settings_common import (
    message_label,
    refresh_window_backup_status,
    require_restart,
    show_message,
    store_settings,
)
from kim_desktop.ui.style import status_colours, text_style

KIND_TEXT = {
    "automatisch": N_("automatisch"),
    "manuell": N_("von Hand"),
    "vor-wiederherstellung": N_("vor einer Wiederherstellung"),
}


def _kind(info: BackupInfo) -> str:
    if info.kind.startswith("vor-update"):
        return _("vor einem Update")
    return _(KIND_TEXT.get(info.kind, info.kind))


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class BackupTab(QWidget):
    """Status and 'Jetzt sichern', the second folder, the list of backups with 'Wiederherstellen …'."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.backups: list[BackupInfo] = []
        self.local = sqlite_path(ctx.db.url) is not None
        self.status = QLabel()
        self.status.setObjectName("backupStatus")
        self.status.setStyleSheet("font-weight: bold;")
        self.backup_button = QPushButton(icon("backup.svg"), _("Jetzt sichern"))
        self.backup_button.setObjectName("backupNow")
        self.backup_button.clicked.connect(self.back_up_now)
        self.backup_button.setEnabled(self.local)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.backup_button)

        self.folder = QLineEdit(str(ctx.paths.backup_dir))
        self.folder.setReadOnly(True)
        self.second = QLineEdit()
        self.second.setObjectName("secondBackupDir")
        self.second.setAccessibleName(_("Zweiter Sicherungsordner"))
        self.second.setReadOnly(True)
        self.second.setPlaceholderText(_("keiner – empfohlen: USB-Stick oder Netzlaufwerk"))
        choose = QPushButton(_("Auswählen …"))
        choose.setObjectName("chooseSecondDir")
        choose.clicked.connect(self._ask_for_second_dir)
        clear = QPushButton(_("Entfernen"))
        clear.setObjectName("clearSecondDir")
        clear.clicked.connect(lambda: self.set_second_dir(None))
        second_row = QHBoxLayout()
        second_row.addWidget(self.second, 1)
        second_row.addWidget(choose)
        second_row.addWidget(clear)
        folders = QFormLayout()
        folders.addRow(_("Sicherungsordner"), self.folder)
        folders.addRow(_("Zweiter Ordner"), second_row)

        self.table = QTableWidget(0, 4)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; arrow keys move between rows
        self.table.setObjectName("backupsTable")
        self.table.setAccessibleName(_("Vorhandene Sicherungen"))
        self.table.setHorizontalHeaderLabels([_("Datum"), _("Art"), _("Inhalt"), _("Ordner")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.restore_button = QPushButton(_("Wiederherstellen …"))
        self.restore_button.setObjectName("restoreBackup")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(self.restore_selected)
        self.message = message_label("backupMessage")
        restore_row = QHBoxLayout()
        restore_row.addWidget(self.restore_button)
        restore_row.addWidget(self.message, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(status_row)
        layout.addLayout(folders)
        layout.addWidget(QLabel(f"<b>{_('Vorhandene Sicherungen')}</b>"))
        hint = QLabel(
            _(
                "KIM Desktop sichert täglich und beim Beenden von selbst; jede Sicherung wird nach dem Schreiben "
                "geprüft. Zum Wiederherstellen eine Sicherung in der Liste auswählen."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(text_style(status_colours().muted))
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(restore_row)

    def reload(self) -> None:
        """Status line, second folder and the list of backups, read in the worker (sidecar files, no database)."""
        ctx, local = self.ctx, self.local
        paths, settings, url = ctx.paths, ctx.settings, ctx.db.url

        def work() -> tuple[Text, list[BackupInfo]]:
            return backup_status_text(paths, settings, url=url), available_backups(paths, settings) if local else []

        run_task(ctx, work, self._show, errors=self._show_error)

    def _show(self, loaded: tuple[Text, list[BackupInfo]]) -> None:
        text, self.backups = loaded
        self.status.setText(translate_text(text))
        warn = text.startswith("Achtung")  # the German rendering of the Text
        self.status.setStyleSheet(text_style(status_colours().error, bold=True) if warn else "font-weight: bold;")
        self.second.setText(self.ctx.settings.second_backup_dir)
        self.table.setRowCount(len(self.backups))
        for r, info in enumerate(self.backups):
            date, _schema, contents = info.summary().split(" · ", 2)
            schema = _("Schema {schema}").format(schema=info.schema or "?")
            for c, value in enumerate((date, _kind(info), f"{contents} · {schema}", str(info.path.parent))):
                item = _cell(value)
                item.setToolTip(str(info.path))
                self.table.setItem(r, c, item)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected_backup() is not None)

    def selected_backup(self) -> BackupInfo | None:
        """The backup selected in the list."""
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return self.backups[min(rows)] if rows and min(rows) < len(self.backups) else None

    def back_up_now(self) -> None:
        """A verified backup into the backup folder (and the second folder) in the background."""
        ctx = self.ctx
        self.backup_button.setEnabled(False)

        def work(session: DbSession) -> BackupOutcome:  # recorded in the audit trail as an export
            return copy_recorded(
                session, ctx.actor, CopyKind.BACKUP, lambda: backup_now(ctx.paths, ctx.settings, url=ctx.db.url)
            )

        def done(outcome: BackupOutcome) -> None:
            self.backup_button.setEnabled(True)
            text = _("Gesichert: {summary}").format(summary=outcome.primary.summary())
            if outcome.second is not None:
                text += "\n" + _("Zweite Kopie in {folder}").format(folder=outcome.second.path.parent)
            if outcome.second_error:
                text += "\n" + _("Achtung: {problem}").format(problem=outcome.second_error)
            show_message(self.message, text, error=bool(outcome.second_error))
            self.reload()
            refresh_window_backup_status(self)

        run_operation(
            ctx, work, done, parent=self, label=_("Sicherung läuft …"), errors=self._show_error,
            on_failure=lambda _exc: self.backup_button.setEnabled(self.local),
        )  # fmt: skip

    def _show_error(self, text: str) -> None:
        show_message(self.message, text, error=True)

    def _ask_for_second_dir(self) -> None:
        start = self.ctx.settings.second_backup_dir or str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, _("Zweiten Sicherungsordner auswählen"), start)
        if folder:
            self.set_second_dir(Path(folder))

    def set_second_dir(self, folder: Path | None) -> None:
        """Save the second backup folder (None: none); the folder dialog calls this, tests call it directly."""
        text = "" if folder is None else str(folder)
        try:
            store_settings(self.ctx, replace(self.ctx.settings, second_backup_dir=text))
        except OSError as exc:
            show_message(self.message, _("Die Einstellung konnte nicht gespeichert werden: {why}").format(why=exc),
                         error=True)  # fmt: skip
            return
        if folder is None:
            show_message(self.message, _("Kein zweiter Sicherungsordner mehr."))
        else:
            show_message(self.message, _("Jede Sicherung wird zusätzlich nach {folder} kopiert.").format(folder=text))
        self.reload()

    def restore_selected(self) -> None:
        """Ask, then replace the database with the selected backup; the program must be restarted afterwards."""
        info = self.selected_backup()
        database = sqlite_path(self.ctx.db.url)
        if info is None or database is None:
            return
        question = _(
            "Die Datenbank durch die Sicherung vom {summary} ersetzen?\n\nAlles, was seitdem eingegeben wurde, "
            "fehlt danach. Der jetzige Stand wird vorher gesichert. KIM Desktop muss danach neu gestartet werden."
        ).format(summary=info.summary())
        answer = QMessageBox.question(self, _("Wiederherstellen"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        ctx = self.ctx

        def work() -> RestoreReport:
            ctx.db.close()  # on the database thread: after all queued work, before the file is swapped
            return restore_backup(info.path, database, ctx.paths.backup_dir)

        def done(report: RestoreReport) -> None:
            ctx.db.close()
            show_message(self.message, report.message() + "\n" + _("Bitte KIM Desktop neu starten."))
            self.reload()
            refresh_window_backup_status(self)
            require_restart(self, report.message())

        # a refused restore left the database untouched: its message shows and work goes on
        run_task(ctx, work, done, parent=self, label=_("Wiederherstellung läuft …"), errors=self._show_error)
