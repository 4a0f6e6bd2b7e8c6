"""Setting up an office from the command line: `init` (first administrator) and `municipalities import`."""

import argparse
import getpass
import os
import sys
from datetime import datetime
from pathlib import Path

from kim_desktop.cli.auth import signed_in
from kim_desktop.cli.database import open_configured_database
from kim_desktop.cli.options import PASSWORD_VARIABLE
from kim_desktop.domain.access import Action
from kim_desktop.domain.errors import KimError
from kim_desktop.paths import AppPaths


def read_new_password(username: str) -> str:
    """The new administrator's password from KIM_PASSWORD, else typed twice at the terminal."""
    given = os.environ.get(PASSWORD_VARIABLE)
    if given:
        return given
    if not sys.stdin.isatty():
        raise KimError(
            f"Kein Passwort für „{username}“: bitte {PASSWORD_VARIABLE} setzen (kein Terminal für die Eingabe)."
        )
    typed = getpass.getpass(f"Neues Passwort für {username}: ")
    if getpass.getpass("Passwort wiederholen: ") != typed:
        raise KimError("Die beiden Eingaben des Passworts stimmen nicht überein.")
    return typed


def cmd_init(args: argparse.Namespace, paths: AppPaths) -> int:
    """Create the first administrator on an empty database; refused once any account exists."""
    from kim_desktop.domain.enums import Role
    from kim_desktop.domain.errors import ValidationFailed
    from kim_desktop.services.accounts import AccountInput, create_first_admin, needs_first_admin

    db = open_configured_database(args, paths)
    try:
        with db.sessions() as session:
            if not needs_first_admin(session):
                raise KimError("Es gibt bereits ein Benutzerkonto: init legt nur das erste Administrationskonto an.")
        username = args.admin.strip()
        password = read_new_password(username)
        data = AccountInput(username, args.full_name or username, Role.ADMIN, password)
        try:
            with db.sessions() as session:
                create_first_admin(session, data, datetime.now().replace(microsecond=0))
        except ValidationFailed as exc:
            raise KimError("; ".join(str(error.message) for error in exc.errors)) from exc
        print(f"Administrationskonto „{username}“ angelegt ({db.description}).")
        print("Weiter: Gemeinden einlesen (municipalities import) oder das Programm starten (Einrichtungsassistent).")
    finally:
        db.close()
    return 0


def cmd_municipalities_import(args: argparse.Namespace, paths: AppPaths) -> int:
    """Import the official municipality list (GV100AD) or a CSV Gemeinde;PLZ;AGS: all or nothing."""
    from kim_desktop.exchange.course_offers import ImportFileError
    from kim_desktop.services.municipality_import import (
        MunicipalityStatus,
        apply_municipality_import,
        preview_municipality_file,
    )

    db = open_configured_database(args, paths)
    try:
        actor = signed_in(args, db, Action.IMPORT, "municipalities import")
        try:
            with db.sessions() as session:
                preview = preview_municipality_file(session, args.file, args.kreis, actor=actor)
        except ImportFileError as exc:
            raise KimError(f"{args.file}: {exc}") from exc
        print(f"{args.file.name}: {preview.summary()}")
        if preview.skipped_other_counties:
            skipped = preview.skipped_other_counties
            print(f"  {skipped} Gemeinden anderer Kreise ausgelassen (Kreisschlüssel {args.kreis}).")
        for item in preview.items:
            if item.status == MunicipalityStatus.CHANGED:
                print(f"  geändert: {item.name} ({'; '.join(item.changes)})")
        for problem in preview.problems:
            print(f"  Zeile {problem.line}: {problem.message}", file=sys.stderr)
        if preview.problems:
            print("Nichts gespeichert: bitte die genannten Zeilen korrigieren.", file=sys.stderr)
            return 1
        if args.dry_run:
            print("Probelauf: nichts gespeichert.")
            return 0
        with db.sessions() as session:
            outcome = apply_municipality_import(session, preview, actor=actor)
        print(
            f"Gespeichert: {outcome.created} neue, {outcome.updated} geänderte Gemeinden "
            f"({outcome.unchanged} unverändert)."
        )
    finally:
        db.close()
    return 0


def add_setup_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Register `init` and `municipalities` with the CLI's parser."""
    init = commands.add_parser("init", help="Erstes Administrationskonto auf einer leeren Datenbank anlegen")
    init.add_argument("--admin", required=True, metavar="NAME", help="Benutzername des Administrationskontos")
    init.add_argument("--full-name", metavar="NAME", help="Name, wie er in Protokoll und Schreiben erscheint")
    init.set_defaults(handler=cmd_init)
    municipalities = commands.add_parser("municipalities", help="Gemeinden (Stammdaten) einlesen")
    actions = municipalities.add_subparsers(dest="municipalities_command", required=True, metavar="AKTION")
    importing = actions.add_parser(
        "import", help="Gemeindeverzeichnis (GV100AD) oder CSV Gemeinde;PLZ;AGS einlesen (alles oder nichts)"
    )
    importing.add_argument("file", type=Path, metavar="DATEI")
    importing.add_argument("--kreis", metavar="SCHLÜSSEL", help="nur Gemeinden dieses Kreises (z. B. 03459)")
    importing.add_argument("--dry-run", action="store_true", help="nur prüfen und anzeigen, nichts speichern")
    importing.set_defaults(handler=cmd_municipalities_import)
