"""The network on one PostgreSQL from the command line: `network init`, `add-partner`, `add-login`, `report`."""

import argparse
import getpass
import os
import sys

from kim_desktop.domain.enums import OrganisationKind
from kim_desktop.domain.errors import KimError
from kim_desktop.paths import AppPaths

NETWORK_PASSWORD_VARIABLE = "KIM_NETWORK_PASSWORD"


def read_login_password(login: str) -> str:
    """The new login's password from KIM_NETWORK_PASSWORD, else typed twice at the terminal."""
    given = os.environ.get(NETWORK_PASSWORD_VARIABLE)
    if given:
        return given
    if not sys.stdin.isatty():
        raise KimError(f"Kein Passwort für „{login}“: bitte {NETWORK_PASSWORD_VARIABLE} setzen (kein Terminal).")
    typed = getpass.getpass(f"Neues Passwort für den Zugang {login}: ")
    if getpass.getpass("Passwort wiederholen: ") != typed:
        raise KimError("Die beiden Eingaben des Passworts stimmen nicht überein.")
    return typed


def _server_url(args: argparse.Namespace) -> str:
    url = getattr(args, "database_url", None)
    if not url:
        raise KimError("Bitte den Server mit --database-url angeben (Verwalter-Zugang, z. B. postgresql+psycopg://…).")
    return str(url)


def cmd_network_init(args: argparse.Namespace, paths: AppPaths) -> int:
    """Prepare an empty PostgreSQL database as the network's."""
    from kim_desktop.services.network_partners import (
        ALREADY_A_NETWORK,
        NetworkRefused,
        OfficeData,
        add_partner,
        init_network,
        is_network,
    )

    url = _server_url(args)
    given = [args.office_name, args.office_short, args.office_kind]
    if any(given) and not all(given):
        raise KimError("Für die Übernahme der Daten eines Büros bitte --office-name, --office-short und --office-kind.")
    office = OfficeData(args.office_name, args.office_short, OrganisationKind(args.office_kind)) if all(given) else None
    if office is not None and is_network(url):  # refused before a password is asked for
        raise NetworkRefused(ALREADY_A_NETWORK)
    password = read_login_password(args.office_short) if office is not None else ""
    made = init_network(url, args.role_prefix, office)
    if made.already:
        partners = ", ".join(made.partners) or "noch keine"
        print(f"Die Datenbank „{made.database}“ ist bereits ein Netzwerk (Präfix {made.prefix}, Gruppenrolle "
              f"{made.group}); Partner: {partners}.")  # fmt: skip
        secured = f"; neu abgesichert: {', '.join(made.newly_secured)}" if made.newly_secured else ""
        print(f"Daten unverändert; Funktionen, Richtlinien und Rechte erneuert{secured}.")
        return 0
    print(f"Netzwerk in der Datenbank „{made.database}“ eingerichtet (Gruppenrolle {made.group}).")
    if office is not None:
        rows = sum(count for _table, count in made.adopted)
        print(f"{rows} Datensätze in {len(made.adopted)} Tabellen gehören jetzt „{office.name}“ (Anzahl geprüft).")
        login = add_partner(url, office.name, office.short_name, office.kind, password)
        print(f"Zugang des Büros: {login.login}.")
    print("Weiter: Partner anlegen mit „network add-partner --name … --short … --kind …“.")
    return 0


def cmd_network_add_partner(args: argparse.Namespace, paths: AppPaths) -> int:
    """Add a partner organisation and its login kim_org_<short name>."""
    from kim_desktop.db.network_roles import checked_name
    from kim_desktop.services.network_partners import add_partner

    short = checked_name(args.short)
    password = read_login_password(short)
    if args.move_data_from:
        return _join(args, short, password)
    made = add_partner(_server_url(args), args.name, short, OrganisationKind(args.kind), password)
    state = "angelegt" if made.created else "vorhanden"
    print(f"Partner „{made.name}“ ({state}, Nr. {made.organisation_id}): Zugang {made.login}.")
    return 0


def _join(args: argparse.Namespace, short: str, password: str) -> int:
    """The partner and its office's own data, moved into the running network (counted per table)."""
    from kim_desktop.db.engine import describe_database
    from kim_desktop.i18n import translate_text
    from kim_desktop.services.network_join import join_network

    made = join_network(_server_url(args), args.move_data_from, args.name, short, OrganisationKind(args.kind), password)
    source = translate_text(describe_database(args.move_data_from))
    print(f"Partner „{made.partner.name}“ (Nr. {made.partner.organisation_id}): Zugang {made.partner.login}.")
    rows = sum(count for _table, count in made.moved)
    print(f"{rows} Datensätze in {len(made.moved)} Tabellen aus {source} gehören jetzt „{made.partner.name}“ "
          "(neue Nummern, Anzahl je Tabelle geprüft):")  # fmt: skip
    for table, count in made.moved:
        if count:
            print(f"  {table}: {count}")
    for table, found, added in made.shared:
        print(f"  {table}: {found} im Netzwerk gefunden, {added} neu")
    skipped = [f"{table} ({count})" for table, count in made.left_out if count]
    if skipped:
        print(f"Nicht übernommen (abgeglichenes Außentermin-Journal): {', '.join(skipped)}.")
    return 0


def cmd_network_add_login(args: argparse.Namespace, paths: AppPaths) -> int:
    """Add a login of one person at a partner (the server's log names the person)."""
    from kim_desktop.services.network_partners import add_person_login

    password = read_login_password(args.login)
    made = add_person_login(_server_url(args), args.partner, args.login, args.person, password)
    print(f"Zugang {made.login} für „{args.person}“ beim Partner „{made.name}“ angelegt.")
    return 0


def cmd_network_report(args: argparse.Namespace, paths: AppPaths) -> int:
    """The network's figures for a period, and each partner's (exact counts: for the administrator only)."""
    from datetime import date

    from kim_desktop.domain.report_figures import parse_period
    from kim_desktop.services.network_report import network_report

    try:
        start, end = parse_period(args.period)
    except ValueError as exc:
        raise KimError(f"Zeitraum „{args.period}“: bitte wie 2026Q3 oder 2026-07-01..2026-09-30.") from exc
    report = network_report(_server_url(args), start, end, date.today())
    print(f"KIM-Bericht {start:%d.%m.%Y}–{end:%d.%m.%Y}: Beratungen; beratene Personen; Vermittlungen")
    for name, figures in (*report.partners, ("Netzwerk gesamt", report.whole)):
        c = figures.counselling
        print(f"{name}: {c.sessions}; {c.people}; {figures.referrals.total}")
    return 0


def add_network_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Register `network` with the CLI's parser."""
    network = commands.add_parser("network", help="Netzwerk mehrerer Partner auf einem PostgreSQL-Server")
    actions = network.add_subparsers(dest="network_command", required=True, metavar="AKTION")
    init = actions.add_parser("init", help="Leere PostgreSQL-Datenbank als Netzwerk einrichten (Verwalter-Zugang)")
    init.add_argument("--role-prefix", default="kim_", metavar="PRÄFIX", help="Anfang der Rollennamen (kim_)")
    init.add_argument("--office-name", metavar="NAME", help="Büro, dessen Daten die Datenbank schon enthält")
    init.add_argument("--office-short", metavar="KURZNAME", help="Kurzname dieses Büros (für den Zugang)")
    init.add_argument("--office-kind", choices=[k.value for k in OrganisationKind], metavar="ART")
    init.set_defaults(handler=cmd_network_init)
    partner = actions.add_parser("add-partner", help="Partner und seinen Zugang kim_org_<Kurzname> anlegen")
    partner.add_argument("--name", required=True, metavar="NAME", help="Name der Organisation")
    partner.add_argument("--short", required=True, metavar="KURZNAME", help="Kurzname (a-z, 0-9, _) für den Zugang")
    partner.add_argument("--kind", required=True, choices=[k.value for k in OrganisationKind], metavar="ART")
    partner.add_argument(
        "--move-data-from", metavar="URL", help="Datenbank des Büros (Datei oder Server), deren Daten dazukommen"
    )
    partner.set_defaults(handler=cmd_network_add_partner)
    login = actions.add_parser("add-login", help="Persönlichen Zugang einer Mitarbeiterin eines Partners anlegen")
    login.add_argument("--partner", required=True, metavar="KURZNAME", help="Kurzname des Partners")
    login.add_argument("--login", required=True, metavar="NAME", help="Zugangsname (a-z, 0-9, _)")
    login.add_argument("--person", required=True, metavar="NAME", help="Name der Person (für das Protokoll)")
    login.set_defaults(handler=cmd_network_add_login)
    report = actions.add_parser("report", help="KIM-Bericht des ganzen Netzwerks und je Partner (Verwalter)")
    report.add_argument("--period", required=True, help="Quartal wie 2026Q3 oder Zeitraum 2026-07-01..2026-08-31")
    report.set_defaults(handler=cmd_network_report)
