"""The `courses` commands: import a provider's course list, export free seats or the catalogue."""

import argparse
import sys
from pathlib import Path

from kim_desktop.cli.auth import signed_in
from kim_desktop.cli.database import open_configured_database
from kim_desktop.domain.access import Action
from kim_desktop.paths import AppPaths
from kim_desktop.settings import load_settings


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


def add_courses_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `courses import` and `courses export` to the CLI's commands."""
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
