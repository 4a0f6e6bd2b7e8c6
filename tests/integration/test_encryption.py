import contextlib
import sqlite3
from pathlib import Path

import pytest

from kim_desktop.db.backup import read_only, table_counts
from kim_desktop.db.cipher import DatabaseKey, WrongPassphrase, forget_key, is_encrypted, key_for
from kim_desktop.db.engine import sqlite_path, sqlite_url
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Role
from kim_desktop.domain.errors import NotAllowed
from kim_desktop.services.backups import backup_database
from kim_desktop.services.database import OpenDatabase, open_database
from kim_desktop.services.demo_data import generate_demo_data
from kim_desktop.services.encryption import (
    EncryptionFailed,
    PlainBackups,
    decrypt_database,
    encrypt_database,
    encryption_state,
    locked_database,
    passphrase_problem,
    unlock,
    unlock_from_keyring,
)
from kim_desktop.services.restore import RestoreRefused, check_database_file, restore_backup
from tests.integration.data_safety_helpers import add_people
from tests.integration.encryption_fixtures import (
    KNOWN_NAME,
    PASSPHRASE,
    add_known_person,
    assert_not_plain_sqlite,
    clear_unlocked_keys,
    use_memory_keyring,
)


@pytest.fixture(autouse=True)
def _no_key_unlocked(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_unlocked_keys(monkeypatch)


def _path(db: OpenDatabase) -> Path:
    path = sqlite_path(db.url)
    assert path is not None
    return path


def _counts(path: Path, key: DatabaseKey | None = None) -> dict[str, int]:
    with read_only(path, key) as conn:
        return table_counts(conn)


def test_encrypting_the_demo_database_keeps_every_row_and_hides_it(
    sqlite_database: OpenDatabase, tmp_path: Path
) -> None:
    generate_demo_data(sqlite_database.sessions, scale=1)
    add_known_person(sqlite_database)
    backups = tmp_path / "backups"
    old_backup = backup_database(sqlite_database.url, backups).primary.path
    path = _path(sqlite_database)
    sqlite_database.close()
    before = _counts(path)
    assert before["people"] > 100

    report = encrypt_database(path, PASSPHRASE, [backups], PlainBackups.ENCRYPT)

    assert report.encrypted and report.counts == before and report.backups_encrypted == 1
    assert_not_plain_sqlite(path)
    assert_not_plain_sqlite(old_backup)  # the older plain backup was encrypted in place
    assert _counts(path, DatabaseKey(PASSPHRASE)) == before
    assert _counts(old_backup, DatabaseKey(PASSPHRASE))["people"] == before["people"]
    leftovers = [p.name for p in path.parent.iterdir() if p.name.endswith((".alt", ".umschluesseln"))]
    assert leftovers == []

    db = open_database(sqlite_url(path), backups)  # the key is unlocked in this process now
    try:
        with db.engine.connect() as conn:
            assert (
                conn.exec_driver_sql("select count(*) from people where family_name = ?", (KNOWN_NAME,)).scalar() == 1
            )
    finally:
        db.close()

    assert decrypt_database(path, PASSPHRASE).counts == before
    assert key_for(path) is None
    assert _counts(path) == before
    assert KNOWN_NAME.encode() in path.read_bytes()  # plain again, readable by any sqlite3


def test_backup_of_an_encrypted_database_is_encrypted_and_restores(
    sqlite_database: OpenDatabase, tmp_path: Path
) -> None:
    add_known_person(sqlite_database)
    path, backups = _path(sqlite_database), tmp_path / "backups"
    sqlite_database.close()
    encrypt_database(path, PASSPHRASE)
    db = open_database(sqlite_url(path), backups)
    add_people(db, 3)
    backup = backup_database(db.url, backups).primary.path
    add_people(db, 5, prefix="Danach")
    db.close()

    assert_not_plain_sqlite(backup)
    report = restore_backup(backup, path, backups)

    assert report.counts["people"] == 4
    assert_not_plain_sqlite(path)
    assert _counts(path, DatabaseKey(PASSPHRASE))["people"] == 4
    assert check_database_file(path, backups, full=True).ok
    assert report.safety_backup is not None
    assert_not_plain_sqlite(report.safety_backup)  # the state before the restore is kept encrypted too


def test_a_plain_backup_restored_into_an_encrypted_desk_stays_encrypted(
    sqlite_database: OpenDatabase, tmp_path: Path
) -> None:
    add_known_person(sqlite_database)
    backups = tmp_path / "backups"
    plain_backup = backup_database(sqlite_database.url, backups).primary.path
    path = _path(sqlite_database)
    sqlite_database.close()
    encrypt_database(path, PASSPHRASE, [backups], PlainBackups.KEEP)
    assert encryption_state(sqlite_url(path), [backups]).plain_backups == 1

    restore_backup(plain_backup, path, backups)

    assert_not_plain_sqlite(path)
    assert _counts(path, DatabaseKey(PASSPHRASE))["people"] == 1


def test_an_encrypted_backup_needs_its_passphrase(sqlite_database: OpenDatabase, tmp_path: Path) -> None:
    path, backups = _path(sqlite_database), tmp_path / "backups"
    add_known_person(sqlite_database)
    sqlite_database.close()
    encrypt_database(path, PASSPHRASE)
    backup = backup_database(sqlite_url(path), backups).primary.path
    other = tmp_path / "other" / "kim.sqlite"
    open_database(sqlite_url(other), None).close()

    with pytest.raises(RestoreRefused, match="verschlüsselte Sicherung"):
        restore_backup(backup, other, backups)
    with pytest.raises(RestoreRefused, match="nicht öffnen"):
        restore_backup(backup, other, backups, key=DatabaseKey("eine-ganz-andere"))
    restore_backup(backup, other, backups, key=DatabaseKey(PASSPHRASE))
    assert _counts(other, DatabaseKey(PASSPHRASE))["people"] == 1


def test_wrong_passphrase_is_refused_in_german_and_writes_nothing(sqlite_database: OpenDatabase) -> None:
    path = _path(sqlite_database)
    sqlite_database.close()
    encrypt_database(path, PASSPHRASE)
    cipher_keys = {path: key_for(path)}
    forget_key(path)  # as in a new process: nothing unlocked
    assert locked_database(sqlite_url(path)) == path
    before = (path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir()))

    with pytest.raises(WrongPassphrase, match="Passphrase ist falsch"):
        unlock(path, "falsche-passphrase")

    assert (path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir())) == before
    assert key_for(path) is None
    report = check_database_file(path, path.parent / "backups")
    assert not report.ok  # locked: the integrity check cannot read it and says so instead of passing it
    unlock(path, PASSPHRASE)
    assert key_for(path) == cipher_keys[path]
    assert locked_database(sqlite_url(path)) is None
    assert check_database_file(path, path.parent / "backups", full=True).ok


def test_keyring_keeps_the_passphrase(sqlite_database: OpenDatabase, monkeypatch: pytest.MonkeyPatch) -> None:
    memory_keyring = use_memory_keyring(monkeypatch)
    path = _path(sqlite_database)
    sqlite_database.close()
    report = encrypt_database(path, PASSPHRASE, store_in_keyring=True)
    assert report.keyring_note is not None and "Schlüsselbund" in report.keyring_note
    assert list(memory_keyring.store.values()) == [PASSPHRASE]
    forget_key(path)
    assert unlock_from_keyring(path)
    assert key_for(path) == DatabaseKey(PASSPHRASE)

    decrypt_database(path, PASSPHRASE)
    assert memory_keyring.store == {}


def test_switching_is_refused_for_other_roles_and_bad_passphrases(sqlite_database: OpenDatabase) -> None:
    path = _path(sqlite_database)
    sqlite_database.close()
    advisor = Actor(advisor_id=1, display_name="Beraterin", role=Role.ADVISOR)
    with pytest.raises(NotAllowed):
        encrypt_database(path, PASSPHRASE, actor=advisor)
    with pytest.raises(EncryptionFailed, match="mindestens 10 Zeichen"):
        encrypt_database(path, "kurz")
    assert passphrase_problem(PASSPHRASE, PASSPHRASE + "x") is not None
    assert passphrase_problem(PASSPHRASE, PASSPHRASE) is None
    with contextlib.closing(sqlite3.connect(path)) as conn:  # closed: an open connection refuses the switch
        assert conn.execute("select count(*) from sqlite_master").fetchone()[0] > 0
    encrypt_database(path, PASSPHRASE)
    with pytest.raises(EncryptionFailed, match="bereits verschlüsselt"):
        encrypt_database(path, PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        decrypt_database(path, "falsche-passphrase")
    assert_not_plain_sqlite(path)


def test_an_interrupted_switch_puts_the_old_file_back(sqlite_database: OpenDatabase) -> None:
    add_known_person(sqlite_database)
    path = _path(sqlite_database)
    sqlite_database.close()
    old = path.with_name(path.name + ".alt")
    path.rename(old)  # crash right after moving the old file aside

    assert locked_database(sqlite_url(path)) is None
    assert path.exists() and not old.exists()
    assert _counts(path)["people"] == 1


def test_a_wiped_plain_header_is_damage_not_encryption(sqlite_database: OpenDatabase) -> None:
    path = _path(sqlite_database)
    sqlite_database.close()
    assert not is_encrypted(path)
    with path.open("r+b") as handle:
        handle.write(b"\x00" * 16)  # magic gone, but the header's fixed fields still say plain SQLite
    assert not is_encrypted(path)
    with path.open("r+b") as handle:
        handle.write(b"\x00" * 100)
    assert not is_encrypted(path)
    assert locked_database(sqlite_url(path)) is None  # no passphrase prompt: the start-up check reports damage
    assert not check_database_file(path, path.parent / "backups").ok


def test_an_encrypted_file_is_recognised(sqlite_database: OpenDatabase) -> None:
    path = _path(sqlite_database)
    sqlite_database.close()
    encrypt_database(path, PASSPHRASE)
    assert is_encrypted(path)
    forget_key(path)
    report = check_database_file(path, path.parent / "backups")
    assert not report.ok and "nicht entsperrt" in report.problems[0]
