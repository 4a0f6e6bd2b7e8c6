"""The letter commands of the CLI, run through their handlers against a SQLite database."""

import argparse
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from kim_desktop.cli.letters import add_letter_commands
from kim_desktop.cli.options import add_account_options
from kim_desktop.db.models import AuditEvent, Referral
from kim_desktop.domain.errors import KimError, NotAllowed
from kim_desktop.paths import resolve_paths
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.referrals import reserve_seat
from tests.integration.cli_accounts import ADMIN, add_cli_accounts, use_password
from tests.integration.referral_setup import TODAY, add_consent, build_network


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    add_account_options(parser)
    add_letter_commands(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


def test_letter_commands(sqlite_database: OpenDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    net = build_network(sqlite_database, max_seats=3)
    add_cli_accounts(sqlite_database.sessions)
    use_password(monkeypatch)
    with sqlite_database.sessions() as session:
        referral = reserve_seat(session, net.rania, net.course, actor_id=None, today=TODAY).referral_id
    add_consent(sqlite_database, net.rania, [net.provider])
    paths = resolve_paths(tmp_path / "data", portable=False).create()
    url = sqlite_database.url
    args = parse(
        [
            "--database-url",
            url,
            "--user",
            ADMIN,
            "letter",
            "referral",
            str(referral),
            "--out",
            str(tmp_path / "l.pdf"),
            "--lang",
            "en",
        ]
    )
    assert args.handler(args, paths) == 0
    text = PdfReader(tmp_path / "l.pdf").pages[-1].extract_text()
    assert "Rania" in text
    args = parse(
        [
            "--database-url",
            url,
            "--user",
            ADMIN,
            "letter",
            "registration-list",
            str(net.course),
            "--out",
            str(tmp_path / "a.pdf"),
        ]
    )
    assert args.handler(args, paths) == 0
    assert "Haddad, Rania" in PdfReader(tmp_path / "a.pdf").pages[0].extract_text()
    args = parse(
        [
            "--database-url",
            url,
            "--user",
            ADMIN,
            "letter",
            "registration-list",
            str(net.course),
            "--out",
            str(tmp_path / "a.csv"),
        ]
    )
    assert args.handler(args, paths) == 0
    assert "Haddad, Rania" in (tmp_path / "a.csv").read_text(encoding="utf-8")
    with sqlite_database.sessions() as session:
        actions = list(session.scalars(sa.select(AuditEvent.action).where(AuditEvent.actor == "Claudia Hartmann")))
    assert actions.count("sign_in") == 3
    assert actions.count("letter_printed") == 1
    assert actions.count("exported") == 4  # each list: one entry for Rania and one for the list


def test_letter_commands_need_an_account_with_the_role(
    sqlite_database: OpenDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    net = build_network(sqlite_database, max_seats=3)
    add_cli_accounts(sqlite_database.sessions)
    paths = resolve_paths(tmp_path / "data", portable=False).create()
    argv = ["--database-url", sqlite_database.url, "letter", "registration-list", str(net.course), "--out"]
    args = parse([*argv, str(tmp_path / "a.pdf")])
    with pytest.raises(KimError, match="--user"):
        args.handler(args, paths)
    monkeypatch.delenv("KIM_PASSWORD", raising=False)
    args = parse(["--user", "cli.lesen", *argv, str(tmp_path / "a.pdf")])
    with pytest.raises(KimError, match="KIM_PASSWORD"):  # no terminal to ask on
        args.handler(args, paths)
    use_password(monkeypatch)
    with pytest.raises(NotAllowed, match="Lesen"):
        args.handler(args, paths)
    use_password(monkeypatch, "falsch-falsch-falsch")
    args = parse(["--user", "cli.beratung", *argv, str(tmp_path / "a.pdf")])
    with pytest.raises(KimError):
        args.handler(args, paths)
    assert not (tmp_path / "a.pdf").exists()
    with sqlite_database.sessions() as session:
        failed = session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "sign_in_failed"))
    assert failed == 1


@pytest.mark.parametrize("code", ["xx", "so"])
def test_an_unknown_language_exits_with_2_and_lists_the_supported_ones(
    sqlite_database: OpenDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    code: str,
) -> None:  # fmt: skip
    from kim_desktop.cli import main

    net = build_network(sqlite_database, max_seats=3)
    add_cli_accounts(sqlite_database.sessions)
    use_password(monkeypatch)
    with sqlite_database.sessions() as session:
        referral = reserve_seat(session, net.rania, net.course, actor_id=None, today=TODAY).referral_id
    out = tmp_path / "l.pdf"
    argv = ["--data-dir", str(tmp_path / "data"), "--database-url", sqlite_database.url, "--user", ADMIN,
            "letter", "referral", str(referral), "--out", str(out)]  # fmt: skip
    assert main([*argv, "--lang", code]) == 2
    error = capsys.readouterr().err
    assert f"Fehler: Für die Sprache „{code}“ gibt es keine Brieftexte. Möglich sind: de, " in error
    assert "ar" in error and "de-LS" in error and "ti" in error
    assert not out.exists()
    with sqlite_database.sessions() as session:
        assert session.scalar(sa.select(Referral.letter_language)) is None
    # Capitals are normalised; the passed registration deadline (today is after it) is reported on stderr.
    assert main([*argv, "--lang", "AR"]) == 0
    captured = capsys.readouterr()
    assert "(ar, Textstand" in captured.out
    assert "Achtung: Die Anmeldefrist des Kurses ist am 01.04.2026 abgelaufen" in captured.err
    with sqlite_database.sessions() as session:
        assert session.scalar(sa.select(Referral.letter_language)) == "ar"
