"""The general commands: `info`, `migrate` and `demo-data`."""

import argparse
from dataclasses import replace

from kim_desktop import __version__
from kim_desktop.cli.database import open_configured_database
from kim_desktop.domain.errors import KimError
from kim_desktop.paths import AppPaths
from kim_desktop.settings import OfficeProfile, load_settings, save_settings

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


def _demo_network(args: argparse.Namespace) -> int:
    """The demo network: 20 partners, each with its login kim_org_<short> and the demo password."""
    from kim_desktop.services.demo_data import DEMO_PASSWORD
    from kim_desktop.services.demo_network import build_demo_network

    if not args.database_url:
        raise KimError("Das Demo-Netzwerk braucht einen PostgreSQL-Server: bitte --database-url angeben.")
    summary = build_demo_network(args.database_url, DEMO_PASSWORD, args.role_prefix, seed=args.seed)
    print(
        f"Demo-Netzwerk angelegt: {summary.partners} Partner, {summary.courses} Kurse, {summary.people} Personen, "
        f"{summary.referrals} Vermittlungen ({summary.confirmed} vom Kursträger bestätigt)."
    )
    print(f"Zugänge: {', '.join(summary.logins)} mit dem Passwort „{DEMO_PASSWORD}“ (nur für die Demo).")
    return 0


def cmd_demo_data(args: argparse.Namespace, paths: AppPaths) -> int:
    """Fill an empty database with the fictional demo county; its accounts get the demo password."""
    from kim_desktop.services.demo_data import DEMO_PASSWORD, database_is_empty, generate_demo_data

    if args.network:
        return _demo_network(args)
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


def add_overview_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `info`, `migrate` and `demo-data` to the CLI's commands."""
    info = commands.add_parser("info", help="Version, Ordner und Datenbank anzeigen")
    info.set_defaults(handler=cmd_info)

    migrate = commands.add_parser("migrate", help="Datenbank auf den neuesten Stand bringen")
    migrate.set_defaults(handler=cmd_migrate)

    demo = commands.add_parser("demo-data", help="Demodaten eines fiktiven Landkreises anlegen")
    demo.add_argument("--scale", type=int, default=1, help="Vielfaches der Datenmenge (für Messungen)")
    demo.add_argument("--seed", type=int, default=20261123, help="Startwert des Zufallsgenerators")
    demo.add_argument("--if-empty", action="store_true", help="nur anlegen, wenn die Datenbank leer ist")
    demo.add_argument(
        "--network", action="store_true", help="Demo-Netzwerk der 20 Partner auf einer leeren PostgreSQL-Datenbank"
    )
    demo.add_argument("--role-prefix", default="kim_", metavar="PRÄFIX", help="Anfang der Rollennamen (kim_)")
    demo.set_defaults(handler=cmd_demo_data)
