import errno
import json
import os
import sqlite3
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from kim_desktop.db.backup import BackupInvalid, list_backups, make_verified_backup, read_sidecar, verify_copy
from kim_desktop.db.engine import sqlite_path
from kim_desktop.db.migrate import SCHEMA_HEAD
from kim_desktop.paths import AppPaths
from kim_desktop.services.backups import (
    BackupFailed,
    automatic_backup,
    backup_database,
    backup_due,
    backup_now,
    backup_status_text,
    last_good_backup,
    rotate_backups,
)
from kim_desktop.services.database import OpenDatabase
from kim_desktop.settings import Settings
from tests.integration.data_safety_helpers import add_audit_rows, add_people, count_rows


def _db_file(db: OpenDatabase) -> Path:
    path = sqlite_path(db.url)
    assert path is not None
    return path


def _paths(tmp_path: Path, db: OpenDatabase) -> AppPaths:
    data = _db_file(db).parent
    return AppPaths(data, data / "config", data / "logs", data / "backups").create()


def test_backup_is_verified_private_and_described_by_a_sidecar(sqlite_database: OpenDatabase, tmp_path: Path) -> None:
    add_people(sqlite_database, 3)
    outcome = backup_database(sqlite_database.url, tmp_path / "backups")
    info = outcome.primary
    assert info.path.exists() and info.path.stat().st_mode & 0o077 == 0
    assert info.counts["people"] == 3 and info.schema == SCHEMA_HEAD and info.verified
    sidecar = json.loads(info.sidecar.read_text(encoding="utf-8"))
    assert sidecar["counts"]["people"] == 3 and sidecar["schema"] == SCHEMA_HEAD
    assert read_sidecar(info.path) == info
    assert "3 Personen" in info.summary()
    assert count_rows(info.path, "people") == 3
    # a self-contained file: no WAL next to it, journal mode DELETE
    conn = sqlite3.connect(info.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert not list(info.path.parent.glob("*.partial"))


def test_second_folder_gets_a_copy_and_a_missing_stick_is_only_a_warning(
    sqlite_database: OpenDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _paths(tmp_path, sqlite_database)
    stick = tmp_path / "usb"
    outcome = backup_now(paths, Settings(database_url=sqlite_database.url, second_backup_dir=str(stick)))
    assert outcome.second is not None and outcome.second.path.parent == stick
    assert outcome.second_error is None

    real_open = os.open

    def stick_is_read_only(path: object, flags: int, mode: int = 0o777, **kw: object) -> int:
        if str(path).startswith(str(stick)):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, mode, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", stick_is_read_only)
    outcome = backup_now(paths, Settings(database_url=sqlite_database.url, second_backup_dir=str(stick)))
    assert outcome.second is None
    assert outcome.second_error is not None and str(stick) in outcome.second_error
    assert "schreibgeschützt" in outcome.second_error
    assert outcome.primary.path.exists()
    assert "Achtung" in outcome.message()


def test_full_backup_folder_gives_a_clear_message(
    sqlite_database: OpenDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "voll"
    real_connect = sqlite3.connect

    def disk_full(database: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        if str(database).startswith(str(target)):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_connect(database, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", disk_full)
    with pytest.raises(BackupFailed, match="ist voll") as caught:
        backup_database(sqlite_database.url, target)
    assert str(target) in str(caught.value)
    assert "Sicherung wurde nicht gespeichert" in str(caught.value)
    assert not list(target.glob("*.sqlite"))


def test_verify_copy_notices_missing_rows(sqlite_database: OpenDatabase, tmp_path: Path) -> None:
    add_people(sqlite_database, 2)
    info = backup_database(sqlite_database.url, tmp_path / "b").primary
    with pytest.raises(BackupInvalid, match=r"unvollständig.*people"):
        verify_copy(info.path, {**info.counts, "people": 3})


def test_rotation_deletes_what_the_rule_does_not_keep(sqlite_database: OpenDatabase, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    source = _db_file(sqlite_database)
    start = datetime(2026, 11, 23, 17, 0)
    for days in range(40):
        make_verified_backup(source, folder, "kim", "automatisch", "test", start - timedelta(days=days))
    before_update = make_verified_backup(source, folder, "vor-update", "vor-update", "test", start - timedelta(days=90))
    removed = rotate_backups(folder)
    left = list_backups(folder)
    # 40 days back from Monday 23.11.: 7 daily (17.-23.11.), the Sundays 15.11. and 8.11. (weeks), 31.10. (month)
    kept = {info.created_at.date() for info in left if info.kind == "automatisch"}
    expected = {datetime(2026, 11, d).date() for d in range(17, 24)} | {
        datetime(2026, 11, 15).date(),
        datetime(2026, 11, 8).date(),
        datetime(2026, 10, 31).date(),
    }
    assert kept == expected
    assert len(removed) == 40 - 10
    assert before_update.path.exists()  # copies taken before an update are not rotated
    assert all(not p.exists() and not p.with_suffix(".json").exists() for p in removed)


def test_of_two_backups_in_the_same_second_the_later_one_stays(sqlite_database: OpenDatabase, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    now = datetime(2026, 12, 2, 9, 30, 15)
    first = backup_database(sqlite_database.url, folder, now=now).primary
    add_people(sqlite_database, 1)
    second = backup_database(sqlite_database.url, folder, now=now.replace(microsecond=500)).primary
    assert second.path.name.endswith("-2.sqlite")
    assert [info.path for info in list_backups(folder)] == [second.path]
    assert not first.path.exists()
    assert second.counts["people"] == first.counts["people"] + 1


def test_a_later_backup_of_the_same_day_replaces_the_earlier_one(sqlite_database: OpenDatabase, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    morning = datetime(2026, 12, 2, 9, 30)
    backup_database(sqlite_database.url, folder, now=morning - timedelta(days=1))
    backup_database(sqlite_database.url, folder, now=morning)
    outcome = backup_database(sqlite_database.url, folder, now=morning + timedelta(seconds=1))
    assert [info.created_at for info in list_backups(folder)] == [
        morning + timedelta(seconds=1),
        morning - timedelta(days=1),
    ]
    assert len(outcome.removed) == 1


def test_last_good_backup_and_status_line(sqlite_database: OpenDatabase, tmp_path: Path) -> None:
    paths = _paths(tmp_path, sqlite_database)
    settings = Settings(database_url=sqlite_database.url)
    assert last_good_backup(paths.backup_dir) is None
    assert backup_status_text(paths, settings) == "Achtung: Es gibt noch keine Sicherung der Datenbank."
    source = _db_file(sqlite_database)
    make_verified_backup(source, paths.backup_dir, when=datetime(2026, 11, 20, 9, 0))
    newest = make_verified_backup(source, paths.backup_dir, when=datetime(2026, 11, 23, 14, 5))
    # an unverified leftover without sidecar is ignored
    (paths.backup_dir / "kim-2026-11-24T000000.sqlite").write_bytes(b"half")
    assert last_good_backup(paths.backup_dir) == newest
    now = datetime(2026, 11, 24, 8, 0)
    assert backup_status_text(paths, settings, now=now) == "Letzte Sicherung: 23.11.2026 14:05"
    later = datetime(2026, 11, 27, 8, 0)
    assert backup_status_text(paths, settings, now=later) == (
        "Achtung: Letzte Sicherung am 23.11.2026 14:05 ist älter als 2 Tage."
    )
    assert "Server" in backup_status_text(paths, Settings(database_url="postgresql+psycopg://kim@srv/kim"))
    assert not backup_due(paths.backup_dir, now=now)
    assert backup_due(paths.backup_dir, now=later)


def test_automatic_backup_runs_once_a_day(sqlite_database: OpenDatabase, tmp_path: Path) -> None:
    paths = _paths(tmp_path, sqlite_database)
    settings = Settings(database_url=sqlite_database.url)
    first = automatic_backup(paths, settings)
    assert first is not None and first.primary.kind == "automatisch"
    assert automatic_backup(paths, settings) is None
    assert automatic_backup(paths, settings, force=True) is not None  # on exit
    assert automatic_backup(paths, Settings(database_url="postgresql+psycopg://kim@srv/kim")) is None


def test_server_database_is_not_backed_up_from_the_desk(tmp_path: Path) -> None:
    with pytest.raises(BackupFailed, match="pg_dump"):
        backup_database("postgresql+psycopg://kim@srv/kim", tmp_path)


def test_backup_while_another_connection_writes_is_consistent(sqlite_database: OpenDatabase, tmp_path: Path) -> None:
    """A writer commits pairs of rows non-stop; every backup holds whole pairs, a gap-free prefix, equal counts."""
    source = _db_file(sqlite_database)
    add_audit_rows(sqlite_database, 20_000)  # a few MB, so a backup takes long enough to overlap the writes
    stop = threading.Event()
    written = [0]

    def writer() -> None:
        conn = sqlite3.connect(source, isolation_level=None, timeout=10)
        conn.execute("PRAGMA journal_mode=WAL")
        pair = 0
        while not stop.is_set():
            conn.execute("BEGIN IMMEDIATE")
            for _ in range(2):
                conn.execute(
                    "INSERT INTO audit_events (at, actor, action, entity_type, entity_id, details) "
                    "VALUES (CURRENT_TIMESTAMP, 'writer', 'pair', 'test', ?, ?)",
                    (pair, "x" * 200),
                )
            conn.execute("COMMIT")
            pair += 1
            written[0] = pair
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        backups = []
        for _ in range(6):
            before = written[0]
            backups.append((before, make_verified_backup(source, tmp_path / "b", kind="manuell")))
            time.sleep(0.02)
    finally:
        stop.set()
        thread.join()
    assert written[0] > backups[0][0], "the writer made progress during the backups"
    for written_before, info in backups:
        conn = sqlite3.connect(f"file:{info.path}?mode=ro", uri=True)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM audit_events").fetchone()[0] == info.counts["audit_events"]
        pairs = conn.execute(
            "SELECT entity_id, count(*) FROM audit_events WHERE action = 'pair' GROUP BY entity_id ORDER BY entity_id"
        ).fetchall()
        conn.close()
        assert all(n == 2 for _, n in pairs), "no transaction is split by a backup"
        assert [p for p, _ in pairs] == list(range(len(pairs))), "the snapshot is a prefix without gaps"
        assert len(pairs) >= written_before
    assert len({info.counts["audit_events"] for _, info in backups}) > 1, "backups saw different points in time"
