"""Encryption at rest of the local database (SQLCipher): state, unlocking, switching on and off, old backups."""

import contextlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from kim_desktop.db.backup import (
    integrity_problems,
    looks_like_sqlite,
    read_only,
    schema_revision,
    table_counts,
    verify_copy,
)
from kim_desktop.db.cipher import (
    DatabaseKey,
    WrongPassphrase,
    check_key,
    cipher_module,
    connect,
    database_errors,
    export_database,
    forget_key,
    is_encrypted,
    key_for,
    remember_key,
    require_cipher,
)
from kim_desktop.db.engine import sqlite_path
from kim_desktop.db.switch_lock import DatabaseInUse, exclusive_use, no_other_connection
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.errors import KimError
from kim_desktop.domain.text import N_, Text, joined, verbatim
from kim_desktop.services import passphrase_store

MIN_PASSPHRASE_LENGTH = 10
_CHUNK = 1 << 20


class EncryptionFailed(KimError):  # noqa: N818 - reads like the other KimErrors
    """Switching encryption on or off was refused or failed; the database is unchanged."""


class PlainBackups(StrEnum):
    """What happens to unencrypted backups when the database is encrypted."""

    ENCRYPT = "verschluesseln"
    DELETE = "loeschen"
    KEEP = "behalten"


@dataclass(frozen=True)
class EncryptionState:
    """What the Verschlüsselung group shows: local file or server, SQLCipher there, encrypted, the keyring."""

    local: bool
    available: bool
    encrypted: bool
    keyring_problem: Text | None
    plain_backups: int = 0

    def text(self) -> Text:
        """One line for the settings group and the CLI (German until the UI translates it)."""
        if not self.local:
            return Text(
                N_("Serverdatenbank: die Verschlüsselung ist Sache des Servers (Festplattenverschlüsselung dort).")
            )
        if self.encrypted and self.plain_backups:
            return Text(
                N_(
                    "Die lokale Datenbank ist verschlüsselt (SQLCipher). "
                    "Achtung: {n} ältere Sicherung(en) sind noch unverschlüsselt."
                ),
                n=self.plain_backups,
            )
        if self.encrypted:
            return Text(N_("Die lokale Datenbank ist verschlüsselt (SQLCipher)."))
        if not self.available:
            return Text(N_("Die Verschlüsselung (SQLCipher) ist in dieser Installation nicht verfügbar."))
        return Text(N_("Die lokale Datenbank ist nicht verschlüsselt."))


@dataclass(frozen=True)
class SwitchReport:
    """What switching did: the database, now encrypted or plain, its verified counts, and the old backups."""

    database: Path
    encrypted: bool
    counts: dict[str, int]
    backups_encrypted: int = 0
    backups_deleted: int = 0
    backups_failed: tuple[str, ...] = ()
    keyring_note: str | None = None
    plain_backups_left: int = field(default=0)

    def message(self) -> Text:
        """Summary for the CLI and the settings group (German until the UI translates it)."""
        rows = sum(self.counts.values())
        lines: list[Text] = []
        if self.encrypted:
            lines.append(
                Text(
                    N_("Die Datenbank {db} ist jetzt verschlüsselt ({rows} Zeilen geprüft)."),
                    db=self.database,
                    rows=rows,
                )
            )
        else:
            lines.append(
                Text(
                    N_("Die Datenbank {db} ist jetzt unverschlüsselt ({rows} Zeilen geprüft)."),
                    db=self.database,
                    rows=rows,
                )
            )
            lines.append(
                Text(
                    N_(
                        "Bisherige Sicherungen bleiben verschlüsselt; "
                        "zum Wiederherstellen braucht man die alte Passphrase."
                    )
                )
            )
        if self.backups_encrypted:
            lines.append(Text(N_("{n} ältere Sicherung(en) verschlüsselt."), n=self.backups_encrypted))
        if self.backups_deleted:
            lines.append(Text(N_("{n} unverschlüsselte Sicherung(en) gelöscht."), n=self.backups_deleted))
        if self.plain_backups_left:
            left = Text(N_("Achtung: {n} ältere Sicherung(en) sind weiter unverschlüsselt."), n=self.plain_backups_left)
            lines.append(left)
        lines.extend(Text(N_("Nicht verschlüsselt: {failure}"), failure=failure) for failure in self.backups_failed)
        if self.keyring_note:
            lines.append(verbatim(self.keyring_note))
        return joined(lines, "\n")


def passphrase_problem(passphrase: str, repeat: str | None = None) -> Text | None:
    """The reason why a new passphrase is refused (German until the UI translates it), or None."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        return Text(N_("Die Passphrase muss mindestens {n} Zeichen lang sein."), n=MIN_PASSPHRASE_LENGTH)
    if "\x00" in passphrase:
        return Text(N_("Die Passphrase enthält ein unzulässiges Zeichen."))
    if repeat is not None and passphrase != repeat:
        return Text(N_("Die beiden Eingaben der Passphrase stimmen nicht überein."))
    return None


def plain_backup_files(folders: Iterable[Path]) -> list[Path]:
    """Backup files (*.sqlite) in the folders that are not encrypted."""
    found: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            found.extend(sorted(path for path in folder.glob("*.sqlite") if looks_like_sqlite(path)))
    return found


def encryption_state(url: str, backup_folders: Sequence[Path] = ()) -> EncryptionState:
    """Whether the database of a URL is a local file, encrypted, and whether SQLCipher and a keyring are there."""
    path = sqlite_path(url)
    available = cipher_module() is not None
    if path is None:
        return EncryptionState(False, available, False, None)
    encrypted = is_encrypted(path)
    plain = len(plain_backup_files(backup_folders)) if encrypted else 0
    return EncryptionState(True, available, encrypted, passphrase_store.keyring_problem(), plain)


def locked_database(url: str) -> Path | None:
    """The local file of a URL when it is encrypted and not yet unlocked in this process (after crash recovery)."""
    path = sqlite_path(url)
    if path is None:
        return None
    # In use or being switched elsewhere (or a read-only folder): nothing to recover from here, now.
    with contextlib.suppress(DatabaseInUse, OSError), exclusive_use(path):
        recover_interrupted_switch(path)
    if not is_encrypted(path) or key_for(path) is not None:
        return None
    require_cipher()  # an encrypted file where SQLCipher is missing: say so instead of asking for a passphrase
    return path


def unlock(database: Path, passphrase: str) -> None:
    """Check the passphrase against the file (read-only, nothing written) and keep the key for this process."""
    key = DatabaseKey(passphrase)
    check_key(database, key)
    remember_key(database, key)


def unlock_from_keyring(database: Path) -> bool:
    """Unlock with the passphrase from the keyring; False when none is stored or it no longer fits."""
    stored = passphrase_store.stored_passphrase(database)
    if stored is None:
        return False
    try:
        unlock(database, stored)
    except WrongPassphrase:
        return False
    return True


def shred(path: Path) -> None:
    """Overwrite a file with zeros, push that to the disk, then delete it (see docs/data-protection.md for limits)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    try:
        with path.open("r+b") as handle:
            zeros = bytes(_CHUNK)
            for _start in range(0, size, _CHUNK):
                handle.write(zeros)
            handle.flush()
            os.fsync(handle.fileno())
    finally:
        path.unlink(missing_ok=True)


def _sidecars(path: Path) -> tuple[Path, Path]:
    return Path(f"{path}-wal"), Path(f"{path}-shm")


def _old_name(path: Path) -> Path:
    return path.with_name(path.name + ".alt")


def _work_name(path: Path) -> Path:
    return path.with_name(path.name + ".umschluesseln")


def recover_interrupted_switch(database: Path) -> None:
    """After a crash during a switch: put the old file back if the new one is missing, else remove the leftovers.

    Call it holding exclusive_use(database): the leftovers of a switch still running elsewhere are not leftovers.
    """
    old, work = _old_name(database), _work_name(database)
    if not database.exists() and old.exists():
        os.replace(old, database)
    for leftover in (old, work):
        shred(leftover)


def _snapshot(database: Path, key: DatabaseKey | None) -> tuple[dict[str, int], str | None]:
    """Fold the WAL into the file, check it and count its rows; refused when it is damaged or open elsewhere."""
    conn = connect(database, key, isolation_level=None)
    try:
        no_other_connection(conn, database)  # also a database tool that ignores the lock file; folds in the WAL
        problems = integrity_problems(conn)
        if problems:
            raise EncryptionFailed(
                Text(N_("Die Datenbank ist beschädigt ({problem}); es wurde nichts verändert."), problem=problems[0])
            )
        conn.execute("BEGIN")
        counts = table_counts(conn)
        schema = schema_revision(conn)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return counts, schema


def _replace_verified(
    path: Path, source_key: DatabaseKey | None, target_key: DatabaseKey | None, counts: dict[str, int]
) -> None:
    """Export the file with the new key, verify, swap it in, verify again, then shred the old file."""
    work, old = _work_name(path), _old_name(path)
    shred(work)
    try:
        export_database(path, source_key, work, target_key)
        verify_copy(work, counts, target_key)
    except BaseException:
        shred(work)
        raise
    os.replace(path, old)  # the old file stays whole until the new one is verified in place
    for stale in _sidecars(path):
        shred(stale)
    os.replace(work, path)
    try:
        verify_copy(path, counts, target_key)
    except BaseException:
        os.replace(old, path)
        raise
    shred(old)


def _switch(database: Path, source_key: DatabaseKey | None, target_key: DatabaseKey | None) -> dict[str, int]:
    if not database.is_file():
        raise EncryptionFailed(Text(N_("Die Datenbank {database} gibt es nicht."), database=database))
    try:
        # No other program may have the file open for the whole switch, nor open it meanwhile: its saves would go
        # into the replaced file (told they went through, then lost) and it would read a half-swapped one.
        with exclusive_use(database):
            recover_interrupted_switch(database)
            counts, schema = _snapshot(database, source_key)
            _replace_verified(database, source_key, target_key, counts)
            with read_only(database, target_key) as conn:
                if schema_revision(conn) != schema:
                    raise EncryptionFailed(Text(N_("Nach dem Umschlüsseln weicht der Schemastand ab.")))
    except database_errors() as exc:
        raise EncryptionFailed(
            Text(N_("Das Umschlüsseln ist fehlgeschlagen: {error}; die Datenbank ist unverändert."), error=str(exc))
        ) from exc
    return counts


def encrypt_backup_files(files: Iterable[Path], key: DatabaseKey) -> tuple[int, tuple[str, ...]]:
    """Encrypt plain backup files in place (verified against their own counts); how many, and what failed why."""
    done = 0
    failed: list[str] = []
    for path in files:
        try:
            with read_only(path, None) as conn:
                counts = table_counts(conn)
            _replace_verified(path, None, key, counts)
            done += 1
        except database_errors(KimError, OSError) as exc:
            failed.append(f"{path.name}: {exc}")
    return done, tuple(failed)


def _handle_plain_backups(
    folders: Sequence[Path], what: PlainBackups, key: DatabaseKey
) -> tuple[int, int, tuple[str, ...], int]:
    files = plain_backup_files(folders)
    if what is PlainBackups.ENCRYPT:
        done, failed = encrypt_backup_files(files, key)
        return done, 0, failed, len(failed)
    if what is PlainBackups.DELETE:
        for path in files:
            path.with_suffix(".json").unlink(missing_ok=True)
            shred(path)
        return 0, len(files), (), 0
    return 0, 0, (), len(files)


def handle_plain_backups(
    database: Path, folders: Sequence[Path], what: PlainBackups, actor: Actor | None = None
) -> str:
    """Encrypt (with the database's key) or delete the backups that are still plain; a German summary."""
    if actor is not None:
        require(actor, Action.EDIT_SETTINGS)
    key = key_for(database)
    if key is None:
        raise EncryptionFailed(Text(N_("Die Datenbank ist nicht verschlüsselt (oder nicht entsperrt).")))
    done, deleted, failed, left = _handle_plain_backups(folders, what, key)
    lines = []
    if done:
        lines.append(f"{done} ältere Sicherung(en) verschlüsselt.")
    if deleted:
        lines.append(f"{deleted} unverschlüsselte Sicherung(en) gelöscht.")
    lines.extend(f"Nicht verschlüsselt: {failure}" for failure in failed)
    if not lines and not left:
        lines.append("Es gibt keine unverschlüsselten Sicherungen.")
    return "\n".join(lines)


def encrypt_database(
    database: Path,
    passphrase: str,
    backup_folders: Sequence[Path] = (),
    plain_backups: PlainBackups = PlainBackups.ENCRYPT,
    store_in_keyring: bool = False,
    actor: Actor | None = None,
) -> SwitchReport:
    """Encrypt the local database file (every connection to it closed); the plain file is overwritten afterwards."""
    if actor is not None:
        require(actor, Action.EDIT_SETTINGS)
    if (problem := passphrase_problem(passphrase)) is not None:
        raise EncryptionFailed(problem)
    if is_encrypted(database):
        raise EncryptionFailed(Text(N_("Die Datenbank ist bereits verschlüsselt.")))
    key = DatabaseKey(passphrase)
    counts = _switch(database, None, key)
    remember_key(database, key)
    done, deleted, failed, left = _handle_plain_backups(backup_folders, plain_backups, key)
    note = None
    if store_in_keyring:
        try:
            passphrase_store.store_passphrase(database, passphrase)
            note = "Die Passphrase ist im Schlüsselbund dieses Benutzerkontos gespeichert."
        except KimError as exc:
            note = str(exc)
    return SwitchReport(database, True, counts, done, deleted, failed, note, left)


def decrypt_database(database: Path, passphrase: str, actor: Actor | None = None) -> SwitchReport:
    """Write the database back as a plain file (the passphrase must open it); forget the stored passphrase."""
    if actor is not None:
        require(actor, Action.EDIT_SETTINGS)
    if not is_encrypted(database):
        raise EncryptionFailed(Text(N_("Die Datenbank ist nicht verschlüsselt.")))
    key = DatabaseKey(passphrase)
    check_key(database, key)
    counts = _switch(database, key, None)
    forget_key(database)
    passphrase_store.forget_passphrase(database)
    return SwitchReport(database, False, counts)
