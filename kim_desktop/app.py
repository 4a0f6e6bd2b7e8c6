"""Composition root of the GUI: arguments -> paths -> settings -> database -> window."""

import argparse
import errno
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from kim_desktop import APP_ID, APP_NAME, ORG_NAME, __version__
from kim_desktop.cli.options import add_location_options, add_window_options
from kim_desktop.domain.errors import KimError
from kim_desktop.i18n import N_, _, error_text, install_language
from kim_desktop.paths import AppPaths, resolve_paths, resource
from kim_desktop.settings import Settings, load_settings
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.crash_dialog import install_excepthook
from kim_desktop.ui.events import AppEvents
from kim_desktop.ui.gc_policy import OLD_COLLECTION_INTERVAL_MS, collect_old_objects, freeze_loaded_objects
from kim_desktop.ui.qt_translations import install_qt_translations
from kim_desktop.ui.screen_fit import install_screen_fit
from kim_desktop.ui.start_up import StartUp
from kim_desktop.ui.style import apply_style, follow_system_scheme

if TYPE_CHECKING:  # the data layer, the worker and the window load after the sign-in dialog has shown
    from kim_desktop.ui.main_window import MainWindow
    from kim_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)
FOLDER_NOT_CREATED = N_(
    "Der Ordner {folder} kann nicht angelegt werden ({error}). Bitte prüfen Sie, ob der Datenordner "
    "schreibgeschützt ist oder der Datenträger fehlt, oder wählen Sie mit --data-dir einen anderen Ordner."
)


def parse_gui_args(argv: Sequence[str]) -> argparse.Namespace:
    """Options of the window (the same location options as the CLI)."""
    parser = argparse.ArgumentParser(prog="kim-desktop", description=_("KIM Desktop starten"))
    add_location_options(parser)
    add_window_options(parser)
    args, _unknown_qt_args = parser.parse_known_args(list(argv))
    return args


def open_context(
    paths: AppPaths, settings: Settings, database_url: str, tasks: "TaskRunner | None" = None
) -> UiContext:
    """Open the database and wire the context (nobody signed in yet); tests, scripts and benchmarks."""
    from kim_desktop.services.storage import open_database_checked
    from kim_desktop.ui.tasks import ThreadTaskRunner

    db = open_database_checked(database_url, paths.backup_dir, paths.data_dir)
    return UiContext(db=db, paths=paths, settings=settings, tasks=tasks or ThreadTaskRunner(), events=AppEvents())


def build_window(
    paths: AppPaths, settings: Settings, database_url: str, tasks: "TaskRunner | None" = None
) -> "MainWindow":
    """Open the database and build the main window (used by the GUI tests; main() signs in in between)."""
    from kim_desktop.ui.main_window import MainWindow

    return MainWindow(open_context(paths, settings, database_url, tasks))


def start_logging(paths: AppPaths) -> None:
    """The rotating log file; logging.handlers (socket, pickle, …) loads after the first window has painted."""
    from kim_desktop.logging_setup import configure_logging

    try:
        configure_logging(paths.log_file)
    except OSError as exc:  # a read-only data folder: the start goes on, opening the database names the folder
        print(f"KIM Desktop: Protokoll {paths.log_file} nicht schreibbar ({exc.strerror})", file=sys.stderr)
        return
    log.info("KIM Desktop %s starting", __version__)


def main(argv: Sequence[str] | None = None) -> int:
    """Start the application: the sign-in dialog at once, the database opened behind it, then the window."""
    os.umask(0o077)  # every file we write (database, backups, letters, exports) is private to the user
    args = parse_gui_args(sys.argv[1:] if argv is None else argv)
    paths = resolve_paths(args.data_dir, args.portable)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(QIcon(str(resource("icons", "kim-desktop.svg"))))
    install_screen_fit(app)  # a dialog larger than the screen (768 px laptops) shrinks to it when shown
    apply_style(app)  # Fusion, light or dark as the platform's palette is (the desktop's scheme after first paint)
    try:
        paths.create()
    except OSError as exc:  # a folder that cannot be made (read-only, no permission): named, not a crash
        from PySide6.QtWidgets import QMessageBox

        folder = exc.filename or paths.data_dir
        reason = {errno.EROFS: _("schreibgeschützt"), errno.EACCES: _("keine Berechtigung")}.get(
            exc.errno or 0, exc.strerror or type(exc).__name__
        )
        QMessageBox.critical(None, APP_NAME, _(FOLDER_NOT_CREATED).format(folder=folder, error=reason))
        return 1
    install_excepthook(paths.log_file)
    try:
        settings = load_settings(paths.settings_file)
    except KimError as exc:  # an unreadable settings file: the user's to fix
        from PySide6.QtWidgets import QMessageBox

        start_logging(paths)
        log.warning("start refused: %s", type(exc).__name__)
        QMessageBox.critical(None, APP_NAME, error_text(exc))
        return 1
    install_language(settings.language)
    install_qt_translations(app, settings.language)
    start = StartUp(paths, settings, database_url=args.database_url)

    def after_first_paint() -> None:
        from kim_desktop.ui.widgets.wheel_guard import install_wheel_guard  # uses Qt's enum namespace: after paint

        start_logging(paths)
        follow_system_scheme(app)
        install_wheel_guard(app)  # inputs take the wheel only when focused: scrolling a form changes no value

    ctx = start.run(args.quit_after, after_first_paint=after_first_paint)
    if ctx is None:
        log.info("start ended before sign-in; KIM Desktop stopped")
        return start.exit_code
    from kim_desktop.ui.idle_lock import IdleLock
    from kim_desktop.ui.main_window import MainWindow

    assert ctx.actor is not None  # run() returns a context only once someone has signed in
    window = MainWindow(ctx)
    window.watch_other_desks()
    lock = IdleLock(window, ctx, ctx.actor, start.idle_lock_minutes)
    window.lock_action.triggered.connect(lock.lock)
    window.lock_action.setEnabled(True)
    window.show()
    QTimer.singleShot(1500, window.start_backups)  # after the first paint: a new database gets its first backup
    if start.created_first_admin:
        window.open_setup_assistant()
    freeze_loaded_objects()  # no 100-500 ms collector pauses at county scale (ui/gc_policy.py)
    collector = QTimer(window)
    collector.timeout.connect(collect_old_objects)
    collector.start(OLD_COLLECTION_INTERVAL_MS)
    if args.quit_after:
        QTimer.singleShot(args.quit_after, window.close)
    code = app.exec()
    lock.stop()
    ctx.db.close()
    log.info("KIM Desktop stopped")
    return int(code)
