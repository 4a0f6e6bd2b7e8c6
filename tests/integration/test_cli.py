import subprocess
import sys
from pathlib import Path

import pytest

from kim_desktop.cli import main
from kim_desktop.db.migrate import SCHEMA_HEAD


def test_info_names_folders_and_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "info"]) == 0
    out = capsys.readouterr().out
    assert f"Datenordner:   {tmp_path}" in out
    assert f"Schema {SCHEMA_HEAD}" in out
    assert "0 Personen" in out


def test_migrate_creates_then_reports_current(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "migrate"]) == 0
    assert f"Neue Datenbank angelegt (Schema {SCHEMA_HEAD})" in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path), "migrate"]) == 0
    assert f"Die Datenbank ist aktuell (Schema {SCHEMA_HEAD})" in capsys.readouterr().out


def test_unreachable_server_gives_a_message_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"
    assert main(["--data-dir", str(tmp_path), "--database-url", url, "info"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fehler: Die Datenbank kann nicht geöffnet werden")
    assert "Traceback" not in err


def test_demo_data_then_info(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "demo-data"]) == 0
    assert "Demodaten angelegt:" in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path), "demo-data", "--if-empty"]) == 0
    assert "bereits Daten" in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path), "info"]) == 0
    assert " 0 Personen" not in capsys.readouterr().out


def test_commands_with_data_need_a_signed_in_account(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kim_desktop.services.demo_data import DEMO_PASSWORD

    assert main(["--data-dir", str(tmp_path), "demo-data"]) == 0  # an empty database: nothing to protect yet
    capsys.readouterr()
    seats = str(tmp_path / "frei.csv")
    assert main(["--data-dir", str(tmp_path), "courses", "export", "--free-seats", seats]) == 2
    assert "bitte mit --user NAME anmelden" in capsys.readouterr().err
    monkeypatch.setenv("KIM_PASSWORD", DEMO_PASSWORD)
    assert main(["--data-dir", str(tmp_path), "--user", "demo.lesen", "courses", "export", "--free-seats", seats]) == 0
    assert "Kurse exportiert" in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path), "--user", "demo.admin", "demo-data"]) == 2  # not empty: nobody
    assert "bereits Benutzerkonten oder Daten" in capsys.readouterr().err
    monkeypatch.setenv("KIM_PASSWORD", "falsches-passwort")
    assert main(["--data-dir", str(tmp_path), "--user", "demo.admin", "info"]) == 0  # info needs no account


def test_module_entry_point_dispatches_commands(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kim_desktop", "--data-dir", str(tmp_path), "info"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "KIM Desktop" in result.stdout
