"""Quitting while the worker and the change watcher are busy: the process ends with 0, no hang, no crash."""

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from kim_desktop.db.engine import sqlite_url
from kim_desktop.domain.enums import Role
from kim_desktop.paths import resolve_paths
from kim_desktop.services.accounts import AccountInput, create_first_admin
from kim_desktop.services.database import open_database

PASSWORD = "Verwaltung-2026"

# The real `python -m kim_desktop` start in a fresh interpreter; a person signs in as soon as the dialog shows
# (before the database is open) and ends the program the moment the window is up (closes it, or QApplication.quit()),
# with a slow task just queued behind the preloading of the pages and the change watcher polling. Qt's messages are
# collected: none may appear.
SCRIPT = """
import faulthandler, sys, threading, time
from PySide6.QtCore import QEvent, QObject, QTimer, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

faulthandler.dump_traceback_later(90, exit=True)
messages = []
# the offscreen platform's own notice is no problem of ours
qInstallMessageHandler(lambda _kind, _context, text: "propagateSizeHints" in text or messages.append(text))
data_dir, user, password, how = sys.argv[1:5]


class Person(QObject):
    window = None
    watcher = None

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            name = type(watched).__name__
            if name == "SignInDialog":
                watched.username.setText(user)
                watched.password.setText(password)
                QTimer.singleShot(0, watched.buttons.button(QDialogButtonBox.StandardButton.Ok).click)
            elif name == "MainWindow" and self.window is None:
                self.window = watched
                QTimer.singleShot(0, self.quit_while_busy)
        return False

    def quit_while_busy(self):
        window = self.window

        def slow():  # longer than the progress dialog's delay: it must not appear after the window has gone
            time.sleep(1.0)
            print("slow work done", flush=True)
            return "result"

        window.ctx.tasks.run(slow, lambda _result: print("delivered", flush=True), None, "", window)
        self.watcher = window.change_watcher._thread
        print("watcher running", self.watcher.is_alive(), flush=True)
        if how == "close":
            window.close()
        else:  # the application told to end with the window still open (a script, the session ending)
            QApplication.quit()
        print("asked to end", flush=True)


app = QApplication(sys.argv[:1])
person = Person()
app.installEventFilter(person)
from kim_desktop.app import main

code = main(["--data-dir", data_dir])
print("main returned", code, flush=True)
print("watcher stopped", not person.watcher.is_alive(), "window visible", person.window.isVisible(), flush=True)
print("qt messages", messages, flush=True)
sys.exit(code)
"""


@pytest.mark.parametrize("how", ["close", "quit"])
def test_ending_while_busy_ends_the_process_with_0(tmp_path: Path, how: str) -> None:
    paths = resolve_paths(tmp_path / "data", portable=False).create()
    db = open_database(sqlite_url(paths.database_file), paths.backup_dir)
    with db.sessions() as session:
        create_first_admin(session, AccountInput("admin", "Petra Verwalt", Role.ADMIN, PASSWORD), datetime.now())
    db.close()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[2]), os.environ.get("PYTHONPATH", "")]),
    }
    command = [sys.executable, "-X", "faulthandler", "-c", SCRIPT, str(paths.data_dir), "admin", PASSWORD, how]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)

    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    # "delivered" may or may not come: the event loop ends with the last window, results still queued are dropped
    lines = [line for line in done.stdout.splitlines() if line != "delivered"]
    assert lines == [
        "watcher running True",
        "slow work done",  # closing the window waits for the work queued (Qt 6's quit() closes the windows too)
        "asked to end",
        "main returned 0",
        "watcher stopped True window visible False",
        "qt messages []",
    ], done.stdout + done.stderr[-3000:]
    log = (paths.log_dir / "kim-desktop.log").read_text(encoding="utf-8")
    assert " ERROR " not in log and "KIM Desktop stopped" in log
