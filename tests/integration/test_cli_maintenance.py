import argparse
import json
import sqlite3
from pathlib import Path

import pytest

from kim_desktop.cli.maintenance import add_maintenance_commands
from kim_desktop.cli.options import add_account_options, add_location_options
from kim_desktop.db.engine import sqlite_url
from kim_desktop.domain.errors import KimError
from kim_desktop.paths import AppPaths, resolve_paths
from kim_desktop.services.database import open_database
from kim_desktop.settings import load_settings
from tests.integration.cli_accounts import ADMIN, add_cli_accounts, use_password
from tests.integration.data_safety_helpers import add_people, count_rows


def _run(paths: AppPaths, *argv: str) -> int:
    """Parse like the real CLI and call the handler as cli.main does."""
    parser = argparse.ArgumentParser()
    add_location_options(parser)
    add_account_options(parser)
    add_maintenance_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    try:
        return int(args.handler(args, paths))
    except KimError as exc:
        print(f"Fehler: {exc}")
        return 2


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    paths = resolve_paths(tmp_path / "daten", portable=False).create()
    db = open_database(sqlite_url(paths.database_file), paths.backup_dir)
    add_people(db, 1)
    add_cli_accounts(db.sessions)
    db.close()
    use_password(monkeypatch)
    return paths


def test_backup_check_restore_round_trip(paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(paths, "--user", ADMIN, "backup") == 0
    out = capsys.readouterr().out
    assert "Sicherung geprüft und gespeichert" in out and "1 Personen" in out
    backups = sorted(paths.backup_dir.glob("kim-*.sqlite"))
    assert len(backups) == 1

    assert _run(paths, "--user", ADMIN, "backup", "--to", str(tmp_path / "stick")) == 0
    assert len(list((tmp_path / "stick").glob("kim-*.sqlite"))) == 1

    assert _run(paths, "check") == 0
    assert "in Ordnung" in capsys.readouterr().out

    conn = sqlite3.connect(paths.database_file)
    conn.execute("DELETE FROM people")
    conn.commit()
    conn.close()
    assert _run(paths, "restore", str(backups[0])) == 0
    assert "Wiederhergestellt" in capsys.readouterr().out
    assert count_rows(paths.database_file, "people") == 1


def test_restore_of_a_foreign_file_fails_with_a_message(
    paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "brief.sqlite"
    other.write_text("kein SQLite")
    assert _run(paths, "restore", str(other)) == 2
    assert "keine KIM-Desktop-Datenbank" in capsys.readouterr().out
    assert count_rows(paths.database_file, "people") == 1


def test_check_reports_damage_with_exit_status_1(paths: AppPaths, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(paths, "--user", ADMIN, "backup") == 0
    with paths.database_file.open("r+b") as handle:
        handle.write(b"\x00" * 100)
    assert _run(paths, "check", "--full") == 1
    out = capsys.readouterr().out
    assert "beschädigt" in out and "Neueste gute Sicherung" in out


def test_migrate_to_file_and_use_it(paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "neu" / "kim.sqlite"
    assert _run(paths, "--user", ADMIN, "migrate-to", str(target), "--use", "--verbose") == 0
    out = capsys.readouterr().out
    assert "Prüfsumme jeder Tabelle stimmen überein" in out and "people: 1" in out
    assert load_settings(paths.settings_file).database_url == sqlite_url(target.resolve())
    assert count_rows(target, "people") == 1
    assert (
        _run(paths, "--user", ADMIN, "--database-url", sqlite_url(paths.database_file), "migrate-to", str(target)) == 2
    )
    assert "enthält bereits Daten" in capsys.readouterr().out


def test_backup_and_migrate_to_are_recorded_as_exports(paths: AppPaths, tmp_path: Path) -> None:
    assert _run(paths, "--user", ADMIN, "backup", "--to", str(tmp_path / "stick")) == 0
    assert _run(paths, "--user", ADMIN, "migrate-to", str(tmp_path / "kopie.sqlite")) == 0
    conn = sqlite3.connect(paths.database_file)
    rows = conn.execute(
        "SELECT actor, details FROM audit_events WHERE action = 'exported' AND entity_type = 'database' ORDER BY id"
    ).fetchall()
    conn.close()
    assert [actor for actor, _ in rows] == ["Claudia Hartmann", "Claudia Hartmann"]
    backup, move = (json.loads(details) for _, details in rows)
    assert backup["copy"] == [None, "backup"] and str(tmp_path / "stick") in backup["target"][1]
    assert move["copy"] == [None, "migrate-to"] and "kopie.sqlite" in move["target"][1]
    assert backup["rows"][1] > 0 and move["rows"][1] > backup["rows"][1]  # the move also holds the backup's entry


def test_backup_of_a_server_database_points_to_pg_dump(paths: AppPaths, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(paths, "--database-url", "postgresql+psycopg://kim@srv/kim", "backup") == 2
    assert "pg_dump" in capsys.readouterr().out


def test_backup_needs_an_administrator(paths: AppPaths, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(paths, "backup") == 2
    assert "--user" in capsys.readouterr().out
    assert _run(paths, "--user", "cli.beratung", "backup") == 2
    assert "Beratung" in capsys.readouterr().out
    assert list(paths.backup_dir.glob("kim-*.sqlite")) == []
