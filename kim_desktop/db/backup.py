"""Consistent copies of the SQLite database through SQLite's online backup API, verified, with a JSON sidecar.

A copy of an encrypted (SQLCipher) database is made through SQLCipher with the same key, so it stays encrypted.
"""

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from kim_desktop.db.cipher import SQLITE_HEADER, DatabaseKey, connect, key_for
from kim_desktop.domain.errors import KimError

SIDECAR_SUFFIX = ".json"
# Tables whose counts a restore dialog shows, with their German names.
MAIN_TABLES: Mapping[str, str] = {
    "people": "Personen",
    "counselling_sessions": "Beratungen",
    "courses": "Kurse",
    "referrals": "Vermittlungen",
    "organisations": "Partner",
}


class BackupInvalid(KimError):  # noqa: N818 - reads like the other KimErrors
    """A backup copy or a file offered for restore is damaged, incomplete or not a KIM database."""


@dataclass(frozen=True)
class BackupInfo:
    """What the sidecar of a backup says: when, which schema, how many rows per table, whether verified."""

    path: Path
    created_at: datetime
    schema: str | None
    counts: Mapping[str, int] = field(default_factory=dict)
    kind: str = "automatisch"
    app_version: str = ""
    verified: bool = True

    @property
    def sidecar(self) -> Path:
        """The JSON file next to the backup."""
        return sidecar_path(self.path)

    def summary(self) -> str:
        """German one-liner for a restore dialog: date, schema and the main counts."""
        counts = ", ".join(f"{self.counts.get(table, 0)} {label}" for table, label in MAIN_TABLES.items())
        return f"{self.created_at:%d.%m.%Y %H:%M} · Schema {self.schema or '?'} · {counts}"


def sidecar_path(backup: Path) -> Path:
    """The sidecar file of a backup file."""
    return backup.with_suffix(SIDECAR_SUFFIX)


def _fsync(path: Path) -> None:
    """Push a file (or a folder entry) to the disk: a USB stick pulled right after a backup keeps it."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if path.is_dir() else os.O_RDONLY
    try:
        fd = os.open(path, flags)
    except OSError:  # folders cannot be opened on Windows; the file itself was synced
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _create_private(path: Path) -> None:
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)


def _remove_partial(partial: Path) -> None:
    """Remove an unfinished copy (and a journal SQLite left beside it); a failure here must not hide the first."""
    for leftover in (partial, Path(f"{partial}-journal"), Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)


def _copy_into(src: sqlite3.Connection, partial: Path, key: DatabaseKey | None) -> None:
    """Copy an open database into a new private file; a failure (disk full, folder gone) leaves no file behind."""
    try:
        _create_private(partial)
        dst = connect(partial, key)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    except BaseException:
        _remove_partial(partial)
        raise


def backup_sqlite_file(source: Path, target: Path, key: DatabaseKey | None = None) -> Path:
    """Copy a (possibly open) SQLite database consistently to target, private to the user.

    An encrypted source needs its key (given, or unlocked for the file in this process); the copy has the same key.
    """
    key = key or key_for(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    src = connect(source, key, read_only=True)
    try:
        _copy_into(src, partial, key)
    finally:
        src.close()
    os.replace(partial, target)
    return target


def timestamped_name(prefix: str, when: datetime | None = None) -> str:
    """File name such as 'kim-2026-11-23T140512.sqlite' (sortable)."""
    stamp = (when or datetime.now()).strftime("%Y-%m-%dT%H%M%S")
    return f"{prefix}-{stamp}.sqlite"


def user_tables(conn: sqlite3.Connection) -> list[str]:
    """The application's tables in a SQLite file (no SQLite internals)."""
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    return [str(name) for (name,) in rows]


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per table; run inside one read transaction to get one point in time."""
    return {name: int(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]) for name in user_tables(conn)}


def schema_revision(conn: sqlite3.Connection) -> str | None:
    """The Alembic revision stamped in a SQLite file, or None."""
    if "alembic_version" not in user_tables(conn):
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def integrity_problems(conn: sqlite3.Connection, quick: bool = False) -> list[str]:
    """What PRAGMA integrity_check (or the faster quick_check) reports; an empty list means the file is sound."""
    pragma = "quick_check" if quick else "integrity_check"
    lines = [str(row[0]) for row in conn.execute(f"PRAGMA {pragma}")]
    return [] if lines == ["ok"] else lines


def looks_like_sqlite(path: Path) -> bool:
    """Whether a file starts with the SQLite header (cheap, before opening it)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


@contextlib.contextmanager
def read_only(path: Path, key: DatabaseKey | None = None) -> Iterator[sqlite3.Connection]:
    """A read-only connection to a SQLite file (an encrypted one with the key given), closed afterwards."""
    conn = connect(path, key, read_only=True, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


def verify_copy(path: Path, expected_counts: Mapping[str, int], key: DatabaseKey | None = None) -> None:
    """Check a written copy: integrity_check passes and every table holds the expected number of rows."""
    with read_only(path, key) as conn:
        problems = integrity_problems(conn)
        if problems:
            raise BackupInvalid(f"Die Sicherung {path} ist fehlerhaft: {'; '.join(problems[:3])}")
        counts = table_counts(conn)
    if counts != dict(expected_counts):
        differing = sorted(t for t in set(counts) | set(expected_counts) if counts.get(t) != expected_counts.get(t))
        raise BackupInvalid(f"Die Sicherung {path} ist unvollständig (abweichende Tabellen: {', '.join(differing)}).")


def write_sidecar(info: BackupInfo) -> None:
    """Write the JSON sidecar atomically; its presence marks a verified, complete backup."""
    payload = {
        "created_at": info.created_at.isoformat(timespec="seconds"),
        "schema": info.schema,
        "counts": dict(info.counts),
        "kind": info.kind,
        "app_version": info.app_version,
        "verified": info.verified,
    }
    partial = info.sidecar.with_name(info.sidecar.name + ".partial")
    try:
        fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, indent=2, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, info.sidecar)
    except BaseException:
        _remove_partial(partial)
        raise


def read_sidecar(backup: Path) -> BackupInfo | None:
    """The facts about a backup from its sidecar, or None if it has none or it is unreadable."""
    try:
        raw = json.loads(sidecar_path(backup).read_text(encoding="utf-8"))
        return BackupInfo(
            path=backup,
            created_at=datetime.fromisoformat(raw["created_at"]),
            schema=raw.get("schema"),
            counts={str(k): int(v) for k, v in raw.get("counts", {}).items()},
            kind=str(raw.get("kind", "")),
            app_version=str(raw.get("app_version", "")),
            verified=bool(raw.get("verified", False)),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def list_backups(folder: Path) -> list[BackupInfo]:
    """Every backup in a folder that has a readable sidecar and still exists, newest first."""
    if not folder.is_dir():
        return []
    found = []
    for backup in folder.glob("*.sqlite"):
        info = read_sidecar(backup)
        if info is not None:
            found.append(info)
    return sorted(found, key=lambda info: info.created_at, reverse=True)


def _free_name(folder: Path, prefix: str, when: datetime) -> Path:
    base = timestamped_name(prefix, when).removesuffix(".sqlite")
    target = folder / f"{base}.sqlite"
    number = 2
    while target.exists() or sidecar_path(target).exists():
        target = folder / f"{base}-{number}.sqlite"
        number += 1
    return target


def make_verified_backup(
    source: Path, folder: Path, prefix: str = "kim", kind: str = "automatisch", app_version: str = "",
    when: datetime | None = None,
) -> BackupInfo:  # fmt: skip
    """Copy the database with the online backup API, verify the copy against the source's counts, write a sidecar.

    The counts are taken in the same read transaction the backup API copies from, so they describe exactly the
    snapshot in the copy even while other connections keep writing.
    """
    created = (when or datetime.now()).replace(microsecond=0)
    folder.mkdir(parents=True, exist_ok=True)
    target = _free_name(folder, prefix, created)
    partial = target.with_name(target.name + ".partial")
    key = key_for(source)  # an encrypted database gives an encrypted backup with the same key
    src = connect(source, key, read_only=True, isolation_level=None)
    try:
        src.execute("BEGIN")  # one snapshot for the counts and the copy
        counts = table_counts(src)
        schema = schema_revision(src)
        _copy_into(src, partial, key)
        src.execute("COMMIT")
    finally:
        src.close()
    try:
        verify_copy(partial, counts, key)
        _fsync(partial)
        os.replace(partial, target)
    except BaseException:
        _remove_partial(partial)
        raise
    _fsync(folder)
    info = BackupInfo(target, created, schema, counts, kind, app_version, verified=True)
    try:
        write_sidecar(info)
    except BaseException:  # a copy without its sidecar is listed nowhere: it would only take up the space
        _remove_partial(target)
        raise
    return info


def delete_backup(info: BackupInfo) -> None:
    """Remove a backup and its sidecar (the sidecar first, so a half-deleted backup is never listed)."""
    info.sidecar.unlink(missing_ok=True)
    info.path.unlink(missing_ok=True)
