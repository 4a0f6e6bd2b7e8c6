"""What the window's start needs of the command line (argparse only): command names, global options, the first word."""

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

# The CLI's commands (its parser has one sub-command for each; a test keeps both lists equal).
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
    "network",
    "aussentermin",
)
# Asked for anywhere on the line, these print the CLI's help or version instead of opening the window.
HELP_OPTIONS = frozenset({"-h", "--help", "--version"})
PASSWORD_VARIABLE = "KIM_PASSWORD"


def add_location_options(parser: argparse.ArgumentParser) -> None:
    """Options that say which data folder and database to use (shared by GUI and CLI)."""
    parser.add_argument("--data-dir", type=Path, help="Datenordner (Datenbank, Einstellungen, Protokolle)")
    parser.add_argument("--portable", action="store_true", default=None, help="Daten neben dem Programm ablegen")
    parser.add_argument("--database-url", help="Datenbank-URL statt der Einstellung (z. B. postgresql+psycopg://…)")


def add_account_options(parser: argparse.ArgumentParser) -> None:
    """The global `--user` option (the password is never an argument: it would show in the process list)."""
    parser.add_argument(
        "--user",
        metavar="NAME",
        help=f"Benutzerkonto für Befehle mit personenbezogenen Daten (Passwort aus {PASSWORD_VARIABLE} oder Eingabe)",
    )


def add_window_options(parser: argparse.ArgumentParser) -> None:
    """Options only the window reads."""
    parser.add_argument("--quit-after", type=int, metavar="MS", help=argparse.SUPPRESS)  # smoke tests


class _SilentParser(argparse.ArgumentParser):
    """A parser that raises instead of printing usage and exiting (the CLI's own parser reports the problem)."""

    def error(self, message: str) -> NoReturn:
        """Raise ValueError with argparse's message."""
        raise ValueError(message)


def first_word(argv: Sequence[str]) -> str | None:
    """The first word on the line that is neither an option nor an option's value: the command, if any.

    Every option that takes a value (the CLI's global ones and the window's) is known here, so in
    `--data-dir X --user Y initt` the first word is `initt`: a mistyped command, not a reason to open the window.
    """
    parser = _SilentParser(add_help=False)
    add_location_options(parser)
    add_account_options(parser)
    add_window_options(parser)
    try:
        _known, rest = parser.parse_known_args(list(argv))
    except ValueError:  # e.g. an option without its value: the CLI's parser says so in full
        return next((word for word in argv if not word.startswith("-")), None)
    return next((word for word in rest if not word.startswith("-")), None)


def wants_command_line(argv: Sequence[str]) -> bool:
    """Whether the line names a command (known or not) or asks for help: then the CLI answers, not the window."""
    return first_word(argv) is not None or any(word in HELP_OPTIONS for word in argv)
