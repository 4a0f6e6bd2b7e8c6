from pathlib import Path

import pytest

from kim_desktop.cli import main
from kim_desktop.db.engine import sqlite_url
from kim_desktop.paths import AppPaths, resolve_paths
from kim_desktop.services.database import open_database
from tests.integration.encryption_fixtures import (
    PASSPHRASE,
    add_known_person,
    assert_not_plain_sqlite,
    clear_unlocked_keys,
)


@pytest.fixture(autouse=True)
def _no_key_unlocked(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_unlocked_keys(monkeypatch)


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    paths = resolve_paths(tmp_path / "daten", portable=False).create()
    db = open_database(sqlite_url(paths.database_file), paths.backup_dir)
    add_known_person(db)
    db.close()
    return paths


def _cli(paths: AppPaths, *argv: str) -> int:
    return main(["--data-dir", str(paths.data_dir), *argv])


def test_encrypt_then_every_command_needs_the_passphrase(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli(paths, "backup") == 0
    monkeypatch.setenv("KIM_DB_PASSPHRASE", PASSPHRASE)
    assert _cli(paths, "encrypt") == 0
    out = capsys.readouterr().out
    assert "jetzt verschlüsselt" in out and "1 ältere Sicherung(en) verschlüsselt" in out
    assert_not_plain_sqlite(paths.database_file)
    for backup in paths.backup_dir.glob("*.sqlite"):
        assert_not_plain_sqlite(backup)

    clear_unlocked_keys(monkeypatch)  # each CLI call is a new process
    monkeypatch.setenv("KIM_DB_PASSPHRASE", "falsche-passphrase")
    assert _cli(paths, "info") == 2
    assert "Passphrase ist falsch" in capsys.readouterr().err

    monkeypatch.setenv("KIM_DB_PASSPHRASE", PASSPHRASE)
    assert _cli(paths, "info") == 0
    assert "1 Personen" in capsys.readouterr().out
    clear_unlocked_keys(monkeypatch)
    assert _cli(paths, "check", "--full") == 0
    assert "in Ordnung" in capsys.readouterr().out
    clear_unlocked_keys(monkeypatch)
    assert _cli(paths, "backup") == 0
    newest = max(paths.backup_dir.glob("kim-*.sqlite"), key=lambda p: p.stat().st_mtime_ns)
    assert_not_plain_sqlite(newest)
    clear_unlocked_keys(monkeypatch)
    assert _cli(paths, "restore", str(newest)) == 0
    assert_not_plain_sqlite(paths.database_file)

    clear_unlocked_keys(monkeypatch)
    assert _cli(paths, "decrypt") == 0
    assert "jetzt unverschlüsselt" in capsys.readouterr().out
    monkeypatch.delenv("KIM_DB_PASSPHRASE")
    clear_unlocked_keys(monkeypatch)
    assert _cli(paths, "info") == 0
    assert "1 Personen" in capsys.readouterr().out


def test_encrypt_refuses_a_short_passphrase(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KIM_DB_PASSPHRASE", "kurz")
    assert _cli(paths, "encrypt") == 2
    assert "mindestens 10 Zeichen" in capsys.readouterr().err
    assert paths.database_file.read_bytes().startswith(b"SQLite format 3\x00")
