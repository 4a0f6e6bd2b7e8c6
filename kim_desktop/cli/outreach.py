"""The `aussentermin` commands: take a copy for an outreach consultation, sync it back directly or by file."""

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kim_desktop.cli.auth import signed_in
from kim_desktop.cli.database import as_url, open_configured_database, read_passphrase, unlock_database
from kim_desktop.domain.access import Action
from kim_desktop.domain.errors import KimError
from kim_desktop.paths import AppPaths

if TYPE_CHECKING:
    from kim_desktop.services.database import OpenDatabase
    from kim_desktop.services.outreach_dto import SyncReport

BUNDLE_PASSPHRASE_ENV = "KIM_BUNDLE_PASSPHRASE"


def add_outreach_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `aussentermin mitnehmen|abgleichen|datei-schreiben|datei-einlesen|antwort-lesen|felder`."""
    outreach = commands.add_parser("aussentermin", help="Außentermin: Kopie mitnehmen, offline arbeiten, abgleichen")
    actions = outreach.add_subparsers(dest="outreach_command", required=True, metavar="AKTION")

    take = actions.add_parser("mitnehmen", help="Kopie für einen Außentermin anlegen (Gemeinden wählen)")
    take.add_argument("--gemeinde", type=int, action="append", default=[], metavar="ID", help="Gemeinde (mehrfach)")
    take.add_argument("--person", type=int, action="append", default=[], metavar="ID", help="Person (mehrfach)")
    take.add_argument("--ziel", type=Path, required=True, metavar="DATEI", help="neue Datenbankdatei der Kopie")
    take.add_argument("--laptop", default=None, help="Name des Laptops (Standard: Rechnername)")
    take.add_argument("--tage", type=int, default=14, help="gültig für so viele Tage (Standard 14)")
    take.add_argument("--verschluesseln", action="store_true", help="mit SQLCipher verschlüsseln (Passphrase)")
    take.set_defaults(handler=cmd_take)

    sync = actions.add_parser("abgleichen", help="Kopie mit der Datenbank des Büros abgleichen")
    sync.add_argument("--kopie", type=Path, required=True, metavar="DATEI")
    sync.add_argument("--behalten", action="store_true", help="Kopie für den nächsten Termin behalten (erneuert)")
    _decision_options(sync)
    sync.set_defaults(handler=cmd_sync)

    out = actions.add_parser("datei-schreiben", help="Auf dem Laptop: Vorgänge als verschlüsselte Datei (USB-Stick)")
    out.add_argument("--kopie", type=Path, required=True, metavar="DATEI")
    out.add_argument("--datei", type=Path, required=True, metavar="DATEI")
    out.set_defaults(handler=cmd_write_bundle)

    into = actions.add_parser("datei-einlesen", help="Im Büro: Datei vom Laptop übernehmen, Antwortdatei schreiben")
    into.add_argument("--datei", type=Path, required=True, metavar="DATEI")
    into.add_argument("--antwort", type=Path, required=True, metavar="DATEI")
    _decision_options(into)
    into.set_defaults(handler=cmd_import_bundle)

    answer = actions.add_parser("antwort-lesen", help="Auf dem Laptop: Antwortdatei des Büros lesen")
    answer.add_argument("--kopie", type=Path, required=True, metavar="DATEI")
    answer.add_argument("--antwort", type=Path, required=True, metavar="DATEI")
    answer.add_argument("--behalten", action="store_true", help="Kopie behalten (sonst gelöscht, wenn alles da ist)")
    answer.set_defaults(handler=cmd_read_answer)

    fields = actions.add_parser("felder", help="Im Büro: offline und im Büro verschieden geänderte Felder (wählen)")
    fields.add_argument("--waehlen", action="append", default=[], metavar="NR=buero|laptop",
                        help="für diese Entscheidung den Wert des Büros oder vom Laptop nehmen (mehrfach)")  # fmt: skip
    fields.set_defaults(handler=cmd_fields)


def _decision_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--als-neu", action="append", default=[], metavar="VORGANG",
                        help="mögliche Dublette: trotzdem als neue Person anlegen")  # fmt: skip
    parser.add_argument("--dieselbe", action="append", default=[], metavar="VORGANG=PERSON",
                        help="mögliche Dublette: ist die Person mit dieser Nummer im Büro")  # fmt: skip


def _decisions(args: argparse.Namespace) -> tuple[frozenset[str], dict[str, int]]:
    merged: dict[str, int] = {}
    for given in args.dieselbe:
        operation, _sep, person = given.partition("=")
        if not person.strip().isdigit():
            raise KimError(f"--dieselbe erwartet VORGANG=PERSON (Nummer), nicht „{given}“.")
        merged[operation.strip()] = int(person)
    return frozenset(args.als_neu), merged


def _print_report(report: "SyncReport") -> None:
    print(report.summary())
    for outcome in report.outcomes:
        if outcome.outcome == "held" and outcome.candidates:
            people = ", ".join(f"{pid} {name}" for pid, name in outcome.candidates)
            print(f"  Vorgang {outcome.operation_id} wartet: im Büro vielleicht {people} "
                  f"(--dieselbe {outcome.operation_id}=NUMMER oder --als-neu {outcome.operation_id})")  # fmt: skip


def _bundle_passphrase(twice: bool = False) -> str:
    given = os.environ.get(BUNDLE_PASSPHRASE_ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        raise KimError(f"Bitte das Kennwort der Datei in {BUNDLE_PASSPHRASE_ENV} angeben.")
    typed = getpass.getpass("Kennwort der Datei: ")
    if twice and getpass.getpass("Kennwort wiederholen: ") != typed:
        raise KimError("Die beiden Eingaben stimmen nicht überein.")
    return typed


def _open_copy(path: Path) -> "OpenDatabase":
    from kim_desktop.services.database import open_database

    if not path.exists():
        raise KimError(f"Die Kopie {path} gibt es nicht.")
    url = as_url(str(path))
    unlock_database(url)
    return open_database(url, None)


def cmd_take(args: argparse.Namespace, paths: AppPaths) -> int:
    """Write the copy of the chosen municipalities/people and say what went along."""
    import platform

    from kim_desktop.services.outreach_copy import take_outreach_copy
    from kim_desktop.settings import load_settings

    passphrase = read_passphrase("Passphrase der Kopie: ", twice=True) if args.verschluesseln else None
    db = open_configured_database(args, paths)
    try:
        actor = signed_in(args, db, Action.EDIT_CASES, "aussentermin mitnehmen")
        office = load_settings(paths.settings_file).office.name or "Büro"
        with db.sessions() as session:
            taken = take_outreach_copy(
                session, args.ziel, municipality_ids=args.gemeinde, person_ids=args.person, office=office,
                laptop=args.laptop or platform.node() or "Laptop", days=args.tage, passphrase=passphrase, actor=actor,
            )  # fmt: skip
    finally:
        db.close()
    print(f"Kopie {taken.path}: {taken.counts.get('people', 0)} Personen, {taken.counts.get('courses', 0)} Kurse; "
          f"gültig bis {taken.copy.expires_at:%d.%m.%Y}.")  # fmt: skip
    return 0


def cmd_sync(args: argparse.Namespace, paths: AppPaths) -> int:
    """Apply the copy's journal at the office, print the outcome; remove or refresh the copy when all is settled."""
    from kim_desktop.db.cipher import key_for
    from kim_desktop.services.outreach_copy import copy_info, take_outreach_copy
    from kim_desktop.services.outreach_sync import confirm, discard_copy, sync_with_office

    office_db = open_configured_database(args, paths)
    try:
        actor = signed_in(args, office_db, Action.EDIT_CASES, "aussentermin abgleichen")
        copy_db = _open_copy(args.kopie)
        try:
            decided, merged = _decisions(args)
            with copy_db.sessions() as lap, office_db.sessions() as office:
                report = sync_with_office(lap, office, actor=actor, decided=decided, merged=merged)
            with copy_db.sessions() as lap:
                still_open, info = confirm(lap, ()), copy_info(lap)
        finally:
            copy_db.close()
        _print_report(report)
        if still_open:
            print(f"{still_open} Vorgänge warten auf eine Entscheidung im Büro; die Kopie bleibt.")
            return 0
        key = key_for(args.kopie)  # a refreshed copy is encrypted like the old one
        discard_copy(args.kopie, still_open)
        if args.behalten and info is not None:
            passphrase = key.passphrase if key else None
            with office_db.sessions() as office:
                take_outreach_copy(office, args.kopie, municipality_ids=info.municipality_ids, office=info.office,
                                   laptop=info.laptop, actor=actor, passphrase=passphrase)  # fmt: skip
            print("Kopie erneuert.")
        else:
            print("Kopie gelöscht: auf dem Laptop bleibt nichts Persönliches.")
    finally:
        office_db.close()
    return 0


def cmd_write_bundle(args: argparse.Namespace, paths: AppPaths) -> int:
    """On the laptop: write the unconfirmed journal as an encrypted file."""
    from kim_desktop.services.outreach_bundle import write_journal_bundle

    copy_db = _open_copy(args.kopie)
    try:
        with copy_db.sessions() as lap:
            count = write_journal_bundle(lap, args.datei, _bundle_passphrase(twice=True))
    finally:
        copy_db.close()
    print(f"{count} Vorgänge in {args.datei} geschrieben (verschlüsselt).")
    return 0


def cmd_import_bundle(args: argparse.Namespace, paths: AppPaths) -> int:
    """At the office: apply a laptop's file and write the answer."""
    from kim_desktop.services.outreach_bundle import import_journal_bundle

    db = open_configured_database(args, paths)
    try:
        actor = signed_in(args, db, Action.EDIT_CASES, "aussentermin datei-einlesen")
        decided, merged = _decisions(args)
        with db.sessions() as session:
            report = import_journal_bundle(session, args.datei, _bundle_passphrase(), args.antwort, actor=actor,
                                           decided=decided, merged=merged)  # fmt: skip
    finally:
        db.close()
    _print_report(report)
    print(f"Antwortdatei: {args.antwort}")
    return 0


def cmd_read_answer(args: argparse.Namespace, paths: AppPaths) -> int:
    """On the laptop: confirm what the office settled; remove the copy when nothing is left unless kept."""
    from kim_desktop.services.outreach_bundle import read_answer_bundle
    from kim_desktop.services.outreach_sync import discard_copy

    copy_db = _open_copy(args.kopie)
    try:
        with copy_db.sessions() as lap:
            summary, still_open = read_answer_bundle(lap, args.antwort, _bundle_passphrase())
    finally:
        copy_db.close()
    print(summary)
    if still_open:
        print(f"{still_open} Vorgänge sind noch offen; die Kopie bleibt.")
    elif not args.behalten:
        discard_copy(args.kopie, still_open)
        print("Kopie gelöscht: auf dem Laptop bleibt nichts Persönliches.")
    return 0


def _choices(given: list[str]) -> dict[int, str]:
    from kim_desktop.services.outreach_decisions import LAPTOP, OFFICE

    words = {"buero": OFFICE, "büro": OFFICE, "laptop": LAPTOP}
    choices: dict[int, str] = {}
    for item in given:
        number, _sep, word = item.partition("=")
        if not number.strip().isdigit() or word.strip().lower() not in words:
            raise KimError(f"--waehlen erwartet NR=buero oder NR=laptop, nicht „{item}“.")
        choices[int(number)] = words[word.strip().lower()]
    return choices


def cmd_fields(args: argparse.Namespace, paths: AppPaths) -> int:
    """At the office: list the fields waiting for a choice; with --waehlen apply the choices first."""
    from kim_desktop.services.outreach_decisions import decide_all, open_decisions

    choices = _choices(args.waehlen)
    db = open_configured_database(args, paths)
    try:
        actor = signed_in(args, db, Action.EDIT_CASES, "aussentermin felder")
        if choices:
            with db.sessions() as session:
                print(f"{decide_all(session, choices, actor=actor)} Felder entschieden.")
        with db.sessions() as session:
            waiting = open_decisions(session, actor=actor)
    finally:
        db.close()
    for d in waiting:
        print(f"  {d.id}: {d.person} – {d.label}: Büro „{d.office_value}“, Laptop „{d.laptop_value}“")
    if not waiting:
        print("Keine offenen Entscheidungen.")
    return 0
