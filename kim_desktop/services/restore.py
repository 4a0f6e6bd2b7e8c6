"""Restore from a backup (after backing up the current state) and the integrity check at start."""

import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kim_desktop.db.backup import (
    BackupInfo,
    backup_sqlite_file,
    integrity_problems,
    looks_like_sqlite,
    read_only,
    schema_revision,
    table_counts,
    timestamped_name,
    verify_copy,
)
from kim_desktop.db.cipher import (
    DatabaseKey,
    connect,
    database_errors,
    export_database,
    forget_key,
    is_encrypted,
    key_for,
    remember_key,
)
from kim_desktop.db.engine import make_engine, sqlite_path, sqlite_url
from kim_desktop.db.erasure_ledger import ErasureLedger
from kim_desktop.db.migrate import known_revisions, upgrade_database
from kim_desktop.db.switch_lock import exclusive_use, no_other_connection, share
from kim_desktop.domain.errors import DatabaseTooNew, KimError
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.backups import BackupFailed, backup_into, last_good_backup
from kim_desktop.services.erasure import NOTHING_REERASED, ReErasure, reapply_erasures

# Tables every KIM database has; a file without them is something else.
KIM_TABLES = frozenset({"alembic_version", "people", "courses", "organisations", "referrals"})


class RestoreRefused(KimError):  # noqa: N818 - reads like the other KimErrors
    """The file offered for restore is not a sound KIM database; the current database was not touched."""


@dataclass(frozen=True)
class BackupCheck:
    """What a candidate file for a restore holds."""

    path: Path
    schema: str
    counts: dict[str, int]


@dataclass(frozen=True)
class RestoreReport:
    """What a restore did: from which file, the safety copy of the previous state, the schema before and after."""

    restored_from: Path
    safety_backup: Path | None
    schema_before: str
    schema_after: str
    counts: dict[str, int]
    reerased: ReErasure = NOTHING_REERASED

    def message(self) -> str:
        """German summary for the CLI and the restore dialog (with the warning about people erased again)."""
        lines = [f"Wiederhergestellt aus {self.restored_from}."]
        if self.safety_backup is not None:
            lines.append(f"Der vorherige Stand wurde gesichert: {self.safety_backup}")
        if self.schema_before != self.schema_after:
            lines.append(f"Die Sicherung wurde von Schema {self.schema_before} auf {self.schema_after} aktualisiert.")
        warning = self.reerased.message()
        if warning is not None:
            lines.append(warning)
        return "\n".join(lines)


@dataclass(frozen=True)
class IntegrityReport:
    """Result of the check at start: sound or not, what SQLite reported, and the newest good backup to offer."""

    database: Path
    ok: bool
    problems: tuple[str, ...]
    newest_good_backup: BackupInfo | None

    def message(self) -> str:
        """Plain German for a dialog or the CLI."""
        if self.ok:
            return f"Die Datenbank {self.database} ist in Ordnung."
        text = (
            f"Die Datenbank {self.database} ist beschädigt. Damit nichts Falsches gespeichert wird, arbeitet "
            "KIM Desktop nicht mit ihr weiter."
        )
        if self.newest_good_backup is None:
            return text + " Es gibt keine geprüfte Sicherung; bitte wenden Sie sich an die Technik-Betreuung."
        return text + f" Neueste gute Sicherung: {self.newest_good_backup.summary()}. Jetzt wiederherstellen?"


def backup_key(path: Path, key: DatabaseKey | None) -> DatabaseKey | None:
    """The key to read a backup file with: None for a plain file, else the given key (it must open the file)."""
    if looks_like_sqlite(path) or not is_encrypted(path):
        return None
    if key is None:
        raise RestoreRefused(
            f"Die Datei {path} ist keine KIM-Desktop-Datenbank oder eine verschlüsselte Sicherung; eine "
            "verschlüsselte wird mit ihrer Passphrase wiederhergestellt (Befehl „kim-desktop restore“ mit "
            "KIM_DB_PASSPHRASE). Es wurde nichts verändert."
        )
    return key


def check_backup_file(path: Path, script_location: Path | None = None, key: DatabaseKey | None = None) -> BackupCheck:
    """Make sure a file is a sound KIM database this version can use; RestoreRefused with a reason otherwise.

    An encrypted backup is read with the given key; a plain one ignores it.
    """
    if not path.is_file():
        raise RestoreRefused(Text(N_("Die Datei {path} gibt es nicht."), path=path))
    if not looks_like_sqlite(path) and not is_encrypted(path):
        raise RestoreRefused(
            Text(N_("Die Datei {path} ist keine KIM-Desktop-Datenbank; es wurde nichts verändert."), path=path)
        )
    file_key = backup_key(path, key)
    try:
        with read_only(path, file_key) as conn:
            conn.execute("BEGIN")
            problems = integrity_problems(conn)
            counts = table_counts(conn)
            schema = schema_revision(conn)
        tables = set(counts)
    except database_errors() as exc:
        if file_key is not None:
            raise RestoreRefused(
                Text(
                    N_(
                        "Die Datei {path} lässt sich mit der Passphrase nicht öffnen (keine KIM-Desktop-Datenbank, "
                        "eine andere Passphrase oder beschädigt); es wurde nichts verändert."
                    ),
                    path=path,
                )
            ) from exc
        raise RestoreRefused(
            Text(N_("Die Datei {path} ist beschädigt ({error}); es wurde nichts verändert."), path=path, error=str(exc))
        ) from exc
    if problems:
        raise RestoreRefused(
            Text(
                N_("Die Datei {path} ist beschädigt (Integritätsprüfung: {problem}); es wurde nichts verändert."),
                path=path,
                problem=problems[0],
            )
        )
    if not tables >= KIM_TABLES or schema is None:
        raise RestoreRefused(
            Text(N_("Die Datei {path} ist keine KIM-Desktop-Datenbank; es wurde nichts verändert."), path=path)
        )
    if schema not in known_revisions(script_location):
        raise DatabaseTooNew(
            Text(
                N_(
                    "Die Sicherung {path} stammt aus einer neueren Version von KIM Desktop (Schema {schema}); "
                    "es wurde nichts verändert."
                ),
                path=path,
                schema=schema,
            )
        )
    return BackupCheck(path, schema, counts)


def _no_other_connection(database: Path, key: DatabaseKey | None) -> None:
    """DatabaseInUse if any program (also one ignoring the lock file) still has the current database open."""
    if not database.exists():
        return
    try:
        conn = connect(database, key, isolation_level=None)
    except database_errors():
        return
    try:
        no_other_connection(conn, database)
    except database_errors():
        pass  # damaged or not readable with this key: nobody works with it, and it is replaced anyway
    finally:
        conn.close()


def _safety_copy(database: Path, backup_dir: Path) -> Path | None:
    """Back up the current state before it is replaced: verified if possible, else a raw copy of the files."""
    if not database.exists():
        return None
    try:
        return backup_into(database, backup_dir, "vor-wiederherstellung").path
    except database_errors(BackupFailed):
        # A damaged database cannot be copied through SQLite; keep its raw bytes (and its WAL) instead.
        target = backup_dir / timestamped_name("beschaedigt")
        backup_dir.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal"):
            if Path(f"{database}{suffix}").exists():
                shutil.copyfile(f"{database}{suffix}", f"{target}{suffix}")
                os.chmod(f"{target}{suffix}", 0o600)
        return target


def restore_backup(
    backup_file: Path,
    database: Path,
    backup_dir: Path,
    script_location: Path | None = None,
    key: DatabaseKey | None = None,
    now: datetime | None = None,
) -> RestoreReport:
    """Replace the local database with a backup; close every connection to it first.

    The backup is copied next to the database, checked and migrated there; only then is the current state backed
    up and the file swapped in. A file that is not a sound KIM database leaves the current database untouched.
    The key (given, or unlocked for the current database) opens an encrypted backup; with a key, the restored
    database is encrypted with it even when the backup was plain, so a restore never switches encryption off.
    Refused (DatabaseInUse) while another program has the database open; none can open it during the restore.
    """
    database.parent.mkdir(parents=True, exist_ok=True)
    with exclusive_use(database):
        return _restore(backup_file, database, backup_dir, script_location, key, now)


def _restore(
    backup_file: Path,
    database: Path,
    backup_dir: Path,
    script_location: Path | None,
    key: DatabaseKey | None,
    now: datetime | None,
) -> RestoreReport:
    key = key or key_for(database)
    check = check_backup_file(backup_file, script_location, key)
    source_key = backup_key(backup_file, key)
    database.parent.mkdir(parents=True, exist_ok=True)
    candidate = database.with_name(database.name + ".wiederherstellung")
    final_candidate = candidate.with_name(candidate.name + ".fertig")
    temporary = (candidate, Path(f"{candidate}-wal"), Path(f"{candidate}-shm"))
    for leftover in temporary:
        leftover.unlink(missing_ok=True)
    try:
        backup_sqlite_file(backup_file, candidate, source_key)
        verify_copy(candidate, check.counts, source_key)
        engine = make_engine(sqlite_url(candidate), key=source_key, lock=False)  # private to this restore
        try:
            migration = upgrade_database(engine, None, script_location)
            # People erased after the backup was made must not come back: the ledger beside the database (which
            # a restore does not replace) names them; they are erased in the copy before it is swapped in.
            reerased = reapply_erasures(engine, now, ErasureLedger(database))
        finally:
            engine.dispose()
        if key is not None and source_key is None:
            export_database(candidate, None, final_candidate, key)  # a plain backup into an encrypted desk
        else:
            backup_sqlite_file(candidate, final_candidate, source_key)
        with read_only(final_candidate, key) as conn:
            counts = table_counts(conn)
    except BaseException:
        for leftover in (*temporary, final_candidate):
            leftover.unlink(missing_ok=True)
        raise
    for leftover in temporary:
        leftover.unlink(missing_ok=True)
    try:
        _no_other_connection(database, key)
    except BaseException:
        final_candidate.unlink(missing_ok=True)
        raise
    safety = _safety_copy(database, backup_dir)
    # The old WAL belongs to the old file; left in place it would be replayed into the restored one.
    for stale in (Path(f"{database}-wal"), Path(f"{database}-shm")):
        stale.unlink(missing_ok=True)
    os.replace(final_candidate, database)
    if key is None:
        forget_key(database)
    else:
        remember_key(database, key)
    verify_copy(database, counts, key)
    return RestoreReport(backup_file, safety, check.schema, migration.after, counts, reerased)


def _raise_storage_problem(error: Exception, database: Path) -> None:
    """A StorageProblem naming the folder when SQLite failed for lack of space or access, not because of the file."""
    from kim_desktop.services.storage import (
        SQLITE_CANTOPEN,
        SQLITE_FULL,
        SQLITE_IOERR,
        SQLITE_READONLY,
        StorageProblem,
        disk_nearly_full,
        storage_problem_message,
    )

    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    storage = primary in (SQLITE_FULL, SQLITE_READONLY, SQLITE_CANTOPEN)
    if not storage and not (primary == SQLITE_IOERR and disk_nearly_full(database.parent)):
        return
    message = storage_problem_message(error, database.parent, Text(N_("Die Datenbank wurde nicht geprüft.")))
    if message is not None:
        raise StorageProblem(message, database.parent) from error


def folder_is_read_only(database: Path) -> bool:
    """Whether the database's folder (or the file itself) cannot be written by this user."""
    folder = database.parent
    return not os.access(folder, os.W_OK) or (database.exists() and not os.access(database, os.W_OK))


def _check_pages(database: Path, key: DatabaseKey | None, full: bool) -> list[str]:
    """quick_check (or integrity_check) of the file; read-write so a crashed WAL is replayed, else read as it is.

    In a read-only folder SQLite cannot even open a WAL database read-only (no shared-memory file): it is then
    checked as an immutable file, so an intact database is not called damaged because of the folder.
    """
    try:
        conn = connect(database, key, isolation_level=None)
    except database_errors():
        if not folder_is_read_only(database):
            raise
        conn = connect(database, key, isolation_level=None, immutable=True)
    try:
        try:
            return integrity_problems(conn, quick=not full)
        except database_errors():
            if not folder_is_read_only(database):
                raise
    finally:
        conn.close()
    conn = connect(database, key, isolation_level=None, immutable=True)
    try:
        return integrity_problems(conn, quick=not full)
    finally:
        conn.close()


def check_database_file(database: Path, backup_dir: Path, full: bool = False) -> IntegrityReport:
    """PRAGMA quick_check (or integrity_check) of the local database; when damaged, name the newest good backup."""
    if not database.exists():
        return IntegrityReport(database, True, (), None)
    key = key_for(database)  # an encrypted file is checked through SQLCipher once it has been unlocked
    try:
        if key is None and is_encrypted(database):
            problems = ["Die Datei ist verschlüsselt und nicht entsperrt (Passphrase fehlt) oder zerstört."]
        elif key is None and not looks_like_sqlite(database) and database.stat().st_size > 0:
            problems = ["Die Datei ist keine SQLite-Datenbank (Kopf fehlt oder überschrieben)."]
        else:
            held = share(database)  # not while another program encrypts or restores the file
            try:
                problems = _check_pages(database, key, full)
            finally:
                held.release()
    except database_errors() as exc:
        _raise_storage_problem(exc, database)  # a full disk or a folder SQLite cannot use is no damage
        problems = [str(exc)]
    if not problems:
        return IntegrityReport(database, True, (), None)
    return IntegrityReport(database, False, tuple(problems[:20]), last_good_backup(backup_dir))


def check_configured_database(url: str, backup_dir: Path, full: bool = False) -> IntegrityReport | None:
    """The start-up check for a local database; None for a server (PostgreSQL checks its own pages)."""
    path = sqlite_path(url)
    return None if path is None else check_database_file(path, backup_dir, full)
