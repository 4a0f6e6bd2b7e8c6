import sqlite3
from pathlib import Path

import pytest

from kim_desktop.db.backup import make_verified_backup
from kim_desktop.db.engine import sqlite_path, sqlite_url
from kim_desktop.db.migrate import SCHEMA_HEAD
from kim_desktop.domain.errors import DatabaseTooNew
from kim_desktop.services.database import OpenDatabase, open_database
from kim_desktop.services.restore import (
    RestoreRefused,
    check_backup_file,
    check_configured_database,
    check_database_file,
    restore_backup,
)
from tests.integration.data_safety_helpers import add_audit_rows, add_people, count_rows
from tests.integration.test_migrations import _scripts_with_extra_revision


def _file(db: OpenDatabase) -> Path:
    path = sqlite_path(db.url)
    assert path is not None
    return path


def _damage(path: Path, page: int = 3) -> None:
    """Overwrite one page in the middle of the file with garbage (as a failing disk would)."""
    with path.open("r+b") as handle:
        handle.seek(page * 4096)
        handle.write(b"\xde\xad\xbe\xef" * 1024)


def test_restore_brings_back_the_backup_and_keeps_the_current_state(
    sqlite_database: OpenDatabase, tmp_path: Path
) -> None:
    database = _file(sqlite_database)
    add_people(sqlite_database, 2, "Alt")
    backup = make_verified_backup(database, tmp_path / "backups", kind="manuell")
    add_people(sqlite_database, 5, "Neu")
    sqlite_database.close()

    report = restore_backup(backup.path, database, tmp_path / "backups")

    assert count_rows(database, "people") == 2
    assert report.counts["people"] == 2 and report.schema_after == SCHEMA_HEAD
    assert report.safety_backup is not None and count_rows(report.safety_backup, "people") == 7
    assert "vorherige Stand" in report.message()
    assert not list(database.parent.glob("*.wiederherstellung*"))
    reopened = open_database(sqlite_url(database), tmp_path / "backups")  # the app can work with it again
    add_people(reopened, 1, "Danach")
    reopened.close()
    assert count_rows(database, "people") == 3


def test_restore_of_an_older_schema_migrates_it(sqlite_database: OpenDatabase, tmp_path: Path) -> None:
    database = _file(sqlite_database)
    add_people(sqlite_database, 4)
    backup = make_verified_backup(database, tmp_path / "backups")
    sqlite_database.close()
    scripts = _scripts_with_extra_revision(tmp_path)  # this "version" of the app knows schema 0099

    report = restore_backup(backup.path, database, tmp_path / "backups", script_location=scripts)

    assert (report.schema_before, report.schema_after) == (SCHEMA_HEAD, "0099")
    conn = sqlite3.connect(database)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0099"
    assert "test_extra" in {row[1] for row in conn.execute("PRAGMA table_info(people)")}
    assert conn.execute("SELECT count(*) FROM people").fetchone()[0] == 4
    conn.close()
    assert "aktualisiert" in report.message()
    assert backup.path.exists() and count_rows(backup.path, "people") == 4  # the backup itself is untouched


@pytest.mark.parametrize("kind", ["text", "foreign", "damaged", "newer"])
def test_unusable_files_are_refused_and_nothing_changes(
    sqlite_database: OpenDatabase, tmp_path: Path, kind: str
) -> None:
    database = _file(sqlite_database)
    add_people(sqlite_database, 3)
    offered = tmp_path / "angebot.sqlite"
    if kind == "text":
        offered.write_text("Das ist keine Datenbank", encoding="utf-8")
        expected: type[Exception] = RestoreRefused
        message = "keine KIM-Desktop-Datenbank"
    elif kind == "foreign":
        conn = sqlite3.connect(offered)
        conn.execute("CREATE TABLE kunden (id INTEGER PRIMARY KEY)")
        conn.commit()
        conn.close()
        expected, message = RestoreRefused, "keine KIM-Desktop-Datenbank"
    elif kind == "damaged":
        add_audit_rows(sqlite_database, 5000)
        make_verified_backup(database, tmp_path / "x").path.rename(offered)
        _damage(offered, page=20)
        expected, message = RestoreRefused, "beschädigt"
    else:
        make_verified_backup(database, tmp_path / "x").path.rename(offered)
        conn = sqlite3.connect(offered)
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
        conn.close()
        expected, message = DatabaseTooNew, "neueren Version"
    sqlite_database.close()
    before = database.read_bytes()

    with pytest.raises(expected, match=message) as caught:
        restore_backup(offered, database, tmp_path / "backups")

    assert str(offered) in str(caught.value)
    assert "nichts verändert" in str(caught.value)
    assert database.read_bytes() == before
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").iterdir())
    assert not list(database.parent.glob("*.wiederherstellung*"))


def test_check_backup_file_reports_counts(sqlite_database: OpenDatabase, tmp_path: Path) -> None:
    add_people(sqlite_database, 2)
    backup = make_verified_backup(_file(sqlite_database), tmp_path / "b")
    check = check_backup_file(backup.path)
    assert check.schema == SCHEMA_HEAD and check.counts["people"] == 2


def test_sound_database_passes_the_start_check(sqlite_database: OpenDatabase, tmp_path: Path) -> None:
    report = check_configured_database(sqlite_database.url, tmp_path / "backups")
    assert report is not None and report.ok and "in Ordnung" in report.message()
    assert check_configured_database("postgresql+psycopg://kim@srv/kim", tmp_path) is None
    assert check_database_file(tmp_path / "neu.sqlite", tmp_path).ok  # no file yet: a new database


@pytest.mark.parametrize("full", [False, True])
def test_damaged_database_is_reported_with_the_newest_good_backup(
    sqlite_database: OpenDatabase, tmp_path: Path, full: bool
) -> None:
    database = _file(sqlite_database)
    add_audit_rows(sqlite_database, 5000)
    good = make_verified_backup(database, tmp_path / "backups")
    sqlite_database.close()
    _damage(database, page=20)

    report = check_database_file(database, tmp_path / "backups", full=full)

    assert not report.ok and report.problems
    assert report.newest_good_backup == good
    assert "ist beschädigt" in report.message() and "Jetzt wiederherstellen?" in report.message()
    restore_backup(report.newest_good_backup.path, database, tmp_path / "backups")
    assert check_database_file(database, tmp_path / "backups", full=True).ok
    assert count_rows(database, "audit_events") == 5000
    assert list((tmp_path / "backups").glob("beschaedigt-*.sqlite")), "the damaged file is kept for an expert"


def test_overwritten_header_is_damage_too(tmp_path: Path) -> None:
    database = tmp_path / "kim.sqlite"
    open_database(sqlite_url(database), None).close()
    with database.open("r+b") as handle:
        handle.write(b"\x00" * 100)
    report = check_database_file(database, tmp_path / "backups")
    assert not report.ok and report.newest_good_backup is None
    assert "keine geprüfte Sicherung" in report.message()
