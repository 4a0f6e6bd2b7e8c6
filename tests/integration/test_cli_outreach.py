"""The `aussentermin` commands: an encrypted copy taken, worked on, synced by file and directly, kept or removed."""

import argparse
from pathlib import Path

import pytest
import sqlalchemy as sa

from kim_desktop.cli.database import PASSPHRASE_ENV
from kim_desktop.cli.options import add_account_options
from kim_desktop.cli.outreach import BUNDLE_PASSPHRASE_ENV, _open_copy, add_outreach_commands
from kim_desktop.db.cipher import forget_key, is_encrypted
from kim_desktop.db.models import Advisor, Municipality, OutreachOperation, Person
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Role
from kim_desktop.domain.errors import KimError
from kim_desktop.paths import AppPaths, resolve_paths
from kim_desktop.services import people
from kim_desktop.services.database import OpenDatabase
from tests.integration.cli_accounts import add_cli_accounts, use_password
from tests.integration.outreach_setup import TODAY, newcomer
from tests.integration.referral_setup import build_network


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    add_account_options(parser)
    add_outreach_commands(parser.add_subparsers(dest="command", required=True))
    return parser


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return resolve_paths(tmp_path / "data", portable=False).create()


def _run(office: OpenDatabase, paths: AppPaths, *words: str) -> int:
    args = _parser().parse_args(["--database-url", office.url, "--user", "cli.beratung", "aussentermin", *words])
    return int(args.handler(args, paths))


def _work_offline(copy: Path, office: OpenDatabase) -> None:
    with office.sessions() as s:
        advisor = s.scalar(sa.select(Advisor.id).where(Advisor.username == "cli.beratung"))
        town = s.scalar(sa.select(Municipality.id).where(Municipality.name == "Melle"))
    assert advisor is not None
    lap = _open_copy(copy)
    try:
        with lap.sessions() as s:
            actor = Actor(advisor, "Anna Krüger", Role.ADVISOR)
            people.register_person(s, newcomer(town=town), actor=actor, today=TODAY)
    finally:
        lap.close()


def _office_count(office: OpenDatabase) -> int:
    with office.sessions() as s:
        return int(s.scalar(sa.select(sa.func.count()).select_from(Person).where(Person.family_name == "Yilmaz")) or 0)


def test_encrypted_copy_by_file_and_removed_after(
    sqlite_database: OpenDatabase,
    paths: AppPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    build_network(sqlite_database)
    add_cli_accounts(sqlite_database.sessions)
    use_password(monkeypatch)
    monkeypatch.setenv(PASSPHRASE_ENV, "Laptop-Passphrase 19")
    monkeypatch.setenv(BUNDLE_PASSPHRASE_ENV, "Stick 19")
    copy, bundle, answer = tmp_path / "copy.kim", tmp_path / "journal.kimx", tmp_path / "answer.kimx"
    with sqlite_database.sessions() as s:
        town = s.scalar(sa.select(Municipality.id).where(Municipality.name == "Melle"))
    assert _run(sqlite_database, paths, "mitnehmen", "--gemeinde", str(town), "--ziel", str(copy),
                "--laptop", "Laptop 1", "--verschluesseln") == 0  # fmt: skip
    assert "3 Personen" in capsys.readouterr().out
    assert is_encrypted(copy)
    forget_key(copy)  # as in a new process: the copy is unlocked with the passphrase again
    _work_offline(copy, sqlite_database)
    assert _run(sqlite_database, paths, "datei-schreiben", "--kopie", str(copy), "--datei", str(bundle)) == 0
    assert _run(sqlite_database, paths, "datei-einlesen", "--datei", str(bundle), "--antwort", str(answer)) == 0
    assert "1 neue Person übertragen" in capsys.readouterr().out
    assert _office_count(sqlite_database) == 1
    assert _run(sqlite_database, paths, "antwort-lesen", "--kopie", str(copy), "--antwort", str(answer)) == 0
    assert "Kopie gelöscht" in capsys.readouterr().out
    assert not copy.exists()


def test_direct_sync_keeps_a_refreshed_copy(
    sqlite_database: OpenDatabase,
    paths: AppPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    build_network(sqlite_database)
    add_cli_accounts(sqlite_database.sessions)
    use_password(monkeypatch)
    copy = tmp_path / "copy.kim"
    with sqlite_database.sessions() as s:
        town = s.scalar(sa.select(Municipality.id).where(Municipality.name == "Melle"))
    assert _run(sqlite_database, paths, "mitnehmen", "--gemeinde", str(town), "--ziel", str(copy)) == 0
    _work_offline(copy, sqlite_database)
    assert _run(sqlite_database, paths, "abgleichen", "--kopie", str(copy), "--behalten") == 0
    out = capsys.readouterr().out
    assert "1 neue Person übertragen" in out and "Kopie erneuert" in out
    lap = _open_copy(copy)
    try:
        with lap.sessions() as s:  # the refreshed copy carries the new person with the office's id, no old journal
            assert s.scalar(sa.select(sa.func.count()).select_from(OutreachOperation)) == 0
            assert s.scalar(sa.select(sa.func.count()).select_from(Person).where(Person.family_name == "Yilmaz")) == 1
    finally:
        lap.close()


def test_fields_changed_on_both_sides_are_chosen_on_the_command_line(
    sqlite_database: OpenDatabase, paths: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    from tests.integration.outreach_setup import go_out
    from tests.integration.test_outreach_decisions import edited_on_both_sides

    outing = go_out(sqlite_database, tmp_path)
    add_cli_accounts(sqlite_database.sessions)
    use_password(monkeypatch)
    edited_on_both_sides(sqlite_database, outing)
    assert _run(sqlite_database, paths, "felder") == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split(": ", 1)[1] for line in listed] == [
        "Rania Haddad – Telefon: Büro „0151 2000000“, Laptop „0151 1000000“",
        "Rania Haddad – E-Mail: Büro „rania@example.org“, Laptop „offline@example.org“",
    ]
    phone, email = (line.split(":")[0].strip() for line in listed)
    with pytest.raises(KimError, match="NR=buero oder NR=laptop"):
        _run(sqlite_database, paths, "felder", "--waehlen", f"{phone}=beides")
    assert _run(sqlite_database, paths, "felder", "--waehlen", f"{phone}=laptop", "--waehlen", f"{email}=buero") == 0
    assert capsys.readouterr().out.splitlines() == ["2 Felder entschieden.", "Keine offenen Entscheidungen."]
    with sqlite_database.sessions() as s:
        now = people.get_person_details(s, outing.net.rania).data
    assert (now.phone, now.email) == ("0151 1000000", "rania@example.org")
