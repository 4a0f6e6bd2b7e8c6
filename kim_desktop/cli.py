"""Command-line use cases for administrators and scripts: the same services as the window, no GUI."""

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from kim_desktop import __version__
from kim_desktop.cli_auth import add_account_options, signed_in
from kim_desktop.cli_options import add_location_options
from kim_desktop.domain.access import Action
from kim_desktop.domain.errors import KimError
from kim_desktop.paths import AppPaths, resolve_paths
from kim_desktop.settings import OfficeProfile, load_settings, save_settings

if TYPE_CHECKING:  # the window's start (app.py) imports this module: the data layer loads when a command runs
    from kim_desktop.services.database import OpenDatabase

CommandHandler = Callable[[argparse.Namespace, AppPaths], int]

# The letterhead of the fictional demo office (written to the settings by `demo-data` when none is set).
DEMO_OFFICE = OfficeProfile(
    name="Landkreis Musterland – Integrationsbüro",
    department="Fachdienst Migration und Teilhabe",
    street="Kreishausplatz 1",
    postcode="49990",
    city="Musterstadt",
    phone="04990 123-0",
    email="integration@musterland.example",
    opening_hours="Mo–Fr 8:30–12:30, Do 14:00–17:30",
)


def open_configured_database(args: argparse.Namespace, paths: AppPaths) -> "OpenDatabase":
    """Open the database named on the command line or in the settings, migrating it if needed."""
    from kim_desktop.cli_maintenance import unlock_database
    from kim_desktop.services.database import open_database

    settings = load_settings(paths.settings_file)
    url = args.database_url or settings.effective_database_url(paths)
    unlock_database(url)  # an encrypted local file: KIM_DB_PASSPHRASE, the keyring or a prompt
    return open_database(url, paths.backup_dir)


def cmd_info(args: argparse.Namespace, paths: AppPaths) -> int:
    """Print version, folders, database and counts."""
    from kim_desktop.services.overview import database_overview

    db = open_configured_database(args, paths)
    try:
        with db.sessions() as session:
            overview = database_overview(session)
        print(f"KIM Desktop {__version__}")
        print(f"Datenordner:   {paths.data_dir}")
        print(f"Einstellungen: {paths.settings_file}")
        print(f"Protokolle:    {paths.log_dir}")
        print(f"Sicherungen:   {paths.backup_dir}")
        print(f"Datenbank:     {db.description} (Schema {db.migration.after})")
        print(
            f"Inhalt:        {overview.people} Personen, {overview.sessions} Beratungen, {overview.courses} Kurse, "
            f"{overview.referrals} Vermittlungen, {overview.organisations} Partner, {overview.waiting} Wartende"
        )
    finally:
        db.close()
    return 0


def cmd_migrate(args: argparse.Namespace, paths: AppPaths) -> int:
    """Bring the database to the newest schema (a backup copy is taken first)."""
    db = open_configured_database(args, paths)
    db.close()
    result = db.migration
    if not result.changed:
        print(f"Die Datenbank ist aktuell (Schema {result.after}).")
    elif result.before is None:
        print(f"Neue Datenbank angelegt (Schema {result.after}).")
    else:
        print(f"Datenbank von Schema {result.before} auf {result.after} aktualisiert. Sicherung: {result.backup}")
    return 0


def cmd_demo_data(args: argparse.Namespace, paths: AppPaths) -> int:
    """Fill an empty database with the fictional demo county; its accounts get the demo password."""
    from kim_desktop.services.demo_data import DEMO_PASSWORD, database_is_empty, generate_demo_data

    db = open_configured_database(args, paths)
    try:
        with db.sessions() as session:
            empty = database_is_empty(session)
        if not empty and args.if_empty:
            print("Die Datenbank enthält bereits Daten; Demodaten werden nicht angelegt.")
            return 0
        if not empty:  # demo accounts with the published password must never reach a real database
            raise KimError(
                "Die Datenbank enthält bereits Benutzerkonten oder Daten: Demodaten nur in eine leere Datenbank "
                "(z. B. mit --data-dir NEUER_ORDNER)."
            )
        summary = generate_demo_data(db.sessions, scale=args.scale, seed=args.seed)
        from kim_desktop.services.accounts import set_demo_passwords

        with db.sessions() as session:
            usernames = set_demo_passwords(session, DEMO_PASSWORD)
        settings = load_settings(paths.settings_file)
        if settings.office == OfficeProfile():
            save_settings(paths.settings_file, replace(settings, office=DEMO_OFFICE))
        print(
            f"Demodaten angelegt: {summary.people} Personen, {summary.sessions} Beratungen, {summary.courses} Kurse, "
            f"{summary.referrals} Vermittlungen, {summary.waiting} Einträge auf der Warteliste."
        )
        print(f"Demo-Anmeldung: {', '.join(usernames)} mit dem Passwort „{DEMO_PASSWORD}“ (nur für die Demo).")
    finally:
        db.close()
    return 0


def cmd_courses_import(args: argparse.Namespace, paths: AppPaths) -> int:
    """Import a provider's course list (CSV/XLSX): print the preview, then write all or nothing."""
    from kim_desktop.services.course_import import ImportStatus, apply_course_import, preview_course_file

    db = open_configured_database(args, paths)
    try:
        actor = signed_in(args, db, Action.IMPORT, "courses import")
        with db.sessions() as session:
            preview = preview_course_file(session, args.file)
        print(f"{args.file.name}: {preview.summary()}")
        for item in preview.items:
            if item.status == ImportStatus.REJECTED:
                print(f"  Zeile {item.row}: {'; '.join(item.details)}")
        consequences = preview.consequences()  # what the import changes beyond the course rows
        for consequence in consequences:
            print(f"  {consequence}")
        rejected = preview.count(ImportStatus.REJECTED)
        if args.dry_run:
            print("Probelauf: nichts gespeichert.")
            return 0 if not rejected else 1
        if rejected and not args.skip_rejected:
            print("Nichts gespeichert: abgelehnte Zeilen korrigieren oder --skip-rejected angeben.", file=sys.stderr)
            return 1
        if not preview.count(ImportStatus.NEW) and not preview.count(ImportStatus.CHANGED):
            print("Nichts zu speichern: der Katalog ist schon auf dem Stand der Datei.")
            return 0
        if consequences and not args.yes:
            print("Nichts gespeichert: die Übernahme storniert Vermittlungen (siehe oben); mit --yes bestätigen.",
                  file=sys.stderr)  # fmt: skip
            return 1
        with db.sessions() as session:
            outcome = apply_course_import(
                session, preview, skip_rejected=args.skip_rejected, confirmed=args.yes, actor=actor
            )
        cancelled = f", {outcome.referrals_cancelled} Vermittlungen storniert" if outcome.referrals_cancelled else ""
        print(
            f"Gespeichert: {outcome.created} neue, {outcome.updated} geänderte Kurse ({outcome.unchanged} unverändert)"
            f"{cancelled}."
        )
    finally:
        db.close()
    return 0


def cmd_courses_export(args: argparse.Namespace, paths: AppPaths) -> int:
    """Export the free seats (CSV/XLSX/PDF) or the catalogue (CSV/XLSX); the format follows the extension."""
    from datetime import date

    from kim_desktop.services.course_export import export_catalogue, export_free_seats

    settings = load_settings(paths.settings_file)
    db = open_configured_database(args, paths)
    try:
        actor = signed_in(args, db, Action.LOOKUP_COURSES, "courses export")
        with db.sessions() as session:
            if args.free_seats:
                result = export_free_seats(session, args.free_seats, date.today(), settings.office.name, actor=actor)
            else:
                result = export_catalogue(session, args.catalogue, date.today(), actor=actor)
        print(f"{result.courses} Kurse exportiert nach {result.path}")
    finally:
        db.close()
    return 0


def _add_courses_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    courses = commands.add_parser("courses", help="Kursangebote importieren und exportieren")
    actions = courses.add_subparsers(dest="courses_command", required=True, metavar="AKTION")
    importing = actions.add_parser("import", help="Kursliste eines Trägers (CSV oder XLSX) einlesen")
    importing.add_argument("file", type=Path, metavar="DATEI")
    importing.add_argument("--dry-run", action="store_true", help="nur prüfen und anzeigen, nichts speichern")
    importing.add_argument("--skip-rejected", action="store_true", help="abgelehnte Zeilen auslassen")
    importing.add_argument("--yes", action="store_true", help="bestätigen, dass die Übernahme Vermittlungen storniert")
    importing.set_defaults(handler=cmd_courses_import)
    exporting = actions.add_parser("export", help="Freie Kursplätze oder den Katalog als Datei ausgeben")
    what = exporting.add_mutually_exclusive_group(required=True)
    what.add_argument("--free-seats", type=Path, metavar="DATEI", help="Freie Kursplätze (.csv, .xlsx, .pdf)")
    what.add_argument("--catalogue", type=Path, metavar="DATEI", help="Kurskatalog (.csv, .xlsx)")
    exporting.set_defaults(handler=cmd_courses_export)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command."""
    parser = argparse.ArgumentParser(prog="kim-desktop", description="KIM Desktop – Befehle ohne Fenster")
    parser.add_argument("--version", action="version", version=f"KIM Desktop {__version__}")
    add_location_options(parser)
    add_account_options(parser)
    commands = parser.add_subparsers(dest="command", required=True, metavar="BEFEHL")

    info = commands.add_parser("info", help="Version, Ordner und Datenbank anzeigen")
    info.set_defaults(handler=cmd_info)

    migrate = commands.add_parser("migrate", help="Datenbank auf den neuesten Stand bringen")
    migrate.set_defaults(handler=cmd_migrate)

    demo = commands.add_parser("demo-data", help="Demodaten eines fiktiven Landkreises anlegen")
    demo.add_argument("--scale", type=int, default=1, help="Vielfaches der Datenmenge (für Messungen)")
    demo.add_argument("--seed", type=int, default=20261123, help="Startwert des Zufallsgenerators")
    demo.add_argument("--if-empty", action="store_true", help="nur anlegen, wenn die Datenbank leer ist")
    demo.set_defaults(handler=cmd_demo_data)
    _add_courses_commands(commands)
    # The command groups below import this module (open_configured_database), so they are imported here.
    from kim_desktop.cli_letters import add_letter_commands
    from kim_desktop.cli_maintenance import add_maintenance_commands
    from kim_desktop.cli_report import add_report_commands
    from kim_desktop.cli_setup import add_setup_commands

    add_setup_commands(commands)
    add_letter_commands(commands)
    add_report_commands(commands)
    add_maintenance_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; user-actionable errors print a message and exit with status 2."""
    os.umask(0o077)  # every file we write (database, backups, letters, exports) is private to the user
    args = build_parser().parse_args(argv)
    paths = resolve_paths(args.data_dir, args.portable).create()
    handler: CommandHandler = args.handler
    try:
        return handler(args, paths)
    except KimError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
