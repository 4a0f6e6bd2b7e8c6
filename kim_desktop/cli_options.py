"""What the window's start needs of the command line (argparse only): command names and the location options."""

import argparse
from pathlib import Path

# The commands of cli.py (its parser has one sub-command for each; a test keeps both lists equal).
COMMANDS = (
    "info",
    "migrate",
    "demo-data",
    "courses",
    "init",
    "municipalities",
    "letter",
    "report",
    "backup",
    "restore",
    "check",
    "migrate-to",
    "encrypt",
    "decrypt",
)


def add_location_options(parser: argparse.ArgumentParser) -> None:
    """Options that say which data folder and database to use (shared by GUI and CLI)."""
    parser.add_argument("--data-dir", type=Path, help="Datenordner (Datenbank, Einstellungen, Protokolle)")
    parser.add_argument("--portable", action="store_true", default=None, help="Daten neben dem Programm ablegen")
    parser.add_argument("--database-url", help="Datenbank-URL statt der Einstellung (z. B. postgresql+psycopg://…)")
