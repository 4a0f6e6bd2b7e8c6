"""The report commands, called through their handlers (the lead wires add_report_commands into cli.py)."""

import argparse
from pathlib import Path

import pytest
from pypdf import PdfReader

from kim_desktop.cli.options import add_account_options
from kim_desktop.cli.report import add_report_commands
from kim_desktop.domain.errors import NotAllowed
from kim_desktop.exchange.report_json import read_report_json
from kim_desktop.paths import AppPaths, resolve_paths
from kim_desktop.services.database import OpenDatabase
from tests.integration.cli_accounts import ADMIN, add_cli_accounts, use_password
from tests.integration.kim_report_data import build_office


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    add_account_options(parser)
    add_report_commands(parser.add_subparsers(dest="command", required=True))
    return parser


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return resolve_paths(tmp_path / "data", portable=False).create()


def test_quarterly_writes_pdf_csv_and_json(
    sqlite_database: OpenDatabase, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_office(sqlite_database.sessions, "")
    add_cli_accounts(sqlite_database.sessions)
    use_password(monkeypatch)
    out, folder, exchange = tmp_path / "r.pdf", tmp_path / "csv", tmp_path / "r.json"
    args = _parser().parse_args(["--database-url", sqlite_database.url, "--user", ADMIN, "report", "quarterly",
                                 "--period", "2026Q3",
                                 "--out", str(out), "--csv", str(folder), "--json", str(exchange),
                                 "--office", "Büro A"])  # fmt: skip
    assert args.handler(args, paths) == 0
    assert "Zeit bis Kursbeginn" in "".join(p.extract_text() for p in PdfReader(out).pages)
    assert len(list(folder.glob("*.csv"))) == 14
    report = read_report_json(exchange)
    assert report.offices == ("Büro A",) and report.counselling.sessions == 5
    first_line = exchange.read_text(encoding="utf-8").splitlines()[0]
    assert "EXAKTE FALLZAHLEN" in first_line and "nur für Administratoren" in first_line


def test_the_reading_role_gets_the_report_but_not_the_exact_counts(
    sqlite_database: OpenDatabase, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_office(sqlite_database.sessions, "")
    add_cli_accounts(sqlite_database.sessions)
    use_password(monkeypatch)
    out, exchange = tmp_path / "r.pdf", tmp_path / "r.json"
    command = ["--database-url", sqlite_database.url, "--user", "cli.lesen", "report", "quarterly", "--period",
               "2026Q3", "--out", str(out)]  # fmt: skip
    args = _parser().parse_args([*command, "--json", str(exchange)])
    with pytest.raises(NotAllowed, match="exakten Fallzahlen"):
        args.handler(args, paths)
    assert not exchange.exists() and not out.exists()  # refused before anything was computed or written
    args = _parser().parse_args(command)
    assert args.handler(args, paths) == 0 and out.exists()  # the anonymised report is still theirs


def test_merge(sqlite_database: OpenDatabase, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_office(sqlite_database.sessions, "")
    add_cli_accounts(sqlite_database.sessions)
    use_password(monkeypatch)
    exchange = tmp_path / "a.json"
    period = "2026-07-01..2026-09-30"
    args = _parser().parse_args(["--database-url", sqlite_database.url, "--user", ADMIN, "report", "quarterly",
                                 "--period", period,
                                 "--out", str(tmp_path / "a.pdf"), "--json", str(exchange)])  # fmt: skip
    assert args.handler(args, paths) == 0
    merged_json = tmp_path / "m.json"
    args = _parser().parse_args(["report", "merge", str(exchange), str(exchange), "--out", str(tmp_path / "m.pdf"),
                                 "--json", str(merged_json)])  # fmt: skip
    assert args.handler(args, paths) == 0
    assert read_report_json(merged_json).counselling.sessions == 10


def test_bad_period(paths: AppPaths, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = _parser().parse_args(["report", "quarterly", "--period", "Q9", "--out", str(tmp_path / "x.pdf")])
    assert args.handler(args, paths) == 2
    assert "Fehler: Zeitraum nicht erkannt" in capsys.readouterr().err  # errors on stderr, like every other
