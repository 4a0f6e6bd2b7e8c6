"""Start-up: the sign-in dialog shows before the database is open, waits for it, and switches to the first start."""

import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from kim_desktop.db.backup import make_verified_backup
from kim_desktop.db.engine import sqlite_url
from kim_desktop.db.models import Advisor, Person
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Role
from kim_desktop.paths import AppPaths, resolve_paths
from kim_desktop.services.accounts import AccountInput, create_first_admin
from kim_desktop.services.database import open_database
from kim_desktop.services.privacy import erase_person
from kim_desktop.settings import Settings
from kim_desktop.ui.dialogs.first_admin_dialog import FirstAdminDialog
from kim_desktop.ui.dialogs.sign_in_dialog import SignInDialog
from kim_desktop.ui.start_up import StartUp
from kim_desktop.ui.tasks import Failure, Success, report_failure

PASSWORD = "Verwaltung-2026"


class HeldRunner:
    """A task runner whose worker is 'busy' until the test runs the queued work."""

    def __init__(self) -> None:
        self.queue: list[tuple[Callable[[], Any], Success, Failure | None]] = []
        self.ran: list[str] = []  # the work's function names, in order

    def run(
        self, work: Callable[[], Any], on_success: Success, on_failure: Failure | None = None, *_args: object
    ) -> None:
        """Queue the work."""
        self.queue.append((work, on_success, on_failure))

    def run_queued(self) -> None:
        """Run the queue in order, including work queued by callbacks."""
        while self.queue:
            work, on_success, on_failure = self.queue.pop(0)
            self.ran.append(work.__name__)
            try:
                result = work()
            except Exception as exc:
                (on_failure or report_failure)(exc)
                continue
            on_success(result)

    def shutdown(self) -> None:
        """Finish what is queued."""
        self.run_queued()


def data_folder(tmp_path: Path, with_admin: bool) -> AppPaths:
    """A data folder with a migrated database, with or without an account that can sign in."""
    paths = resolve_paths(tmp_path / "data", portable=False).create()
    db = open_database(sqlite_url(paths.database_file), paths.backup_dir)
    if with_admin:
        with db.sessions() as session:
            data = AccountInput("admin", "Petra Verwalt", Role.ADMIN, PASSWORD)
            create_first_admin(session, data, datetime(2026, 3, 2, 9, 0))
    db.close()
    return paths


def run_start(
    start: StartUp, runner: HeldRunner, person: Callable[[], None], then: Callable[[], None] = lambda: None
) -> object:
    """Run the start-up; `person` acts once the first dialog is on screen (before the worker has run), `then`
    after the worker has run."""

    def act() -> None:
        person()
        QApplication.processEvents()  # the worker's first job is queued after the dialog's first paint
        runner.run_queued()
        then()

    QTimer.singleShot(0, act)
    return start.run()


def test_sign_in_shows_first_and_waits_for_the_database(qtbot: QtBot, tmp_path: Path) -> None:
    paths, runner = data_folder(tmp_path, with_admin=True), HeldRunner()
    start = StartUp(paths, Settings(), runner)
    seen: dict[str, object] = {}

    def person() -> None:
        dialog = start.dialog
        assert isinstance(dialog, SignInDialog)
        seen["visible"] = dialog.isVisible()
        qtbot.keyClicks(dialog.username, "admin")
        qtbot.keyClicks(dialog.password, PASSWORD)
        dialog.submit()
        notice = start.gate.notice
        seen["notice"] = notice.labelText() if notice is not None and notice.isVisible() else None
        seen["held"] = not runner.queue  # nothing reached the worker: the sign-in waits for the database

    ctx = run_start(start, runner, person)
    assert seen == {"visible": True, "notice": "Datenbank wird geöffnet …", "held": True}
    assert ctx is start.ctx and start.ctx.actor is not None
    assert start.ctx.actor.display_name == "Petra Verwalt"
    assert start.ctx.tasks is runner and start.gate.notice is None
    # the waiting sign-in runs right after the opening; the window's modules load after it
    assert runner.ran == ["_find_locked", "_inspect", "_open", "work", "preload_window_modules"]
    start.ctx.db.close()


def test_a_database_without_accounts_switches_to_the_first_start(qtbot: QtBot, tmp_path: Path) -> None:
    paths, runner = data_folder(tmp_path, with_admin=False), HeldRunner()
    start = StartUp(paths, Settings(), runner)
    seen: list[str] = []

    def look() -> None:
        seen.append(type(start.dialog).__name__)

    def look_and_cancel() -> None:
        look()
        start.give_up()

    assert run_start(start, runner, look, then=look_and_cancel) is None
    assert seen == ["SignInDialog", "FirstAdminDialog"]
    assert start.exit_code == 0


def test_a_fresh_install_starts_with_the_first_start(qtbot: QtBot, tmp_path: Path) -> None:
    paths, runner = resolve_paths(tmp_path / "data", portable=False).create(), HeldRunner()
    start = StartUp(paths, Settings(), runner)

    def person() -> None:
        dialog = start.dialog
        assert isinstance(dialog, FirstAdminDialog)
        dialog.display_name.setText("Petra Verwalt")
        qtbot.keyClicks(dialog.username, "admin")
        qtbot.keyClicks(dialog.password, PASSWORD)
        qtbot.keyClicks(dialog.repeat, PASSWORD)
        dialog.submit()

    assert run_start(start, runner, person) is start.ctx
    assert start.ctx.actor is not None and start.ctx.actor.role == Role.ADMIN
    assert paths.database_file.exists()  # created and migrated by the worker
    start.ctx.db.close()


def test_a_damaged_file_without_backup_ends_the_start(
    qtbot: QtBot, tmp_path: Path, no_modal_message_boxes: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import kim_desktop.services.encryption as encryption

    monkeypatch.setattr(encryption, "locked_database", lambda _url: None)  # damaged, not encrypted: no passphrase
    paths, runner = resolve_paths(tmp_path / "data", portable=False).create(), HeldRunner()
    paths.database_file.write_bytes(b"not a database at all, just bytes" * 100)
    start = StartUp(paths, Settings(), runner)

    assert run_start(start, runner, lambda: None) is None
    assert start.exit_code == 1
    assert any("ist beschädigt" in text and "keine geprüfte Sicherung" in text for text in no_modal_message_boxes)
    assert paths.database_file.read_bytes().startswith(b"not a database")  # never written to


def test_a_read_only_data_folder_is_named_not_called_damaged(
    qtbot: QtBot, tmp_path: Path, no_modal_message_boxes: list[str]
) -> None:
    from kim_desktop.app import start_logging
    from kim_desktop.logging_setup import close_logging
    from tests.integration.mounts import read_only_mount

    paths, runner = data_folder(tmp_path, with_admin=True), HeldRunner()
    with read_only_mount(paths.data_dir):
        start_logging(paths)  # the log file cannot be written: the start goes on (it failed here before)
        close_logging()
        start = StartUp(paths, Settings(), runner)
        assert run_start(start, runner, lambda: None) is None
    assert start.exit_code == 1
    assert len(no_modal_message_boxes) == 1
    text = no_modal_message_boxes[0]
    assert f"In den Ordner {paths.data_dir} kann nicht geschrieben werden (schreibgeschützt" in text
    assert "beschädigt" not in text and "unerwartet" not in text.lower()


def test_a_data_folder_that_cannot_be_made_is_named(
    qtbot: QtBot, tmp_path: Path, no_modal_message_boxes: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import kim_desktop.app as app
    from tests.integration.mounts import read_only_mount

    monkeypatch.setattr(app, "apply_style", lambda _app: None)  # this test's QApplication keeps its style
    parent = tmp_path / "stick"
    parent.mkdir()
    with read_only_mount(parent):
        assert app.main(["--data-dir", str(parent / "KIM-Daten")]) == 1  # was a traceback before any window
    assert len(no_modal_message_boxes) == 1
    assert no_modal_message_boxes[0].startswith(f"Der Ordner {parent / 'KIM-Daten'} kann nicht angelegt werden (")
    assert "schreibgeschützt" in no_modal_message_boxes[0]


def test_window_modules_preload_off_the_gui_thread() -> None:
    import subprocess
    import sys

    # A fresh interpreter, so every page module is really imported in the worker thread (Qt would warn about
    # widgets or pixmaps made outside the GUI thread; the subprocess turns any Qt message into a failure).
    script = (
        "import sys, threading\n"
        "from PySide6.QtCore import qInstallMessageHandler\n"
        "from PySide6.QtWidgets import QApplication\n"
        "messages = []\n"
        "qInstallMessageHandler(lambda _kind, _context, text: messages.append(text))\n"
        "app = QApplication([])\n"
        "from kim_desktop.ui.preload import preload_window_modules\n"
        "names = []\n"
        "worker = threading.Thread(target=lambda: names.extend(preload_window_modules()))\n"
        "worker.start(); worker.join()\n"
        "assert 'kim_desktop.ui.pages.referrals_page' in names and 'kim_desktop.ui.main_window' in names, names\n"
        "assert 'kim_desktop.ui.dialogs.course_lookup_dialog' in names, names\n"
        "assert not messages, messages\n"
        "print(len(names))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout) > 10


def test_after_first_paint_runs_with_the_dialog_up_before_any_database_work(tmp_path: Path) -> None:
    paths, runner = data_folder(tmp_path, with_admin=True), HeldRunner()
    start = StartUp(paths, Settings(), runner)
    seen: list[tuple[bool, int]] = []

    def painted() -> None:
        seen.append((start.dialog is not None and start.dialog.isVisible(), len(runner.queue)))
        start.give_up()

    assert start.run(after_first_paint=painted) is None
    assert seen == [(True, 0)]


def test_the_first_window_needs_no_data_layer() -> None:
    import subprocess
    import sys

    # What `python -m kim_desktop` imports before the sign-in dialog shows (a fresh interpreter): not the data
    # layer, not the worker (ui/tasks makes Qt's enum namespace), not logging.handlers (they load after it).
    script = (
        "import sys\n"
        "import kim_desktop.__main__, kim_desktop.app\n"
        "late = ('sqlalchemy', 'alembic', 'reportlab', 'kim_desktop.db', 'kim_desktop.services', "
        "'kim_desktop.ui.tasks', 'kim_desktop.ui.main_window', 'logging.handlers', "
        "'kim_desktop.ui.dialogs.first_admin_dialog')\n"
        "print(' '.join(name for name in late if name in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == []


@pytest.mark.parametrize("answer", ["cancelled", "unlocked"])
def test_an_encrypted_database_asks_its_passphrase_before_opening(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: str
) -> None:
    from PySide6.QtWidgets import QDialog

    import kim_desktop.services.encryption as encryption
    import kim_desktop.ui.dialogs.passphrase_dialog as passphrase_dialog

    paths, runner = data_folder(tmp_path, with_admin=True), HeldRunner()
    monkeypatch.setattr(encryption, "locked_database", lambda _url: paths.database_file)
    monkeypatch.setattr(encryption, "unlock_from_keyring", lambda _database: False)
    code = QDialog.DialogCode.Accepted if answer == "unlocked" else QDialog.DialogCode.Rejected
    asked: list[Path] = []

    class Answered:  # the real dialog's exec() would block the test
        def __init__(self, database: Path) -> None:
            asked.append(database)

        def exec(self) -> QDialog.DialogCode:
            return code

    monkeypatch.setattr(passphrase_dialog, "PassphraseDialog", Answered)
    start = StartUp(paths, Settings(), runner)

    def then() -> None:
        if start.dialog is not None:
            start.give_up()

    assert run_start(start, runner, lambda: None, then=then) is None
    assert asked == [paths.database_file]
    if answer == "cancelled":
        assert runner.ran == ["_find_locked"] and start.exit_code == 0  # nothing checked, nothing opened
    else:
        assert runner.ran[:3] == ["_find_locked", "_inspect", "_open"]


@pytest.mark.parametrize("with_admin", [True, False], ids=["sign-in", "first start"])
def test_the_first_window_shows_before_qts_enum_namespace_is_built(tmp_path: Path, with_admin: bool) -> None:
    import os
    import subprocess
    import sys

    # PySide builds all ~170 enums of the `Qt` namespace on first use (~20 ms, a tenth of the start-up): the
    # first dialog must show without it (a QDialogButtonBox built with buttons, or colorScheme(), would build it).
    paths = data_folder(tmp_path, with_admin)
    if not with_admin:
        paths.database_file.unlink()
    script = (
        "import sys\n"
        "import PySide6.QtCore as core\n"
        "from PySide6.QtCore import QEvent, QObject, QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "class FirstShow(QObject):\n"
        "    def eventFilter(self, obj, event):\n"
        "        if event.type() == QEvent.Type.Show and obj.isWidgetType() and obj.isWindow() and not seen:\n"
        "            seen.append((type(obj).__name__, 'Qt' in core.__dict__))\n"
        "            QTimer.singleShot(0, obj.reject)\n"
        "        return False\n"
        "seen = []\n"
        "app = QApplication(sys.argv[:1])\n"
        "probe = FirstShow()\n"
        "app.installEventFilter(probe)\n"
        "from kim_desktop import app as kim_app\n"
        f"kim_app.main(['--data-dir', {str(paths.data_dir)!r}, '--quit-after', '5000'])\n"
        "print(seen)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False, env=env
    )
    assert done.returncode == 0, done.stderr[-2000:]
    dialog = "SignInDialog" if with_admin else "FirstAdminDialog"
    assert done.stdout.strip().splitlines()[-1] == str([(dialog, False)])


def test_a_database_copied_back_by_hand_is_erased_again_and_the_start_says_so(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths, runner = data_folder(tmp_path, with_admin=True), HeldRunner()
    db = open_database(sqlite_url(paths.database_file), paths.backup_dir)
    with db.sessions() as session, session.begin():
        admin = session.scalars(sa.select(Advisor).where(Advisor.username == "admin")).one()
        actor = Actor(admin.id, admin.display_name, admin.role)
        person = Person(family_name="Qorvendaal", given_names="Ysolde", search_key="qorvendaal ysolde")
        session.add(person)
        session.flush()
        person_id = person.id
    backup = make_verified_backup(paths.database_file, paths.backup_dir)
    with db.sessions() as session:
        erase_person(session, actor, person_id, datetime(2026, 3, 2, 11, 0))
    db.close()
    shutil.copyfile(backup.path, paths.database_file)  # "restored" with the file manager
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _parent, _title, text, *_a: warnings.append(text)))
    start = StartUp(paths, Settings(), runner)

    run_start(start, runner, lambda: None, then=start.give_up)

    assert any("erneut gelöscht" in text for text in warnings), warnings
    with start.ctx.db.sessions() as session:
        assert session.get(Person, person_id) is None
    start.ctx.db.close()


@pytest.mark.parametrize("answer", ["typed", "cancelled"])
def test_a_server_password_nobody_stored_is_asked_at_start_and_kept_in_memory(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: str
) -> None:
    from PySide6.QtWidgets import QInputDialog

    import kim_desktop.services.server_passwords as server_passwords

    paths, runner = data_folder(tmp_path, with_admin=False), HeldRunner()
    server = "postgresql+psycopg://kim_org_jobcenter@kim-server.invalid:5432/kim"
    monkeypatch.setattr(server_passwords, "password_missing", lambda url: "@kim-server.invalid" in url)
    asked: list[str] = []

    def get_text(_parent: object, _title: str, label: str, _echo: object) -> tuple[str, bool]:
        asked.append(label)
        return ("Geheim-2026", True) if answer == "typed" else ("", False)

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    start = StartUp(paths, Settings(database_url=server), runner)
    urls: list[str] = []

    def inspect() -> None:  # stands in for the check: no server behind the address in this test
        urls.append(start._database_url())

    start._inspect = inspect  # type: ignore[method-assign]
    start._inspected = lambda _report: start.give_up()  # type: ignore[method-assign]

    def then() -> None:
        if start.dialog is not None:
            start.give_up()

    assert run_start(start, runner, lambda: None, then=then) is None
    assert asked == ["Passwort des Server-Zugangs kim_org_jobcenter (kim-server.invalid):"]
    if answer == "cancelled":
        assert runner.ran == ["_find_locked"] and start.exit_code == 0
    else:
        assert urls == ["postgresql+psycopg://kim_org_jobcenter:Geheim-2026@kim-server.invalid:5432/kim"]
    assert not (paths.settings_file.exists() and "Geheim" in paths.settings_file.read_text(encoding="utf-8"))
