"""Encrypt, decrypt, restore and migrate-to against a live writer process: refused with a message, nothing lost."""

import os
import queue
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kim_desktop.db.backup import make_verified_backup
from kim_desktop.db.cipher import DatabaseKey, connect, remember_key
from kim_desktop.db.engine import sqlite_url
from kim_desktop.db.switch_lock import DatabaseInUse, DatabaseSwitching, exclusive_use
from kim_desktop.services.database import open_database
from kim_desktop.services.encryption import decrypt_database, encrypt_database
from kim_desktop.services.restore import restore_backup
from kim_desktop.services.server_move import copy_database
from tests.integration.encryption_fixtures import PASSPHRASE, clear_unlocked_keys

WRITER = Path(__file__).with_name("live_writer.py")
REPO = Path(__file__).resolve().parents[2]
IN_USE = "Die Datenbank wird noch von einem anderen Programm benutzt"


@pytest.fixture(autouse=True)
def _no_key_unlocked(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_unlocked_keys(monkeypatch)


class Writer:
    """The writer process and the lines it printed."""

    def __init__(self, path: Path, passphrase: str | None = None) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        if passphrase:
            env["KIM_TEST_PASSPHRASE"] = passphrase
        self.proc = subprocess.Popen(
            [sys.executable, str(WRITER), sqlite_url(path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1, cwd=REPO, env=env,
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            self.seen.append(line)
            if predicate(line):
                return line
        raise AssertionError(f"the writer did not say it in time; it said: {self.seen[-5:]}")

    def acks(self, n: int) -> None:
        for _ in range(n):
            self.wait_for(lambda line: line.startswith("ack "))

    def stop(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("quit\n")
        self.proc.stdin.flush()
        self.wait_for(lambda line: line == "done")
        self.proc.wait(10)

    @property
    def acked(self) -> set[int]:
        return {int(line.split()[1]) for line in self.seen if line.startswith("ack ")}

    @property
    def failures(self) -> list[str]:
        return [line for line in self.seen if line.startswith("error ")]


@pytest.fixture
def writer_on() -> Iterator[Callable[..., Writer]]:
    started: list[Writer] = []

    def start(path: Path, passphrase: str | None = None) -> Writer:
        writer = Writer(path, passphrase)
        started.append(writer)
        return writer

    yield start
    for writer in started:
        if writer.proc.poll() is None:
            writer.proc.kill()
        writer.proc.wait(10)
        writer.reader.join(10)
        for pipe in (writer.proc.stdin, writer.proc.stdout):
            if pipe is not None:
                pipe.close()


def _ids_in(path: Path, key: DatabaseKey | None = None) -> set[int]:
    conn = connect(path, key, read_only=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return {int(row[0]) for row in conn.execute("SELECT id FROM audit_events WHERE action = 'live'")}
    finally:
        conn.close()


def _database(tmp_path: Path) -> Path:
    path = tmp_path / "kim.sqlite"
    open_database(sqlite_url(path), None).close()
    return path


SWITCHES = ["encrypt", "decrypt", "restore", "migrate-to"]


def _switch(kind: str, path: Path, tmp_path: Path, backup: Path) -> Path:
    """Run one switch; the file that holds the result."""
    if kind == "encrypt":
        encrypt_database(path, PASSPHRASE)
        return path
    if kind == "decrypt":
        decrypt_database(path, PASSPHRASE)
        return path
    if kind == "restore":
        restore_backup(backup, path, tmp_path / "backups")
        return path
    target = tmp_path / "ziel.sqlite"
    copy_database(sqlite_url(path), sqlite_url(target))
    return target


@pytest.mark.parametrize("kind", SWITCHES)
def test_a_switch_against_a_live_writer_is_refused_and_loses_no_save(
    tmp_path: Path, writer_on: Callable[..., Writer], kind: str
) -> None:
    path = _database(tmp_path)
    passphrase = None
    if kind == "decrypt":
        encrypt_database(path, PASSPHRASE)
        passphrase = PASSPHRASE
    key = DatabaseKey(PASSPHRASE) if passphrase else None
    backup = make_verified_backup(path, tmp_path / "backups").path if kind == "restore" else path
    writer = writer_on(path, passphrase)
    writer.acks(20)

    with pytest.raises(DatabaseInUse) as refused:
        _switch(kind, path, tmp_path, backup)

    assert IN_USE in str(refused.value) and "nichts verändert" in str(refused.value)
    writer.acks(20)  # it keeps saving, undisturbed
    writer.stop()
    assert writer.failures == []  # never "malformed", never anything
    assert writer.acked <= _ids_in(path, key)  # every acknowledged save is in the file
    if key is not None:
        remember_key(path, key)
    result = _switch(kind, path, tmp_path, backup)  # once the other program has closed, the switch goes through
    if kind != "restore":  # a restore puts back the backup's older state on purpose
        result_key = DatabaseKey(PASSPHRASE) if kind == "encrypt" else None
        assert writer.acked <= _ids_in(result, result_key)


def test_a_program_starting_during_a_switch_is_refused_with_a_message_and_waits(
    tmp_path: Path, writer_on: Callable[..., Writer]
) -> None:
    path = _database(tmp_path)
    with exclusive_use(path):  # what encrypt/restore/migrate-to hold while they run
        writer = writer_on(path)
        refusal = writer.wait_for(lambda line: line.startswith("refused "))
        assert "wird gerade von einem anderen Programm umgestellt" in refusal
        time.sleep(0.3)
        assert not any(line == "ready" for line in writer.seen)
    writer.wait_for(lambda line: line == "ready")  # it opens as soon as the switch is over
    writer.acks(5)
    writer.stop()
    assert writer.failures == [] and writer.acked <= _ids_in(path)


def test_this_process_may_switch_with_its_own_connections_open(tmp_path: Path) -> None:
    path = _database(tmp_path)
    db = open_database(sqlite_url(path), None)
    try:
        with db.sessions() as session:
            session.connection()
        with exclusive_use(path):  # the window's migrate-to runs while the window's own engine is open
            open_database(sqlite_url(path), None).close()
    finally:
        db.close()
    other = subprocess.run(
        [sys.executable, "-c", "import sys; from kim_desktop.services.database import open_database; "
         "open_database(sys.argv[1], None).close()", sqlite_url(path)],
        cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert other.returncode == 0, other.stderr  # released: another program opens it again


def test_switching_is_refused_in_another_process_by_the_lock_alone(tmp_path: Path) -> None:
    path = _database(tmp_path)
    with exclusive_use(path):
        code = (
            "import sys; from pathlib import Path\n"
            "from kim_desktop.db.switch_lock import DatabaseInUse, exclusive_use\n"
            "try:\n    exclusive_use(Path(sys.argv[1])).__enter__()\nexcept DatabaseInUse as e:\n    print(e)\n"
        )
        other = subprocess.run(
            [sys.executable, "-c", code, str(path)], cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert IN_USE in other.stdout
    assert sqlite3.connect(path).execute("PRAGMA quick_check").fetchone() == ("ok",)
    assert DatabaseSwitching.__mro__[1].__name__ == "DatabaseUnavailable"


@pytest.mark.parametrize("kind", ["encrypt", "restore"])
def test_a_database_tool_that_ignores_the_lock_file_is_noticed_too(tmp_path: Path, kind: str) -> None:
    path = _database(tmp_path)
    backup = make_verified_backup(path, tmp_path / "backups").path
    tool = sqlite3.connect(path, isolation_level=None)  # e.g. DB Browser: open, idle, no transaction
    tool.execute("PRAGMA journal_mode").fetchone()
    tool.execute("SELECT count(*) FROM people").fetchone()
    try:
        with pytest.raises(DatabaseInUse, match=IN_USE):
            _switch(kind, path, tmp_path, backup)
    finally:
        tool.close()
    _switch(kind, path, tmp_path, backup)  # closed: it goes through
