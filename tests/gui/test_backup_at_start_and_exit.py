"""A new database is backed up when the window starts, not an hour later; the backup on exit says how it went."""

import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot

from kim_desktop.db.engine import sqlite_url
from kim_desktop.paths import AppPaths, resolve_paths
from kim_desktop.services.database import open_database
from kim_desktop.services.exit_backup import last_exit_backup
from kim_desktop.settings import Settings
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import AppEvents
from kim_desktop.ui.main_window import MainWindow
from kim_desktop.ui.tasks import SyncTaskRunner


def _window(qtbot: QtBot, paths: AppPaths) -> MainWindow:
    db = open_database(sqlite_url(paths.database_file), paths.backup_dir)
    ctx = UiContext(db=db, paths=paths, settings=Settings(), tasks=SyncTaskRunner(), events=AppEvents())
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_new_database_is_backed_up_at_the_first_start(qtbot: QtBot, tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "neu", portable=False).create()
    window = _window(qtbot, paths)
    assert window.backup_label.text() == "Achtung: Es gibt noch keine Sicherung der Datenbank."
    window.start_backups()  # what app.py runs right after the window has painted
    assert window.backup_label.text().startswith("Letzte Sicherung: ")
    assert window.backup_timer.isActive()
    assert len(list(paths.backup_dir.glob("**/*.sqlite*"))) >= 1
    window.close()
    window.ctx.db.close()


def test_the_outcome_of_the_backup_on_exit_shows_at_the_next_start(qtbot: QtBot, tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "daten", portable=False).create()
    window = _window(qtbot, paths)
    window.close()  # after the work done, as Ctrl+Q does
    window.ctx.db.close()
    note = last_exit_backup(paths)
    assert note is not None and note.ok

    # the next closing cannot write its backup (the backup folder is a file now)
    shutil.rmtree(paths.backup_dir)
    paths.backup_dir.write_text("kein Ordner", encoding="utf-8")
    window = _window(qtbot, paths)
    window.close()
    window.ctx.db.close()
    note = last_exit_backup(paths)
    assert note is not None and not note.ok

    paths.backup_dir.unlink()
    paths.backup_dir.mkdir()
    window = _window(qtbot, paths)
    assert window.backup_label.text().startswith("Achtung: Die Sicherung beim letzten Beenden (")
    assert "ist fehlgeschlagen" in window.backup_label.text()
    window.start_backups()  # a good backup since: the warning goes
    assert window.backup_label.text().startswith("Letzte Sicherung: ")
    window.close()
    window.ctx.db.close()
