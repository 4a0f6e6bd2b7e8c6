"""Maintenance commands of the CLI: backup, restore, check, migrate-to, encrypt, decrypt."""

import argparse
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from kim_desktop.cli.auth import signed_in
from kim_desktop.cli.database import PASSPHRASE_ENV, as_url, configured_url, open_configured_database, read_passphrase
from kim_desktop.cli.errors import EXIT_OK, EXIT_REFUSED
from kim_desktop.db.engine import sqlite_path, sqlite_url
from kim_desktop.domain.access import Action
from kim_desktop.domain.errors import KimError
from kim_desktop.paths import AppPaths
from kim_desktop.settings import load_settings, save_settings

if TYPE_CHECKING:  # the services load SQLAlchemy: imported when a command runs, not when the CLI starts
    from kim_desktop.services.backups import BackupOutcome
    from kim_desktop.services.server_move import MoveReport


def _signed_in_copy[C: (BackupOutcome, MoveReport)](
    args: argparse.Namespace, paths: AppPaths, command: str, make_copy: Callable[[], C]
) -> C:
    """Sign in with the backup right, make the copy, record it as an export in the configured database."""
    from kim_desktop.services.copy_audit import CopyKind, copy_recorded

    db = open_configured_database(args, paths)  # a copy of all data leaves only with an administrator's account
    try:
        actor = signed_in(args, db, Action.BACKUP, command)
        with db.sessions() as session:
            return copy_recorded(session, actor, CopyKind(command), make_copy)
    finally:
        db.close()


def cmd_backup(args: argparse.Namespace, paths: AppPaths) -> int:
    """Back up the local database (verified), into the backup folders or into --to DIR."""
    from kim_desktop.services.backups import backup_database, backup_now, local_database_file

    url = configured_url(args, paths)
    local_database_file(url)  # a server database: the message about pg_dump, before asking for a password
    if args.to is not None:
        to = Path(args.to).expanduser()
        outcome = _signed_in_copy(args, paths, "backup", lambda: backup_database(url, to, None, kind="manuell"))
    else:
        settings = load_settings(paths.settings_file)
        outcome = _signed_in_copy(args, paths, "backup", lambda: backup_now(paths, settings, url, "manuell"))
    print(outcome.message())
    return 0


def cmd_restore(args: argparse.Namespace, paths: AppPaths) -> int:
    """Replace the local database with a backup file, after backing up the current state."""
    from kim_desktop.services.backups import local_database_file
    from kim_desktop.services.restore import restore_backup

    url = configured_url(args, paths, check=False)  # a damaged database is what a restore replaces
    database = sqlite_path(url)
    if database is None:
        local_database_file(url)  # raises the message about server databases
        return 2
    report = restore_backup(Path(args.file).expanduser(), database, paths.backup_dir)
    print(report.message())
    return 0


def cmd_check(args: argparse.Namespace, paths: AppPaths) -> int:
    """Check the database (quick_check, or integrity_check with --full); exit status 1 if it is damaged."""
    from kim_desktop.services.restore import check_configured_database, folder_is_read_only
    from kim_desktop.services.storage import network_share_warning_for

    url = configured_url(args, paths, check=False)  # the check itself, with its report
    warning = network_share_warning_for(url)
    if warning:
        print(f"Warnung: {warning}")
    report = check_configured_database(url, paths.backup_dir, full=args.full)
    if report is None:
        db = open_configured_database(args, paths)
        db.close()
        print(f"{db.description}: erreichbar, Schema {db.migration.after}.")
        return 0
    print(report.message())
    for problem in report.problems[:5]:
        print(f"  {problem}")
    if report.ok and folder_is_read_only(report.database):
        print(
            f"Hinweis: Der Ordner {report.database.parent} ist schreibgeschützt: die Datenbank ist lesbar, aber "
            "KIM Desktop kann dort nichts speichern (Programm und Befehle brauchen Schreibrecht)."
        )
    return EXIT_OK if report.ok else EXIT_REFUSED


def _refuse_a_file_that_is_no_database(url: str) -> None:
    """A target file that exists but is no SQLite database is named before anything is signed in or copied."""
    from kim_desktop.db.backup import looks_like_sqlite
    from kim_desktop.db.cipher import is_encrypted

    path = sqlite_path(url)
    if path is None or not path.exists():
        return
    if path.is_dir():
        raise KimError(f"Das Ziel {path} ist ein Ordner; bitte eine Datei (.sqlite) angeben.")
    if path.stat().st_size and not looks_like_sqlite(path) and not is_encrypted(path):
        raise KimError(f"Das Ziel {path} ist keine SQLite-Datenbank; es wurde nichts kopiert.")


def cmd_migrate_to(args: argparse.Namespace, paths: AppPaths) -> int:
    """Copy all data to an empty database (server or file), verified; with --use, switch this desk to it."""
    from kim_desktop.services.server_move import copy_database

    source = configured_url(args, paths)
    target = as_url(args.url)
    _refuse_a_file_that_is_no_database(target)

    def progress(table: str, copied: int, total: int) -> None:
        if copied == total and total:
            print(f"  {table}: {total}")

    shown = progress if args.verbose else None
    report = _signed_in_copy(args, paths, "migrate-to", lambda: copy_database(source, target, paths.backup_dir, shown))
    print(report.message())
    if args.use:
        from kim_desktop.services.server_passwords import remember_server

        settings = load_settings(paths.settings_file)
        stored, in_keyring = ("", False) if target == sqlite_url(paths.database_file) else remember_server(target)
        save_settings(paths.settings_file, replace(settings, database_url=stored))  # never with the password
        print("Dieser Arbeitsplatz verwendet ab jetzt die Zieldatenbank.")
        if sqlite_path(target) is None and not in_keyring:
            print("Ohne Schlüsselbund wird das Passwort des Servers bei jedem Start abgefragt.")
    return 0


def _local_file(args: argparse.Namespace, paths: AppPaths) -> Path:
    from kim_desktop.services.backups import local_database_file

    return local_database_file(configured_url(args, paths))


def cmd_encrypt(args: argparse.Namespace, paths: AppPaths) -> int:
    """Encrypt the local database with a passphrase (close KIM Desktop first); old plain backups as chosen."""
    from kim_desktop.services.backups import second_backup_dir
    from kim_desktop.services.encryption import PlainBackups, encrypt_database, passphrase_problem

    database = _local_file(args, paths)
    passphrase = read_passphrase("Neue Passphrase: ", twice=True)
    if (problem := passphrase_problem(passphrase)) is not None:
        raise KimError(problem)
    second = second_backup_dir(load_settings(paths.settings_file))
    folders = [paths.backup_dir] + ([second] if second is not None else [])
    report = encrypt_database(database, passphrase, folders, PlainBackups(args.plain_backups), args.keyring)
    print(report.message())
    return 0


def cmd_decrypt(args: argparse.Namespace, paths: AppPaths) -> int:
    """Write the local database back unencrypted (the passphrase must open it)."""
    from kim_desktop.db.cipher import key_for
    from kim_desktop.services.encryption import decrypt_database

    database = _local_file(args, paths)  # unlocks it: the key is then known in this process
    key = key_for(database)
    if key is None:
        raise KimError("Die Datenbank ist nicht verschlüsselt.")
    print(decrypt_database(database, key.passphrase).message())
    return 0


def add_maintenance_commands(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add backup, restore, check and migrate-to to the CLI's sub-commands."""
    backup = commands.add_parser("backup", help="Datenbank sichern (geprüft, mit Aufbewahrungsregel)")
    backup.add_argument(
        "--to", type=Path, metavar="ORDNER", help="in diesen Ordner sichern statt in die Sicherungsordner"
    )
    backup.set_defaults(handler=cmd_backup)

    restore = commands.add_parser(
        "restore", help="Datenbank aus einer Sicherung wiederherstellen (Programm vorher schließen)"
    )
    restore.add_argument("file", metavar="DATEI", help="Sicherungsdatei (.sqlite)")
    restore.set_defaults(handler=cmd_restore)

    check = commands.add_parser("check", help="Datenbank auf Schäden prüfen")
    check.add_argument("--full", action="store_true", help="vollständige statt schneller Prüfung")
    check.set_defaults(handler=cmd_check)

    move = commands.add_parser(
        "migrate-to", help="alle Daten in eine leere Datenbank übertragen (z. B. PostgreSQL-Server)"
    )
    move.add_argument(
        "url", metavar="URL", help="Ziel, z. B. postgresql+psycopg://kim@server/kim oder eine .sqlite-Datei"
    )
    move.add_argument("--use", action="store_true", help="danach an diesem Arbeitsplatz die Zieldatenbank verwenden")
    move.add_argument("--verbose", action="store_true", help="Zeilen je Tabelle ausgeben")
    move.set_defaults(handler=cmd_migrate_to)

    encrypt = commands.add_parser(
        "encrypt", help=f"lokale Datenbank verschlüsseln (Programm vorher schließen; Passphrase aus {PASSPHRASE_ENV})"
    )
    encrypt.add_argument("--keyring", action="store_true", help="Passphrase im Schlüsselbund des Kontos speichern")
    encrypt.add_argument(
        "--plain-backups",
        choices=["verschluesseln", "loeschen", "behalten"],
        default="verschluesseln",
        help="was mit unverschlüsselten älteren Sicherungen geschieht (Vorgabe: verschluesseln)",
    )
    encrypt.set_defaults(handler=cmd_encrypt)
    decrypt = commands.add_parser("decrypt", help="Verschlüsselung der lokalen Datenbank aufheben")
    decrypt.set_defaults(handler=cmd_decrypt)
