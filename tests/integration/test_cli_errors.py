"""The CLI's error boundary: an expected failure is one German line naming the file; a bug goes to the log."""

from pathlib import Path

import pytest

import kim_desktop.services.overview as service
from kim_desktop.cli import main
from kim_desktop.cli.errors import EXIT_UNEXPECTED, EXIT_USAGE


def test_a_missing_file_or_folder_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    merged = ["--data-dir", str(tmp_path), "report", "merge", str(tmp_path / "fehlt.json"), "--out", "x.pdf"]
    assert main(merged) == EXIT_USAGE
    assert capsys.readouterr().err == f"Fehler: „{tmp_path / 'fehlt.json'}“ gibt es nicht (Datei nicht gefunden).\n"
    into_missing = ["--data-dir", str(tmp_path), "report", "merge", str(tmp_path), "--out", "x.pdf"]
    assert main(into_missing) == EXIT_USAGE
    assert capsys.readouterr().err == f"Fehler: „{tmp_path}“ ist ein Ordner; bitte eine Datei angeben.\n"


def test_wrong_input_is_told_in_german(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--data-dir", str(tmp_path), "courses", "imprt"])
    assert stopped.value.code == EXIT_USAGE
    assert "Fehler: Unbekannte Angabe „imprt“ für AKTION. Möglich: import, export" in capsys.readouterr().err


def test_a_bug_is_a_short_message_and_the_traceback_is_only_in_the_log(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> int:
        raise ZeroDivisionError(f"Geheimnis {4700 + 11}")  # written so the number is not in the source line

    monkeypatch.setattr(service, "database_overview", broken)
    assert main(["--data-dir", str(tmp_path), "info"]) == EXIT_UNEXPECTED
    err = capsys.readouterr().err
    log = tmp_path / "logs" / "kim-desktop.log"
    assert err == (
        f"Fehler: Unerwarteter Fehler bei „info“ (ZeroDivisionError); Einzelheiten im Protokoll {log}. "
        "Bitte melden Sie ihn der Technik-Betreuung.\n"
    )
    written = log.read_text(encoding="utf-8")
    assert "Traceback" in written and "ZeroDivisionError" in written and "cmd_info" in written
    assert "4711" not in written  # the log keeps no exception messages (they can hold personal data)


def test_a_full_disk_at_sign_in_names_the_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    import kim_desktop.services.accounts as accounts

    def disk_full(*_args: object) -> None:  # what SQLite raised when sign-in recorded the sign-in on a full disk
        raise OperationalError("UPDATE accounts", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(accounts, "sign_in", disk_full)
    monkeypatch.setenv("KIM_PASSWORD", "egal")
    export = ["courses", "export", "--free-seats", str(tmp_path / "frei.csv")]
    assert main(["--data-dir", str(tmp_path), "--user", "admin", *export]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith(f"Fehler: Der Datenträger mit dem Ordner {tmp_path} ist voll. Der Befehl wurde abgebrochen.")
    assert "OperationalError" not in err


def test_migrate_to_a_file_that_is_no_database_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "notizen.txt"
    target.write_text("keine Datenbank", encoding="utf-8")
    assert main(["--data-dir", str(tmp_path / "daten"), "migrate-to", str(target)]) == EXIT_USAGE
    assert (
        capsys.readouterr().err == f"Fehler: Das Ziel {target} ist keine SQLite-Datenbank; es wurde nichts kopiert.\n"
    )
    assert target.read_text(encoding="utf-8") == "keine Datenbank"
