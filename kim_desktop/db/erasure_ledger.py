"""The erasure ledger beside a local database: keyed hashes of erased records and the pending-scrub marker."""

import contextlib
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

# Beside the database file, never inside it: a restore replaces the file, the ledger stays.
LEDGER_SUFFIX = ".loeschliste"
KEY_SUFFIX = ".loeschschluessel"
PENDING_SUFFIX = ".loeschung-ausstehend"


@dataclass(frozen=True)
class LedgerEntry:
    """One erasure: the keyed hash of the record (no personal data), when, and why (request, retention)."""

    digest: str
    erased_at: datetime
    reason: str


def ledger_file(database: Path) -> Path:
    """The ledger of a database file (JSON lines, append-only, private to the user)."""
    return database.with_name(database.name + LEDGER_SUFFIX)


def key_file(database: Path) -> Path:
    """The HMAC key of the ledger; without it the hashes cannot be tied to a record id."""
    return database.with_name(database.name + KEY_SUFFIX)


def pending_marker(database: Path) -> Path:
    """Exists while erased content may still sit in the database file or its WAL (a reader blocked the cleanup)."""
    return database.with_name(database.name + PENDING_SUFFIX)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # folders cannot be opened on Windows
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _ledger_key(database: Path, create: bool) -> bytes | None:
    path = key_file(database)
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        if not create:
            return None
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32))
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.link(partial, path)  # atomic and never overwrites a key another process wrote first
    except FileExistsError:
        pass
    finally:
        partial.unlink(missing_ok=True)
    _fsync_folder(path.parent)
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


def record_digest(key: bytes, kind: str, record_id: int, created_at: datetime | None) -> str:
    """HMAC-SHA256 of a record's identity; the creation time keeps a reused id from matching an older record."""
    stamp = "" if created_at is None else created_at.isoformat(timespec="seconds")
    return hmac.new(key, f"{kind}:{record_id}:{stamp}".encode(), hashlib.sha256).hexdigest()


class ErasureLedger:
    """Append-only list of erased records of one database file; every line is written and synced at once."""

    def __init__(self, database: Path) -> None:
        self.database = database

    @property
    def path(self) -> Path:
        """The ledger file."""
        return ledger_file(self.database)

    def key(self, create: bool = False) -> bytes | None:
        """The HMAC key (made on first use when create is set)."""
        return _ledger_key(self.database, create)

    def _append(self, line: dict[str, str]) -> None:
        data = (json.dumps(line, sort_keys=True) + "\n").encode("utf-8")
        fd = os.open(self.path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
        try:
            os.write(fd, data)  # one short write with O_APPEND: lines of two desks never interleave
            os.fsync(fd)
        finally:
            os.close(fd)

    def add(self, digest: str, erased_at: datetime, reason: str) -> None:
        """Note an erasure (before its transaction commits: a crash then errs on the side of erasing)."""
        self._append({"h": digest, "at": erased_at.isoformat(timespec="seconds"), "reason": reason})

    def cancel(self, digest: str) -> None:
        """The erasure's transaction rolled back: the record was not erased."""
        self._append({"h": digest, "undo": "1"})

    def entries(self) -> list[LedgerEntry]:
        """The erasures in force, oldest first (a damaged line is skipped, never fatal)."""
        found: dict[str, LedgerEntry] = {}
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        for line in lines:
            try:
                raw = json.loads(line)
                digest = str(raw["h"])
                if raw.get("undo"):
                    found.pop(digest, None)
                else:
                    found[digest] = LedgerEntry(digest, datetime.fromisoformat(raw["at"]), str(raw.get("reason", "")))
            except (ValueError, KeyError, TypeError):
                continue
        return list(found.values())

    def scrub_pending(self) -> bool:
        """Whether erased content may still be in the database file or its WAL."""
        return pending_marker(self.database).exists()

    def set_scrub_pending(self, pending: bool) -> None:
        """Set or clear the pending-scrub marker."""
        marker = pending_marker(self.database)
        if pending:
            fd = os.open(marker, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        else:
            marker.unlink(missing_ok=True)


def ledger_files(database: Path) -> Iterator[Path]:
    """The ledger's files that exist (for docs and tests: none of them holds personal data)."""
    for path in (ledger_file(database), key_file(database), pending_marker(database)):
        if path.exists():
            yield path
