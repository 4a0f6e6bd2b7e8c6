"""Setting up an office by script: `init`, `municipalities import`, and `demo-data` refusing a real database."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from kim_desktop.cli import main
from kim_desktop.db import models as m
from kim_desktop.services.database import OpenDatabase
from tests.integration.cli_accounts import PASSWORD, use_password
from tests.integration.municipality_fixtures import GV100_LINES, gv100_line, write_gv100


def _run(db: OpenDatabase, tmp_path: Path, *args: str) -> int:
    """The CLI on the test's database (SQLite file or PostgreSQL) with a data folder of its own."""
    return main(["--data-dir", str(tmp_path / "daten"), "--database-url", db.url, *args])


def _accounts(db: OpenDatabase) -> list[tuple[str, str]]:
    with db.sessions() as s:
        return [(a.username, a.role.value) for a in s.scalars(sa.select(m.Advisor))]


def test_init_creates_the_first_administrator_once(
    database: OpenDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    use_password(monkeypatch)
    assert _run(database, tmp_path, "init", "--admin", "k.meyer", "--full-name", "Katrin Meyer") == 0
    assert "Administrationskonto „k.meyer“ angelegt" in capsys.readouterr().out
    assert _accounts(database) == [("k.meyer", "admin")]
    assert _run(database, tmp_path, "init", "--admin", "zweiter") == 2
    assert "Es gibt bereits ein Benutzerkonto" in capsys.readouterr().err
    assert _accounts(database) == [("k.meyer", "admin")]
    # the new account signs in: a command that needs an account works with it
    seats = str(tmp_path / "frei.csv")
    assert _run(database, tmp_path, "--user", "k.meyer", "courses", "export", "--free-seats", seats) == 0
    assert "0 Kurse exportiert" in capsys.readouterr().out


def test_init_refuses_a_weak_password_and_a_script_without_one(
    database: OpenDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KIM_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert _run(database, tmp_path, "init", "--admin", "k.meyer") == 2
    assert "bitte KIM_PASSWORD setzen" in capsys.readouterr().err
    use_password(monkeypatch, "kurz")
    assert _run(database, tmp_path, "init", "--admin", "k.meyer") == 2
    assert "Passwort" in capsys.readouterr().err
    assert _accounts(database) == []


def test_init_asks_twice_on_a_terminal(
    database: OpenDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KIM_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    answers = iter([PASSWORD, PASSWORD + "x", PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda _prompt: next(answers))
    assert _run(database, tmp_path, "init", "--admin", "k.meyer") == 2
    assert "stimmen nicht überein" in capsys.readouterr().err
    assert _run(database, tmp_path, "init", "--admin", "k.meyer") == 0
    assert _accounts(database) == [("k.meyer", "admin")]


def _admin(database: OpenDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_password(monkeypatch)
    assert _run(database, tmp_path, "init", "--admin", "k.meyer") == 0


def test_municipalities_import_dry_run_then_import_then_again(
    database: OpenDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _admin(database, tmp_path, monkeypatch)
    path = str(write_gv100(tmp_path / "GV100AD_30092026.txt"))
    args = ["--user", "k.meyer", "municipalities", "import", path, "--kreis", "03459"]
    capsys.readouterr()
    assert _run(database, tmp_path, *args, "--dry-run") == 0
    out = capsys.readouterr().out
    assert "GV100AD (Windows-1252): 5 neu, 0 geändert, 0 unverändert, 0 fehlerhafte Zeilen" in out
    assert "1 Gemeinden anderer Kreise ausgelassen" in out and "Probelauf: nichts gespeichert." in out
    with database.sessions() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(m.Municipality)) == 0
    assert _run(database, tmp_path, *args) == 0
    assert "Gespeichert: 5 neue, 0 geänderte Gemeinden (0 unverändert)." in capsys.readouterr().out
    renamed = [*GV100_LINES[:5], gv100_line("60", "03459008", "Bramsche-Nord, Stadt", "63", "49565"), *GV100_LINES[6:]]
    write_gv100(Path(path), renamed)
    assert _run(database, tmp_path, *args) == 0
    out = capsys.readouterr().out
    assert "geändert: Bramsche-Nord (Name: Bramsche → Bramsche-Nord)" in out
    assert "Gespeichert: 0 neue, 1 geänderte Gemeinden (4 unverändert)." in out
    with database.sessions() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(m.Municipality)) == 5
        audit = s.scalars(sa.select(m.AuditEvent.action).where(m.AuditEvent.entity_type == "municipality")).all()
    assert audit.count("imported") == 2


def test_municipalities_import_names_a_broken_line_and_stores_nothing(
    database: OpenDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _admin(database, tmp_path, monkeypatch)
    path = tmp_path / "gemeinden.csv"
    path.write_text("Gemeinde;PLZ;AGS\nBelm;49191;03459002\nGlandorf;492190;03459015\n", encoding="utf-8")
    capsys.readouterr()
    assert _run(database, tmp_path, "--user", "k.meyer", "municipalities", "import", str(path)) == 1
    err = capsys.readouterr().err
    assert "Zeile 3: Spalte PLZ: „492190“ ist keine fünfstellige Postleitzahl." in err
    assert "Nichts gespeichert" in err
    with database.sessions() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(m.Municipality)) == 0
    assert _run(database, tmp_path, "--user", "k.meyer", "municipalities", "import", str(tmp_path / "fehlt.csv")) == 2
    assert "fehlt.csv" in capsys.readouterr().err


def test_municipalities_import_needs_administration(
    database: OpenDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(write_gv100(tmp_path / "a.txt"))
    assert _run(database, tmp_path, "municipalities", "import", path) == 2
    assert "bitte mit --user NAME anmelden" in capsys.readouterr().err


def test_demo_data_refuses_a_database_with_only_an_administrator(
    database: OpenDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _admin(database, tmp_path, monkeypatch)
    capsys.readouterr()
    assert _run(database, tmp_path, "--user", "k.meyer", "demo-data") == 2
    assert "bereits Benutzerkonten oder Daten" in capsys.readouterr().err
    assert _run(database, tmp_path, "demo-data") == 2
    assert _accounts(database) == [("k.meyer", "admin")]  # no demo.admin with the published password
    assert _run(database, tmp_path, "demo-data", "--if-empty") == 0
    assert "bereits Daten" in capsys.readouterr().out
    assert _accounts(database) == [("k.meyer", "admin")]


def test_demo_data_refuses_a_database_with_only_municipalities(
    database: OpenDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kim_desktop.services.municipalities import MunicipalityInput, add_municipality

    with database.sessions() as s:
        add_municipality(s, MunicipalityInput("Belm"))
    assert _run(database, tmp_path, "demo-data") == 2
    assert "bereits Benutzerkonten oder Daten" in capsys.readouterr().err
    assert _accounts(database) == []


def test_a_mistyped_command_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "initt"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fehler: Unbekannter Befehl „initt“. Befehle: info, migrate,")
    assert not (tmp_path / "kim.sqlite").exists()
