"""Composition root of the GUI: arguments -> paths -> settings -> database -> window."""

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from kim_desktop import APP_ID, APP_NAME, ORG_NAME, __version__
from kim_desktop.cli import add_location_options
from kim_desktop.db.engine import sqlite_path
from kim_desktop.domain.access import Actor
from kim_desktop.domain.errors import KimError
from kim_desktop.i18n import _, error_text, install_language
from kim_desktop.logging_setup import configure_logging
from kim_desktop.paths import AppPaths, resolve_paths, resource
from kim_desktop.services.restore import check_configured_database, restore_backup
from kim_desktop.services.rules import load_rules
from kim_desktop.services.storage import network_share_warning_for, open_database_checked
from kim_desktop.settings import Settings, load_settings
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.crash_dialog import install_excepthook
from kim_desktop.ui.events import AppEvents
from kim_desktop.ui.idle_lock import IdleLock
from kim_desktop.ui.main_window import MainWindow
from kim_desktop.ui.qt_translations import install_qt_translations
from kim_desktop.ui.style import apply_style
from kim_desktop.ui.tasks import TaskRunner, ThreadTaskRunner

log = logging.getLogger(__name__)


def parse_gui_args(argv: Sequence[str]) -> argparse.Namespace:
    """Options of the window (the same location options as the CLI)."""
    parser = argparse.ArgumentParser(prog="kim-desktop", description=_("KIM Desktop starten"))
    add_location_options(parser)
    parser.add_argument("--quit-after", type=int, metavar="MS", help=argparse.SUPPRESS)  # smoke tests
    args, _unknown_qt_args = parser.parse_known_args(list(argv))
    return args


def open_context(paths: AppPaths, settings: Settings, database_url: str, tasks: TaskRunner | None = None) -> UiContext:
    """Open the database and wire the context (nobody signed in yet)."""
    db = open_database_checked(database_url, paths.backup_dir)
    return UiContext(db=db, paths=paths, settings=settings, tasks=tasks or ThreadTaskRunner(), events=AppEvents())


def build_window(paths: AppPaths, settings: Settings, database_url: str, tasks: TaskRunner | None = None) -> MainWindow:
    """Open the database and build the main window (used by the GUI tests; main() signs in in between)."""
    return MainWindow(open_context(paths, settings, database_url, tasks))


def sign_in_at_start(ctx: UiContext, give_up_after_ms: int | None = None) -> Actor | None:
    """Show the first-start or sign-in dialog modally; the actor, or None when cancelled."""
    from PySide6.QtCore import QTimer

    from kim_desktop.ui.dialogs.sign_in_dialog import sign_in_flow

    signed_in: list[Actor] = []
    dialog = sign_in_flow(ctx, None, signed_in.append)
    if give_up_after_ms:
        QTimer.singleShot(give_up_after_ms, dialog.reject)  # smoke tests: nobody types a password
    dialog.exec()  # the composition root may block: nothing else is on screen yet
    return signed_in[0] if signed_in else None


def idle_lock_minutes(ctx: UiContext) -> float:
    """The idle time from the rules table (idle_lock_minutes)."""
    with ctx.db.sessions() as session, session.begin():
        return load_rules(session).float("idle_lock_minutes")


def unlock_database_at_start(url: str) -> bool:
    """An encrypted local database: its passphrase from the keyring or the passphrase dialog; False when cancelled."""
    from kim_desktop.ui.dialogs.passphrase_dialog import unlock_at_start

    return unlock_at_start(url)


def database_is_usable(url: str, paths: AppPaths) -> bool:
    """Quick integrity check at start; a damaged file is never written to: offer the newest good backup."""
    report = check_configured_database(url, paths.backup_dir)
    if report is None or report.ok:
        return True
    log.warning("database damaged at start")
    if report.newest_good_backup is None:
        QMessageBox.critical(None, APP_NAME, report.message())
        return False
    answer = QMessageBox.question(None, APP_NAME, report.message())
    if answer != QMessageBox.StandardButton.Yes:
        return False
    database = sqlite_path(url)
    assert database is not None  # a report exists only for local files
    restore_backup(report.newest_good_backup.path, database, paths.backup_dir)
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Start the application and run the event loop."""
    os.umask(0o077)  # every file we write (database, backups, letters, exports) is private to the user
    args = parse_gui_args(sys.argv[1:] if argv is None else argv)
    paths = resolve_paths(args.data_dir, args.portable).create()
    configure_logging(paths.log_file)
    log.info("KIM Desktop %s starting", __version__)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(QIcon(str(resource("icons", "kim-desktop.svg"))))
    apply_style(app)  # Fusion, light or dark as the system is
    install_excepthook(paths.log_file)
    try:
        settings = load_settings(paths.settings_file)
        install_language(settings.language)
        install_qt_translations(app, settings.language)
        url = args.database_url or settings.effective_database_url(paths)
        if not unlock_database_at_start(url):
            return 0
        if not database_is_usable(url, paths):
            return 1
        if warning := network_share_warning_for(url):
            QMessageBox.warning(None, APP_NAME, warning)
        ctx = open_context(paths, settings, url)
    except KimError as exc:
        log.warning("start refused: %s", type(exc).__name__)
        QMessageBox.critical(None, APP_NAME, error_text(exc))
        return 1
    ctx.actor = sign_in_at_start(ctx, args.quit_after)
    if ctx.actor is None:
        ctx.tasks.shutdown()
        ctx.db.close()
        log.info("sign-in cancelled; KIM Desktop stopped")
        return 0
    window = MainWindow(ctx)
    window.watch_other_desks()
    lock = IdleLock(window, ctx, ctx.actor, idle_lock_minutes(ctx))
    window.lock_action.triggered.connect(lock.lock)
    window.lock_action.setEnabled(True)
    window.show()
    if args.quit_after:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(args.quit_after, window.close)
    code = app.exec()
    lock.stop()
    ctx.db.close()
    log.info("KIM Desktop stopped")
    return int(code)
