"""Letter commands of the CLI: a referral letter and a course's registration list as PDF files."""

import argparse
import sys
from datetime import date
from pathlib import Path

from kim_desktop.cli.auth import signed_in
from kim_desktop.cli.database import open_configured_database
from kim_desktop.domain.access import Action
from kim_desktop.paths import AppPaths
from kim_desktop.settings import load_settings
from kim_desktop.whole_files import write_whole, write_whole_text


def cmd_letter_referral(args: argparse.Namespace, paths: AppPaths) -> int:
    """Write a referral's letter (reprinted as issued if printed before) and record it; warnings go to stderr."""
    from kim_desktop.services.document_language import checked_language
    from kim_desktop.services.letters import issue_referral_letter

    language = checked_language(args.lang)  # an unknown code is refused before anything is opened
    office = load_settings(paths.settings_file).office
    db = open_configured_database(args, paths)
    try:
        actor = signed_in(args, db, Action.PRINT_LETTERS, "letter referral")
        with db.sessions() as session:
            letter = issue_referral_letter(
                session, args.referral_id, office, actor=actor, today=date.today(), language=language
            )
    finally:
        db.close()
    out: Path = args.out
    write_whole(out, letter.pdf)
    for warning in letter.warnings:
        print(f"Achtung: {warning}", file=sys.stderr)
    print(f"Schreiben für Vermittlung {args.referral_id} ({letter.language}, Textstand {letter.text_version}): {out}")
    return 0


def cmd_letter_registration_list(args: argparse.Namespace, paths: AppPaths) -> int:
    """Write a course's registration list for its provider (PDF, or CSV when the file ends in .csv)."""
    from kim_desktop.services.registration_list import (
        build_registration_list,
        registration_list_csv_text,
        registration_list_pdf,
    )

    office = load_settings(paths.settings_file).office
    db = open_configured_database(args, paths)
    try:
        actor = signed_in(args, db, Action.PRINT_LETTERS, "letter registration-list")
        with db.sessions() as session:
            data = build_registration_list(session, args.course_id, office.name, actor=actor, today=date.today())
    finally:
        db.close()
    out: Path = args.out
    if out.suffix.lower() == ".csv":
        write_whole_text(out, registration_list_csv_text(data))
    else:
        write_whole(out, registration_list_pdf(data))
    print(f"Anmeldeliste: {len(data.entries)} Personen aufgeführt, {data.withheld} ohne Einwilligung gezählt: {out}")
    for line in data.left_out:  # for the advisor at the terminal; the file for the provider only counts them
        print(f"  nicht aufgeführt: {line}")
    return 0


def add_letter_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `letter referral` and `letter registration-list` to the CLI's commands."""
    letter = commands.add_parser("letter", help="Schreiben und Listen als PDF erzeugen")
    kinds = letter.add_subparsers(dest="letter_kind", required=True, metavar="ART")
    referral = kinds.add_parser("referral", help="Vermittlungsschreiben einer Vermittlung")
    referral.add_argument("referral_id", type=int, metavar="REFERRAL_ID")
    referral.add_argument("--out", type=Path, required=True, help="Zieldatei (.pdf)")
    referral.add_argument(
        "--lang", help="zweite Sprache, z. B. ar (sonst gespeicherte bzw. Sprache der Person); unbekannte: Fehler"
    )
    referral.set_defaults(handler=cmd_letter_referral)
    listing = kinds.add_parser("registration-list", help="Anmeldeliste eines Kurses für den Träger")
    listing.add_argument("course_id", type=int, metavar="COURSE_ID")
    listing.add_argument("--out", type=Path, required=True, help="Zieldatei (.pdf oder .csv)")
    listing.set_defaults(handler=cmd_letter_registration_list)
