"""The start's light list of command names is the CLI's, and the first word decides window or command."""

import argparse
import sys
import types

import pytest

from kim_desktop.__main__ import main as entry_point
from kim_desktop.cli.options import COMMANDS, first_word, wants_command_line
from kim_desktop.cli.parser import build_parser


def test_the_command_names_are_the_parsers_sub_commands() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert tuple(sub.choices) == COMMANDS


@pytest.mark.parametrize(
    ("line", "word"),
    [
        ([], None),
        (["--data-dir", "backup"], None),  # a folder called "backup" is the option's value, not the command
        (["--portable", "--quit-after", "500"], None),
        (["--database-url", "sqlite:///x.sqlite", "--user", "info"], None),
        (["--user", "admin", "backup", "--to", "x"], "backup"),
        (["--data-dir", "d", "initt"], "initt"),
        (["--data-dir=d", "courses", "import", "f.csv"], "courses"),
        (["--data-dir"], None),  # a missing value: the CLI's parser says so when a command is named
    ],
)
def test_the_first_word_skips_options_and_their_values(line: list[str], word: str | None) -> None:
    assert first_word(line) == word


def test_help_and_version_go_to_the_command_line() -> None:
    assert wants_command_line(["--version"])
    assert wants_command_line(["--data-dir", "d", "-h"])
    assert not wants_command_line(["--data-dir", "d"])


def test_a_mistyped_command_is_refused_not_taken_for_the_window(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    window = types.ModuleType("kim_desktop.app")

    def no_window(_argv: object) -> int:
        raise AssertionError("the window was opened for a mistyped command")

    window.main = no_window  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kim_desktop.app", window)
    assert entry_point(["--data-dir", "unbenutzt", "initt"]) == 2
    err = capsys.readouterr().err
    assert err == f"Fehler: Unbekannter Befehl „initt“. Befehle: {', '.join(COMMANDS)}\n"
