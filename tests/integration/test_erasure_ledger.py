"""Erasures stay erased: the ledger beside the file survives a restore, and a reader cannot keep a name in the file."""

import json
import shutil
import sqlite3
import threading
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from kim_desktop.db.backup import make_verified_backup
from kim_desktop.db.engine import sqlite_path, sqlite_url
from kim_desktop.db.erasure_ledger import ErasureLedger, ledger_files, pending_marker
from kim_desktop.db.models import AuditEvent, Person
from kim_desktop.services import privacy
from kim_desktop.services.database import OpenDatabase, open_database
from kim_desktop.services.erasure import SCRUB_PENDING, reapply_erasures, server_ledger, use_server_ledger
from kim_desktop.services.privacy import erase_person
from kim_desktop.services.restore import restore_backup
from tests.integration.privacy_fixtures import BIRTH, FAMILY, GIVEN, World, build_world

NOW = datetime(2026, 3, 2, 11, 0)
LATER = datetime(2026, 3, 9, 8, 30)
NEEDLES = (FAMILY[:8], GIVEN, BIRTH.isoformat(), f"{BIRTH:%d.%m.%Y}")


@pytest.fixture
def world(sqlite_database: OpenDatabase) -> World:
    with sqlite_database.sessions() as session, session.begin():
        return build_world(session)


def _file(db: OpenDatabase) -> Path:
    path = sqlite_path(db.url)
    assert path is not None
    return path


def _raw(database: Path) -> list[bytes]:
    """The database file and its -wal/-shm, as bytes."""
    return [f.read_bytes() for f in database.parent.glob(database.name + "*") if f.suffix != ".json"]


def _leftovers(database: Path) -> list[str]:
    return [n for n in NEEDLES for raw in _raw(database) if n.encode() in raw]


def _person_and_erasures(database: Path, person_id: int) -> tuple[int, list[tuple[str, str]]]:
    conn = sqlite3.connect(database)
    try:
        count = conn.execute("SELECT count(*) FROM people WHERE id = ?", (person_id,)).fetchone()[0]
        events = conn.execute(
            "SELECT actor, details FROM audit_events WHERE person_id = ? AND action = 'person_erased' ORDER BY id",
            (person_id,),
        ).fetchall()
    finally:
        conn.close()
    return int(count), [(str(a), str(d)) for a, d in events]


def test_restore_of_an_older_backup_erases_the_person_again(
    sqlite_database: OpenDatabase, world: World, tmp_path: Path
) -> None:
    database = _file(sqlite_database)
    backup = make_verified_backup(database, tmp_path / "backups", kind="manuell")  # still holds the person
    with sqlite_database.sessions() as session:
        erase_person(session, world.admin, world.person, NOW)
    sqlite_database.close()

    report = restore_backup(backup.path, database, tmp_path / "backups", now=LATER)

    count, erasures = _person_and_erasures(database, world.person)
    assert count == 0  # the erased person did not come back ...
    assert _person_and_erasures(database, world.other)[0] == 1  # ... everybody else did
    assert len(erasures) == 1 and erasures[0][0] == "System"  # the erasure is in the audit trail again
    assert json.loads(erasures[0][1]) == {"erased_at": [None, NOW.isoformat()], "reason": [None, "reapplied"]}
    assert report.reerased.people == 1
    assert "1 Person(en)" in report.message() and "erneut gelöscht" in report.message()
    assert _leftovers(database) == []  # not in the restored file either
    for path in ledger_files(database):  # the ledger itself holds no personal data
        assert path.stat().st_mode & 0o777 == 0o600
        assert not any(n.encode() in path.read_bytes() for n in NEEDLES)


def test_a_file_copied_back_by_hand_is_erased_again_at_the_next_start(
    sqlite_database: OpenDatabase, world: World, tmp_path: Path
) -> None:
    database = _file(sqlite_database)
    backup = make_verified_backup(database, tmp_path / "backups")
    with sqlite_database.sessions() as session:
        erase_person(session, world.admin, world.person, NOW)
    sqlite_database.close()
    for sidecar in (Path(f"{database}-wal"), Path(f"{database}-shm")):
        sidecar.unlink(missing_ok=True)
    shutil.copyfile(backup.path, database)  # what a colleague "restoring" with the file manager does

    reopened = open_database(sqlite_url(database), None)
    reopened.close()

    assert reopened.erasure_notice is not None and "erneut gelöscht" in reopened.erasure_notice
    assert _person_and_erasures(database, world.person)[0] == 0
    assert _leftovers(database) == []
    again = open_database(sqlite_url(database), None)  # nothing to do the next time
    again.close()
    assert again.erasure_notice is None


def test_a_rolled_back_erasure_is_taken_out_of_the_ledger(
    sqlite_database: OpenDatabase, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = ErasureLedger(_file(sqlite_database))

    def failing_record(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk gone")

    with monkeypatch.context() as patch:
        patch.setattr(privacy, "record", failing_record)  # fails after the ledger line, before the commit
        with sqlite_database.sessions() as session, pytest.raises(RuntimeError):
            erase_person(session, world.admin, world.person, NOW)
    assert ledger.entries() == []  # the line was taken back ...
    assert _person_and_erasures(_file(sqlite_database), world.person)[0] == 1  # ... as the person is still there
    with sqlite_database.sessions() as session:
        erase_person(session, world.admin, world.person, NOW)
    assert [entry.reason for entry in ledger.entries()] == ["request"]


def test_erasure_while_another_connection_reads_says_what_is_pending_and_finishes_later(
    sqlite_database: OpenDatabase, world: World
) -> None:
    database = _file(sqlite_database)
    reading, release = threading.Event(), threading.Event()

    def reader() -> None:  # another program with a list of people open: a read transaction on the file
        conn = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
        conn.execute("BEGIN")
        conn.execute("SELECT family_name, birth_date, special_needs FROM people").fetchall()
        reading.set()
        release.wait(20)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        assert reading.wait(10)
        with sqlite_database.sessions() as session:
            result = erase_person(session, world.admin, world.person, NOW)
        assert result.scrub_pending and result.message() == SCRUB_PENDING  # said honestly, in the moment
        assert "sobald alle anderen Programme die Datenbank schließen" in str(result.message())
        assert pending_marker(database).exists()
        assert _leftovers(database) != []  # and true: the reader still keeps the old pages in use
    finally:
        release.set()
        thread.join()
    # The retry at the next open (here a second desk's start while this one stays open) finishes the scrub.
    second = open_database(sqlite_url(database), None)
    second.close()
    assert not pending_marker(database).exists()
    assert _leftovers(database) == []


def test_closing_the_program_finishes_a_scrub_a_reader_had_blocked(sqlite_database: OpenDatabase, world: World) -> None:
    database = _file(sqlite_database)
    reader = sqlite3.connect(database, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT family_name FROM people").fetchall()
    with sqlite_database.sessions() as session:
        assert erase_person(session, world.admin, world.person, NOW).scrub_pending
    reader.execute("COMMIT")
    reader.close()
    sqlite_database.close()  # the last reader has gone: the program's close finishes the scrub
    assert not pending_marker(database).exists()
    assert _leftovers(database) == []


def test_the_desk_s_ledger_erases_again_what_a_server_restore_brought_back(
    database: OpenDatabase, tmp_path: Path
) -> None:
    use_server_ledger(database.engine, tmp_path)  # what open_database does with the desk's data folder
    with database.sessions() as session, session.begin():
        world = build_world(session)
        row = dict(session.execute(sa.select(Person.__table__).where(Person.id == world.person)).mappings().one())
    with database.sessions() as session:
        erase_person(session, world.admin, world.person, NOW)
    with database.sessions() as session, session.begin():  # a pg_restore of last night's dump brings the row back
        session.execute(sa.insert(Person.__table__).values(**row))

    again = reapply_erasures(database.engine, LATER)  # at the next start of this desk

    assert again.people == 1 and again.message() is not None
    with database.sessions() as session:
        assert session.get(Person, world.person) is None and session.get(Person, world.other) is not None
        reasons = list(
            session.scalars(
                sa.select(AuditEvent.details).where(
                    AuditEvent.person_id == world.person, AuditEvent.action == "person_erased"
                )
            )
        )
    assert any("reapplied" in details for details in reasons)
    if sqlite_path(database.url) is None:
        ledger = server_ledger(database.url, tmp_path)
        assert ledger.path.parent == tmp_path and len(ledger.entries()) == 1
