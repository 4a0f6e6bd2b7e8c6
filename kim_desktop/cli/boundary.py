"""One command from parsing to exit code: unknown commands, the paths, the log file and the error boundary."""

import argparse
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kim_desktop.cli.errors import fail, guarded
from kim_desktop.cli.options import COMMANDS, first_word
from kim_desktop.cli.parser import build_parser
from kim_desktop.paths import AppPaths, resolve_paths
from kim_desktop.settings import load_settings

CommandHandler = Callable[[argparse.Namespace, AppPaths], int]
# The attribute each command group's parser stores its action under.
_ACTIONS = ("courses_command", "municipalities_command", "letter_kind", "report_command")


@dataclass
class _Where:
    """What the boundary learns while a command starts: the folders and the log file (None until known)."""

    paths: AppPaths | None = None
    log_file: Path | None = None


def command_name(args: argparse.Namespace) -> str:
    """`courses import`, `backup`, …: the command as the user typed it, for messages and the log."""
    action = next((getattr(args, name) for name in _ACTIONS if getattr(args, name, None)), None)
    return f"{args.command} {action}" if action else str(args.command)


def _database_folder(args: argparse.Namespace, paths: AppPaths | None) -> Path | None:
    """The local database's folder (a database error names no file); the data folder if the settings fail."""
    if paths is None:
        return None
    from kim_desktop.services.storage import database_folder

    try:
        url = args.database_url or load_settings(paths.settings_file).effective_database_url(paths)
    except Exception:  # an unreadable settings file: the data folder is the best guess
        return paths.data_dir
    return database_folder(url)


def _start_log(paths: AppPaths) -> Path | None:
    """The log file for tracebacks; None (and nothing printed) when its folder cannot be written."""
    from kim_desktop.logging_setup import configure_logging

    try:
        configure_logging(paths.log_file)
    except OSError:
        logging.getLogger().addHandler(logging.NullHandler())  # no traceback on stderr instead
        return None
    return paths.log_file


def _stop_log() -> None:
    from kim_desktop.logging_setup import close_logging

    close_logging()
    root = logging.getLogger()
    for handler in [h for h in root.handlers if type(h) is logging.NullHandler]:
        root.removeHandler(handler)


def run(argv: list[str]) -> int:
    """Parse, refuse an unknown command, make the folders, run the handler inside the error boundary."""
    os.umask(0o077)  # every file we write (database, backups, letters, exports) is private to the user
    word = first_word(argv)
    if word is not None and word not in COMMANDS:
        return fail(f"Unbekannter Befehl „{word}“. Befehle: {', '.join(COMMANDS)}")
    args = build_parser().parse_args(argv)
    name = command_name(args)
    handler: CommandHandler = args.handler
    where = _Where()

    def command() -> int:
        where.paths = resolve_paths(args.data_dir, args.portable).create()
        where.log_file = _start_log(where.paths)
        return handler(args, where.paths)

    try:
        return guarded(command, name, lambda: _database_folder(args, where.paths), lambda: where.log_file)
    finally:
        _stop_log()
