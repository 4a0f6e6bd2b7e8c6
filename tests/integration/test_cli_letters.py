"""The letter commands of the CLI, run through their handlers against a SQLite database."""

import argparse
from pathlib import Path

from pypdf import PdfReader

from kim_desktop.cli_letters import add_letter_commands
from kim_desktop.paths import resolve_paths
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.referrals import reserve_seat
from tests.integration.referral_setup import TODAY, add_consent, build_network


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    add_letter_commands(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


def test_letter_commands(sqlite_database: OpenDatabase, tmp_path: Path) -> None:
    net = build_network(sqlite_database, max_seats=3)
    with sqlite_database.sessions() as session:
        referral = reserve_seat(session, net.rania, net.course, actor_id=None, today=TODAY).referral_id
    add_consent(sqlite_database, net.rania, [net.provider])
    paths = resolve_paths(tmp_path / "data", portable=False).create()
    url = sqlite_database.url
    args = parse(
        ["--database-url", url, "letter", "referral", str(referral), "--out", str(tmp_path / "l.pdf"), "--lang", "en"]
    )
    assert args.handler(args, paths) == 0
    text = PdfReader(tmp_path / "l.pdf").pages[-1].extract_text()
    assert "Rania" in text
    args = parse(
        ["--database-url", url, "letter", "registration-list", str(net.course), "--out", str(tmp_path / "a.pdf")]
    )
    assert args.handler(args, paths) == 0
    assert "Haddad, Rania" in PdfReader(tmp_path / "a.pdf").pages[0].extract_text()
    args = parse(
        ["--database-url", url, "letter", "registration-list", str(net.course), "--out", str(tmp_path / "a.csv")]
    )
    assert args.handler(args, paths) == 0
    assert "Haddad, Rania" in (tmp_path / "a.csv").read_text(encoding="utf-8")
