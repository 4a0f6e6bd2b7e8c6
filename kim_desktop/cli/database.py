"""How a CLI command reaches its database: URL from the option or the settings, unlocked, checked, opened."""

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kim_desktop.domain.errors import KimError
from kim_desktop.paths import AppPaths
from kim_desktop.settings import load_settings

if TYPE_CHECKING:  # the window's start imports the CLI's options: the data layer loads when a command runs
    from kim_desktop.services.database import OpenDatabase
    from kim_desktop.services.restore import IntegrityReport

PASSPHRASE_ENV = "KIM_DB_PASSPHRASE"


class DatabaseDamaged(KimError):  # noqa: N818 - reads like the other KimErrors
    """The local database failed its quick check: no command reads from or writes into it."""


def read_passphrase(prompt: str = "Passphrase der Datenbank: ", twice: bool = False) -> str:
    """The passphrase from KIM_DB_PASSPHRASE, else typed at the terminal (twice for a new one)."""
    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        raise KimError(f"Die Datenbank ist verschlüsselt: bitte die Passphrase in {PASSPHRASE_ENV} angeben.")
    typed = getpass.getpass(prompt)
    if twice and getpass.getpass("Passphrase wiederholen: ") != typed:
        raise KimError("Die beiden Eingaben der Passphrase stimmen nicht überein.")
    return typed


def unlock_database(url: str) -> None:
    """An encrypted local database is unlocked with KIM_DB_PASSPHRASE, the keyring or a prompt (once a process)."""
    from kim_desktop.services.encryption import locked_database, unlock, unlock_from_keyring

    path = locked_database(url)
    if path is None or (PASSPHRASE_ENV not in os.environ and unlock_from_keyring(path)):
        return
    unlock(path, read_passphrase())


def damaged_message(report: "IntegrityReport") -> str:
    """The refusal for a damaged database, with the way back: the newest good backup and the restore command."""
    problem = " ".join(report.problems[0].split()) if report.problems else "?"  # SQLite's first line, on one line
    text = (
        f"Die Datenbank {report.database} ist beschädigt ({problem}). Damit nichts Falsches gelesen oder "
        "gespeichert wird, führt KIM Desktop keinen Befehl mit ihr aus."
    )
    if report.newest_good_backup is None:
        return text + (
            " Es gibt keine geprüfte Sicherung; bitte wenden Sie sich an die Technik-Betreuung "
            "(„kim-desktop check --full“ zeigt die Schäden)."
        )
    backup = report.newest_good_backup
    return text + f" Neueste gute Sicherung: {backup.summary()}. Wiederherstellen: kim-desktop restore {backup.path}"


def require_sound_database(url: str, paths: AppPaths) -> None:
    """Refuse a damaged local database before anything reads or writes it (quick_check, once per file state)."""
    from kim_desktop.db.engine import sqlite_path
    from kim_desktop.services.integrity_gate import CACHE_NAME, checked_database

    database = sqlite_path(url)
    if database is None:
        return  # a server checks its own pages
    report = checked_database(database, paths.backup_dir, paths.data_dir / CACHE_NAME)
    if not report.ok:
        raise DatabaseDamaged(damaged_message(report))


def configured_url(args: argparse.Namespace, paths: AppPaths, check: bool = True) -> str:
    """The database URL from --database-url or the settings, unlocked and (unless check=False) found sound."""
    url = getattr(args, "database_url", None) or load_settings(paths.settings_file).effective_database_url(paths)
    if "@" in url:  # a server: its login's password from the keyring where the URL has none
        from kim_desktop.services.server_passwords import url_to_connect

        url = url_to_connect(url)
    unlock_database(url)  # an encrypted local file: KIM_DB_PASSPHRASE, the keyring or a prompt
    if check:
        require_sound_database(url, paths)
    return url


def open_configured_database(args: argparse.Namespace, paths: AppPaths) -> "OpenDatabase":
    """Open the database named on the command line or in the settings (checked first), migrating it if needed."""
    from kim_desktop.services.storage import open_database_checked

    db = open_database_checked(configured_url(args, paths), paths.backup_dir, paths.data_dir)
    if db.erasure_notice is not None:  # erased people erased again, or erased content still in the file
        print(db.erasure_notice, file=sys.stderr)
    return db


def as_url(text: str) -> str:
    """A URL as given, or a plain file path turned into a SQLite URL."""
    from kim_desktop.db.engine import sqlite_url

    return text if "://" in text else sqlite_url(Path(text).expanduser().resolve())
