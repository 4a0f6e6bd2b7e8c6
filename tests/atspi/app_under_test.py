"""Shows the person form on a real display for probe.py to read over AT-SPI, then fails a save for it to hear.

Run through run.sh (Xvfb, a private D-Bus session, the accessibility bus); not a pytest module.
"""

import os
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kim_desktop.db.engine import sqlite_url
from kim_desktop.domain.enums import Role
from kim_desktop.paths import resolve_paths
from kim_desktop.services.accounts import AccountInput, create_first_admin, sign_in
from kim_desktop.services.database import open_database
from kim_desktop.settings import Settings
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.person_form import PersonForm
from kim_desktop.ui.events import AppEvents
from kim_desktop.ui.tasks import SyncTaskRunner

NOW = datetime(2026, 3, 2, 9, 0)
PROBE_PYTHON = os.environ.get("ATSPI_PYTHON", "/usr/bin/python3")  # the Python that has pyatspi (Debian's)


def main() -> int:
    """Show the form, start the probe, fail a save when the probe is listening, end when the probe ends."""
    work = Path(tempfile.mkdtemp(prefix="kim-atspi-"))
    db = open_database(sqlite_url(work / "kim.sqlite"), work / "backups")
    with db.sessions() as session:
        create_first_admin(session, AccountInput("admin", "Petra Verwalt", Role.ADMIN, "Verwaltung-2026"), NOW)
    with db.sessions() as session:
        admin = sign_in(session, "admin", "Verwaltung-2026", NOW)
    paths = resolve_paths(work / "data", portable=False).create()
    ctx = UiContext(db=db, paths=paths, settings=Settings(), tasks=SyncTaskRunner(), events=AppEvents())
    ctx = replace(ctx, actor=admin)
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("kim-atspi-check")
    form = PersonForm(ctx)
    form.show()
    ready = work / "probe-listening"
    probe = Path(__file__).with_name("probe.py")
    process: list[subprocess.Popen[bytes]] = []
    saved = []

    def start_probe() -> None:
        process.append(subprocess.Popen([PROBE_PYTHON, str(probe), str(ready)]))

    def poll() -> None:
        if not process:
            return
        if ready.exists() and not saved:
            saved.append(True)
            form.save()  # empty: refused, the fields are marked and the errors announced
        if process[0].poll() is not None:
            app.exit(process[0].returncode)

    QTimer.singleShot(1500, start_probe)
    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(200)
    QTimer.singleShot(60_000, lambda: app.exit(3))
    code = app.exec()
    form.fields.errors.clear()
    form.done(0)
    db.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
