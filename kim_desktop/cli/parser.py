"""The CLI's argument parser: global options and every command group, with German messages for wrong input."""

import argparse
import re
import sys
from typing import NoReturn

from kim_desktop import __version__
from kim_desktop.cli.courses import add_courses_commands
from kim_desktop.cli.errors import EXIT_USAGE
from kim_desktop.cli.letters import add_letter_commands
from kim_desktop.cli.maintenance import add_maintenance_commands
from kim_desktop.cli.network import add_network_commands
from kim_desktop.cli.options import add_account_options, add_location_options
from kim_desktop.cli.outreach import add_outreach_commands
from kim_desktop.cli.overview import add_overview_commands
from kim_desktop.cli.report import add_report_commands
from kim_desktop.cli.setup import add_setup_commands

# argparse's messages for wrong input (English), said in German.
_GERMAN: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"argument (?P<what>\S+): invalid choice: '?(?P<given>[^' ]*)'? \(choose from (?P<choices>.*)\)"),
        "Unbekannte Angabe „{given}“ für {what}. Möglich: {choices}",
    ),
    (re.compile(r"the following arguments are required: (?P<names>.*)"), "Es fehlt: {names}"),
    (re.compile(r"unrecognized arguments: (?P<names>.*)"), "Unbekannte Angaben: {names}"),
    (re.compile(r"argument (?P<what>\S+): expected one argument"), "Nach {what} fehlt der Wert."),
    (
        re.compile(r"argument (?P<what>\S+): invalid int value: '(?P<given>.*)'"),
        "{what} erwartet eine ganze Zahl, nicht „{given}“.",
    ),
    (
        re.compile(r"argument (?P<what>\S+): not allowed with argument (?P<other>\S+)"),
        "{what} und {other} schließen einander aus.",
    ),
)


def german_usage_error(message: str) -> str:
    """Argparse's message in German where it is one of the usual ones, else as argparse says it."""
    for pattern, text in _GERMAN:
        found = pattern.fullmatch(message)
        if found:
            values = {name: value.replace("'", "") for name, value in found.groupdict().items()}
            return text.format(**values)
    return message


class CommandLineParser(argparse.ArgumentParser):
    """An ArgumentParser that reports wrong input in German and exits with EXIT_USAGE."""

    def error(self, message: str) -> NoReturn:
        """Print the usage and the German message to stderr; exit with status 2."""
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"Fehler: {german_usage_error(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command."""
    parser = CommandLineParser(prog="kim-desktop", description="KIM Desktop – Befehle ohne Fenster")
    parser.add_argument("--version", action="version", version=f"KIM Desktop {__version__}")
    add_location_options(parser)
    add_account_options(parser)
    commands: argparse._SubParsersAction[argparse.ArgumentParser] = parser.add_subparsers(
        dest="command", required=True, metavar="BEFEHL", parser_class=CommandLineParser
    )
    add_overview_commands(commands)
    add_courses_commands(commands)
    add_setup_commands(commands)
    add_letter_commands(commands)
    add_report_commands(commands)
    add_maintenance_commands(commands)
    add_network_commands(commands)
    add_outreach_commands(commands)
    return parser
