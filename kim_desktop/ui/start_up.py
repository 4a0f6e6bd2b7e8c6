"""Start-up: the sign-in dialog shows at once; the database is checked, migrated and opened behind it.

Only PySide6, settings, paths, i18n and the two dialogs are imported before the first window shows; the data
layer (SQLAlchemy, the models, Alembic, the services) loads in the worker thread while the person types.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QDialog, QWidget

from kim_desktop import APP_NAME
from kim_desktop.domain.errors import KimError
from kim_desktop.i18n import _, error_text
from kim_desktop.paths import AppPaths
from kim_desktop.settings import Settings
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.crash_dialog import show_error
from kim_desktop.ui.dialogs.sign_in_dialog import SignInDialog
from kim_desktop.ui.events import AppEvents

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog

    from kim_desktop.services.database import OpenDatabase
    from kim_desktop.services.restore import IntegrityReport
    from kim_desktop.ui.dialogs.first_admin_dialog import FirstAdminDialog
    from kim_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


def _first_dialog(first_start: bool) -> "type[SignInDialog] | type[FirstAdminDialog]":
    """The sign-in dialog, or on a database without accounts the first-start dialog (imported only then)."""
    if not first_start:
        return SignInDialog
    from kim_desktop.ui.dialogs.first_admin_dialog import FirstAdminDialog

    return FirstAdminDialog


Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]
_Held = tuple[Callable[[], Any], Success, Failure | None, str, QWidget | None]


@dataclass(frozen=True)
class OpenedDatabase:
    """What the worker learnt while opening the database."""

    db: "OpenDatabase"
    first_start: bool  # no account can sign in yet: the first administrator is created
    idle_lock_minutes: float
    network_warning: str | None


class WaitForDatabase:
    """The start-up dialogs' task runner: their work waits (and says so) until the database is open."""

    def __init__(self) -> None:
        self.runner: TaskRunner | None = None  # the real runner, once the database is open
        self.notice: QProgressDialog | None = None
        self._held: list[_Held] = []

    def run(
        self,
        work: Callable[[], Any],
        on_success: Success,
        on_failure: Failure | None = None,
        label: str = "",
        parent: QWidget | None = None,
    ) -> None:
        """Run the work now if the database is open, else once it is (with a visible notice meanwhile)."""
        if self.runner is not None:
            self.runner.run(work, on_success, on_failure, label, parent)
            return
        self._held.append((work, on_success, on_failure, label, parent))
        if self.notice is None:
            from PySide6.QtCore import Qt  # its ~100 enums are made on first import: not before the first window
            from PySide6.QtWidgets import QProgressDialog

            self.notice = QProgressDialog(_("Datenbank wird geöffnet …"), "", 0, 0, parent)
            self.notice.setObjectName("databaseOpeningNotice")
            self.notice.setCancelButton(None)  # Qt accepts None: no cancel button
            self.notice.setWindowModality(Qt.WindowModality.WindowModal)
            self.notice.setMinimumDuration(0)
            self.notice.show()

    def release(self, runner: "TaskRunner") -> None:
        """The database is open: run the held work in order on the real runner, and all later work."""
        self.runner = runner
        self.drop_notice()
        held, self._held = self._held, []
        for work, on_success, on_failure, label, parent in held:
            runner.run(work, on_success, on_failure, label, parent)

    def drop(self) -> None:
        """Forget held work (its dialog went away) and the notice."""
        self._held.clear()
        self.drop_notice()

    def drop_notice(self) -> None:
        """Close the 'Datenbank wird geöffnet …' notice if it is shown."""
        if self.notice is not None:
            self.notice.close()
            self.notice.deleteLater()
            self.notice = None

    def shutdown(self) -> None:
        """Finish queued work and stop the worker."""
        if self.runner is not None:
            self.runner.shutdown()


class StartUp:
    """Shows the sign-in (or first-start) dialog at once and opens the database in the worker meanwhile."""

    def __init__(
        self, paths: AppPaths, settings: Settings, runner: "TaskRunner | None" = None, database_url: str | None = None
    ) -> None:
        self._runner = runner  # None: a ThreadTaskRunner, made after the dialog's first paint
        self.database_url = database_url
        self.gate = WaitForDatabase()
        # db is set once the worker has opened it; until then the gate holds every piece of the dialogs' work.
        self.ctx = UiContext(
            db=cast("OpenDatabase", None), paths=paths, settings=settings, tasks=self.gate, events=AppEvents()
        )
        self.dialog: QDialog | None = None
        self.exit_code = 0
        self.idle_lock_minutes = 0.0
        self.opened: OpenDatabase | None = None  # set in the worker, so a cancelled start can still close it
        self.created_first_admin = False
        self.server_password: str | None = None  # typed at this start when neither URL nor keyring had it
        self.password_wanted = False
        self._loop = QEventLoop()

    @property
    def runner(self) -> "TaskRunner":
        """The worker every piece of database work goes through."""
        if self._runner is None:
            from kim_desktop.ui.tasks import ThreadTaskRunner  # loads Qt's enums: after the first paint

            self._runner = ThreadTaskRunner()
        return self._runner

    def fresh_install(self) -> bool:
        """Whether the local database file does not exist yet (then nobody can sign in: first start)."""
        paths, settings = self.ctx.paths, self.ctx.settings
        return not self.database_url and not settings.database_url and not paths.database_file.exists()

    def run(
        self, give_up_after_ms: int | None = None, after_first_paint: Callable[[], None] | None = None
    ) -> UiContext | None:
        """Block until someone has signed in (the context, tasks on the real runner) or the start ended (None)."""
        self._show(_first_dialog(self.fresh_install()))

        def begin() -> None:  # after the dialog's first paint: nothing competes with it for the GIL
            if after_first_paint is not None:
                after_first_paint()
            self.runner.run(self._find_locked, self._unlock, self._failed)

        QTimer.singleShot(0, begin)
        if give_up_after_ms:
            QTimer.singleShot(give_up_after_ms, self.give_up)  # smoke tests: nobody types a password
        self._loop.exec()
        self.gate.drop()
        if self.ctx.actor is None:
            if self._runner is not None:
                self._runner.shutdown()  # let the worker finish opening or migrating, then close the database
            if self.opened is not None:
                self.opened.close()
            return None
        self.ctx.tasks = self.runner
        return self.ctx

    def give_up(self) -> None:
        """Close the dialog as if cancelled."""
        if self.dialog is not None:
            self.dialog.reject()

    def _show(self, kind: "type[SignInDialog] | type[FirstAdminDialog]") -> None:
        old, self.dialog = self.dialog, None
        self.gate.drop()  # work of the old dialog (a sign-in on a database without accounts) is void
        if old is not None:
            old.reject()
            old.deleteLater()
        dialog = kind(self.ctx, None)
        dialog.signed_in.connect(self._signed_in)
        dialog.finished.connect(lambda _result: self._finish(0) if dialog is self.dialog else None)
        self.dialog = dialog
        dialog.open()

    def _signed_in(self, actor: Any) -> None:
        self.ctx.actor = actor
        # The first administrator was just created: the window opens the set-up assistant for the new office.
        self.created_first_admin = self.dialog is not None and not isinstance(self.dialog, SignInDialog)

    def _finish(self, code: int) -> None:
        self.exit_code = code
        self.dialog = None
        self._loop.quit()

    def _database_url(self) -> str:
        """The URL to connect with: a server's password from the keyring or as typed at this start."""
        from kim_desktop.services.server_passwords import split_password, url_to_connect, with_password

        url = url_to_connect(self.database_url or self.ctx.settings.effective_database_url(self.ctx.paths))
        if self.server_password is not None:
            url = with_password(split_password(url)[0], self.server_password)
        return url

    def _find_locked(self) -> Path | None:
        """Worker: an encrypted local file the keyring did not unlock (its passphrase is asked first), else None.

        Also moves a server password an older version kept in the settings file into the keyring, and notes
        whether the server wants a password nobody stored (asked next, like the passphrase).
        """
        from kim_desktop.services.encryption import locked_database, unlock_from_keyring
        from kim_desktop.services.server_passwords import move_password_out_of_settings, password_missing

        move_password_out_of_settings(self.ctx.paths.settings_file)
        self.password_wanted = password_missing(self._database_url())
        database = locked_database(self._database_url())
        return None if database is None or unlock_from_keyring(database) else database

    def _unlock(self, database: Path | None) -> None:
        """The passphrase step of an encrypted database, before the check and the opening; cancelled ends the start."""
        if database is not None:
            from kim_desktop.ui.dialogs.passphrase_dialog import PassphraseDialog

            if self.dialog is not None:
                self.dialog.hide()
            if PassphraseDialog(database).exec() != QDialog.DialogCode.Accepted:
                self._finish(0)
                return
            if self.dialog is not None:
                self.dialog.show()
        if self.password_wanted and not self._ask_server_password():
            self._finish(0)
            return
        self.runner.run(self._inspect, self._inspected, self._failed)

    def _ask_server_password(self) -> bool:
        """The server login's password, typed at this start (kept in the keyring once it worked, if any)."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        from kim_desktop.services.database_urls import server_address

        login = server_address(self._database_url())
        typed, ok = QInputDialog.getText(
            self.dialog,
            APP_NAME,
            _("Passwort des Server-Zugangs {user} ({host}):").format(user=login.user, host=login.host),
            QLineEdit.EchoMode.Password,
        )
        if ok and typed:
            self.server_password = typed
        return bool(ok and typed)

    def _inspect(self) -> "IntegrityReport | None":
        """Worker: the quick integrity check of a local file (a damaged file is never written to)."""
        from kim_desktop.services.restore import check_configured_database

        return check_configured_database(self._database_url(), self.ctx.paths.backup_dir)

    def _inspected(self, report: "IntegrityReport | None") -> None:
        if report is None or report.ok:
            self.runner.run(self._open, self._opened, self._failed)
            return
        from PySide6.QtWidgets import QMessageBox  # error paths only: not before the first window

        log.warning("database damaged at start")
        if self.dialog is not None:
            self.dialog.hide()
        if report.newest_good_backup is None:
            QMessageBox.critical(None, APP_NAME, report.message())
            self._finish(1)
            return
        if QMessageBox.question(None, APP_NAME, report.message()) != QMessageBox.StandardButton.Yes:
            self._finish(1)
            return
        backup = report.newest_good_backup.path

        def restore_and_open() -> OpenedDatabase:
            from kim_desktop.services.database_urls import sqlite_path
            from kim_desktop.services.restore import restore_backup

            database = sqlite_path(self._database_url())
            assert database is not None  # a report exists only for local files
            report = restore_backup(backup, database, self.ctx.paths.backup_dir)
            opened = self._open()
            erased_again = report.reerased.message()  # people erased since the backup: erased again, say so
            if erased_again is None:
                return opened
            from kim_desktop.i18n import translate_text

            parts = (opened.network_warning, translate_text(erased_again))
            return replace(opened, network_warning="\n\n".join(part for part in parts if part))

        if self.dialog is not None:
            self.dialog.show()
        self.runner.run(restore_and_open, self._opened, self._failed)

    def _open(self) -> OpenedDatabase:
        """Worker: open (and migrate, with a backup first) the database; what the dialogs need to know."""
        from kim_desktop.services.start_facts import start_facts
        from kim_desktop.services.storage import network_share_warning_for, open_database_checked

        url = self._database_url()
        warning: str | None = network_share_warning_for(url)
        db = self.opened = open_database_checked(url, self.ctx.paths.backup_dir, self.ctx.paths.data_dir)
        if self.server_password is not None:  # it worked: kept in the keyring where there is one
            from kim_desktop.services.server_passwords import remember_server

            remember_server(url)
        notice = db.erasure_notice  # erased people had come back (a file copied back by hand), or a scrub waits
        if notice is not None:
            from kim_desktop.i18n import translate_text

            warning = "\n\n".join(part for part in (warning, translate_text(notice)) if part)
        facts = start_facts(db)
        return OpenedDatabase(db, facts.first_start, facts.idle_lock_minutes, warning)

    def _opened(self, opened: OpenedDatabase) -> None:
        self.ctx.db = opened.db
        self.idle_lock_minutes = opened.idle_lock_minutes
        if self.dialog is None:  # cancelled meanwhile
            return
        if opened.network_warning:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self.dialog, APP_NAME, opened.network_warning)
        if opened.first_start == isinstance(self.dialog, SignInDialog):
            self._show(_first_dialog(opened.first_start))
        self.gate.release(self.runner)
        from kim_desktop.ui.preload import preload_window_modules

        # After a sign-in already waiting: the window and its pages load while the person types.
        self.runner.run(preload_window_modules, lambda _names: None)

    def _failed(self, exc: BaseException) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self.dialog is not None:
            self.dialog.hide()
        if isinstance(exc, KimError):
            log.warning("start refused: %s", type(exc).__name__)
            QMessageBox.critical(None, APP_NAME, error_text(exc))
            self._finish(1)
            return
        log.error("unexpected error at start", exc_info=exc)
        box = show_error(None, exc, self.ctx.paths.log_file)
        box.finished.connect(lambda _result: self._finish(1))
