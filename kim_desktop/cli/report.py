"""The `report` commands: the quarterly KIM report as PDF (and CSV/JSON), and merging offices' exchange files."""

import argparse
from pathlib import Path

from kim_desktop.cli.auth import signed_in
from kim_desktop.cli.database import open_configured_database
from kim_desktop.cli.errors import fail
from kim_desktop.domain.access import Action, require
from kim_desktop.domain.report_figures import KimReport
from kim_desktop.paths import AppPaths


def add_report_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add `report quarterly` and `report merge` to the CLI's subcommands."""
    report = commands.add_parser("report", help="Anonymisierter KIM-Bericht")
    actions = report.add_subparsers(dest="report_command", required=True, metavar="AKTION")

    quarterly = actions.add_parser("quarterly", help="Quartalsbericht als PDF (optional CSV-Tabellen, JSON)")
    quarterly.add_argument("--period", required=True, help="Quartal wie 2026Q3 oder Zeitraum 2026-07-01..2026-08-31")
    quarterly.add_argument("--out", type=Path, required=True, help="PDF-Datei")
    quarterly.add_argument("--csv", type=Path, metavar="ORDNER", help="Tabellen zusätzlich als CSV in diesen Ordner")
    quarterly.add_argument("--xlsx", type=Path, metavar="DATEI", help="Tabellen zusätzlich als XLSX-Datei")
    quarterly.add_argument(
        "--json", type=Path, metavar="DATEI",
        help="Austauschdatei für das Netzwerk (exakte Fallzahlen: nur für Administratoren)",
    )  # fmt: skip
    quarterly.add_argument("--office", default=None, help="Name der Dienststelle (Standard: aus dem Briefkopf)")
    quarterly.set_defaults(handler=cmd_report_quarterly)

    merge = actions.add_parser("merge", help="Austauschdateien mehrerer Stellen zu einem Netzwerkbericht")
    merge.add_argument("files", type=Path, nargs="+", metavar="DATEI")
    merge.add_argument("--out", type=Path, required=True, help="PDF-Datei")
    merge.add_argument("--csv", type=Path, metavar="ORDNER", help="Tabellen zusätzlich als CSV in diesen Ordner")
    merge.add_argument("--json", type=Path, metavar="DATEI", help="zusammengeführte Austauschdatei")
    merge.set_defaults(handler=cmd_report_merge)


def cmd_report_quarterly(args: argparse.Namespace, paths: AppPaths) -> int:
    """Compute the report for the period and write the PDF (and the optional CSV/XLSX/JSON files)."""
    from kim_desktop.domain.report_figures import parse_period
    from kim_desktop.services.kim_report import compute_kim_report, export_report_json
    from kim_desktop.settings import load_settings

    try:
        start, end = parse_period(args.period)
    except ValueError:
        return fail(f"Zeitraum nicht erkannt: {args.period} (z. B. 2026Q3 oder 2026-07-01..2026-08-31)")
    office = args.office if args.office is not None else load_settings(paths.settings_file).office.name
    db = open_configured_database(args, paths)
    try:
        actor = signed_in(args, db, Action.VIEW_REPORTS, "report quarterly")
        if args.json:  # exact counts: refused before anything is computed or written
            require(actor, Action.EXPORT_EXACT_REPORT)
        with db.sessions() as session:
            report = compute_kim_report(session, start, end, office=office, actor=actor)
        _write_outputs(report, args, with_json=False)
        if args.json:
            with db.sessions() as session:
                export_report_json(session, report, args.json, actor=actor)
            print(f"Austauschdatei (exakte Fallzahlen, nur für Administratoren): {args.json}")
    finally:
        db.close()
    return 0


def cmd_report_merge(args: argparse.Namespace, paths: AppPaths) -> int:
    """Read several offices' exchange files and write one network report."""
    from kim_desktop.domain.report_merge import ReportsDoNotFit, merge_reports
    from kim_desktop.exchange.report_json import read_report_json

    reports = [read_report_json(path) for path in args.files]
    try:
        merged = merge_reports(reports)
    except ReportsDoNotFit:
        return fail("Die Dateien verwenden unterschiedliche Zielwerte (Wochen bis Kursbeginn, Anmeldefrist).")
    _write_outputs(merged, args)
    return 0


def _write_outputs(report: KimReport, args: argparse.Namespace, with_json: bool = True) -> None:
    from kim_desktop.documents.kim_report_pdf import write_kim_report_pdf
    from kim_desktop.exchange.report_json import write_report_json
    from kim_desktop.services.report_files import write_report_csv, write_report_xlsx

    write_kim_report_pdf(report, args.out)
    print(f"Bericht geschrieben: {args.out}")
    if args.csv:
        files = write_report_csv(report, args.csv)
        print(f"{len(files)} CSV-Tabellen in {args.csv}")
    if getattr(args, "xlsx", None):
        write_report_xlsx(report, args.xlsx)
        print(f"XLSX-Tabellen: {args.xlsx}")
    if with_json and args.json:  # `report merge`: the exchange files it read hold the exact counts already
        write_report_json(report, args.json)
        print(f"Austauschdatei: {args.json}")
