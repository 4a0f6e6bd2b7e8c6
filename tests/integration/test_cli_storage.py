"""Full disk, read-only folder, damaged file: each a German message naming the folder or file, never a traceback."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kim_desktop.cli import main
from kim_desktop.cli.errors import EXIT_OK, EXIT_USAGE
from tests.integration.mounts import fill_up, read_only_mount, small_tmpfs, without_permission_override

PASSWORD = "Verwaltung-2026"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def signed_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIM_PASSWORD", PASSWORD)


def _first_admin(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data), "init", "--admin", "admin"]) == EXIT_OK
    capsys.readouterr()


def _run(data: Path, *words: str) -> int:
    return main(["--data-dir", str(data), "--user", "admin", *words])


# --- full disk -------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("signed_in")
def test_a_full_disk_is_named_not_a_traceback_at_sign_in(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with small_tmpfs(tmp_path / "voll", "4M") as data:
        _first_admin(data, capsys)
        fill_up(data)
        code = _run(data, "courses", "export", "--free-seats", str(tmp_path / "frei.csv"))
        err = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert err.startswith(f"Fehler: Der Datenträger mit dem Ordner {data} ist voll.")
    assert "Bitte schaffen Sie Platz" in err
    assert "OperationalError" not in err and "Traceback" not in err
    assert not (tmp_path / "frei.csv").exists()


@pytest.mark.usefixtures("signed_in")
def test_a_backup_onto_a_full_disk_leaves_no_partial_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "daten"
    _first_admin(data, capsys)
    with small_tmpfs(tmp_path / "stick", "1M") as stick:
        fill_up(stick)
        code = _run(data, "backup", "--to", str(stick))
        err = capsys.readouterr().err
        left = sorted(path.name for path in stick.iterdir())
    assert code == EXIT_USAGE
    assert f"Der Datenträger mit dem Ordner {stick} ist voll. Die Sicherung wurde nicht gespeichert." in err
    assert left == ["fueller.bin"]  # no 0-byte kim-….sqlite.partial


# --- read-only data folder -------------------------------------------------------------------------------------


def test_a_read_only_folder_is_named_and_an_intact_database_is_not_called_damaged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], signed_in: None
) -> None:
    data = tmp_path / "daten"
    _first_admin(data, capsys)
    with read_only_mount(data):
        checked = main(["--data-dir", str(data), "check"])
        out = capsys.readouterr().out
        info = main(["--data-dir", str(data), "info"])
        info_err = capsys.readouterr().err
        export = _run(data, "courses", "export", "--free-seats", str(tmp_path / "frei.csv"))
        export_err = capsys.readouterr().err
    assert checked == EXIT_OK
    assert f"Die Datenbank {data / 'kim.sqlite'} ist in Ordnung." in out and "beschädigt" not in out
    assert f"Hinweis: Der Ordner {data} ist schreibgeschützt" in out
    for code, err in ((info, info_err), (export, export_err)):
        assert code == EXIT_USAGE
        assert err.startswith(f"Fehler: In den Ordner {data} kann nicht geschrieben werden (schreibgeschützt")
        assert "unable to open database file" not in err


def test_a_folder_without_write_permission_for_a_normal_user(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], signed_in: None
) -> None:
    data = tmp_path / "daten"
    _first_admin(data, capsys)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    tmp_path.chmod(0o755)
    data.chmod(0o555)  # the folder only: SQLite cannot create its WAL files beside the database
    try:
        runs = [
            subprocess.run(
                without_permission_override([sys.executable, "-m", "kim_desktop", "--data-dir", str(data), command]),
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
                env=env,
            )
            for command in ("check", "info")
        ]
    finally:
        data.chmod(0o700)
    check, info = runs
    assert check.returncode == EXIT_OK, check.stdout + check.stderr
    assert "ist in Ordnung" in check.stdout and "schreibgeschützt" in check.stdout
    assert info.returncode == EXIT_USAGE
    assert info.stderr.startswith(f"Fehler: In den Ordner {data} kann nicht geschrieben werden")
    assert "Traceback" not in info.stderr


# --- damaged file ----------------------------------------------------------------------------------------------


def _damage_a_page(database: Path) -> None:
    """Overwrite the root page header of an index of `people` (nothing a course command reads)."""
    with sqlite3.connect(database) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'people' ORDER BY name"
        ).fetchone()[0]
    conn.close()
    with database.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\x55" * 64)


@pytest.mark.parametrize("damage", ["truncated", "damaged page"])
def test_a_damaged_database_is_refused_with_the_way_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], signed_in: None, damage: str
) -> None:
    data = tmp_path / "daten"
    _first_admin(data, capsys)
    assert _run(data, "backup") == EXIT_OK
    capsys.readouterr()
    database = data / "kim.sqlite"
    if damage == "truncated":
        os.truncate(database, database.stat().st_size // 2)
    else:
        _damage_a_page(database)
    before = database.read_bytes()
    example = ROOT / "resources" / "examples" / "kursangebote-beispiel.csv"
    outcomes = {
        "info": main(["--data-dir", str(data), "info"]),
        "export": _run(data, "courses", "export", "--free-seats", str(tmp_path / "frei.csv")),
        "import": _run(data, "courses", "import", str(example)),
        "migrate-to": _run(data, "migrate-to", str(tmp_path / "kopie.sqlite")),
    }
    err = capsys.readouterr().err
    assert outcomes == dict.fromkeys(outcomes, EXIT_USAGE)
    lines = err.splitlines()
    assert len(lines) == len(outcomes)
    for line in lines:
        assert line.startswith(f"Fehler: Die Datenbank {database} ist beschädigt (")
        assert "Wiederherstellen: kim-desktop restore " in line
    assert database.read_bytes() == before  # nothing written into it
    assert not (tmp_path / "frei.csv").exists() and not (tmp_path / "kopie.sqlite").exists()
    assert main(["--data-dir", str(data), "check"]) == 1  # check still reports it


def test_a_sound_database_is_checked_once_per_file_state(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import kim_desktop.services.integrity_gate as gate

    assert main(["--data-dir", str(tmp_path), "migrate"]) == EXIT_OK
    checks: list[Path] = []
    real = gate.check_database_file

    def counted(database: Path, *args: object, **kwargs: object) -> object:
        checks.append(database)
        return real(database, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(gate, "check_database_file", counted)
    assert main(["--data-dir", str(tmp_path), "info"]) == EXIT_OK
    assert main(["--data-dir", str(tmp_path), "info"]) == EXIT_OK  # nothing changed the file: no second check
    assert len(checks) == 1
    with sqlite3.connect(tmp_path / "kim.sqlite") as conn:  # another program changes the file
        conn.execute("PRAGMA user_version = 7")
    conn.close()
    assert main(["--data-dir", str(tmp_path), "info"]) == EXIT_OK
    assert len(checks) == 2
