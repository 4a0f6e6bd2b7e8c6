"""The start's light list of command names is the CLI's: `python -m kim_desktop NAME` reaches every command."""

import argparse

from kim_desktop.cli import build_parser
from kim_desktop.cli_options import COMMANDS


def test_the_command_names_are_the_parsers_sub_commands() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert tuple(sub.choices) == COMMANDS
