"""Storage problems told plainly: disk full, read-only data folder, database on a network share."""

import contextlib
import errno
import os
import shutil
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from kim_desktop.db.engine import sqlite_path
from kim_desktop.domain.errors import DatabaseUnavailable
from kim_desktop.domain.network_share import network_fs_on_linux, network_share_on_windows, network_share_warning
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.database import OpenDatabase, open_database

NO_SPACE_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG})
READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})
# SQLite's primary result codes (the low byte of an extended code).
SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN = 8, 10, 13, 14


class StorageProblem(DatabaseUnavailable):
    """Writing failed because of the disk or the folder (full, read-only, removed); names the folder."""

    def __init__(self, message: Text, folder: Path) -> None:
        super().__init__(message)
        self.folder = folder


# What a failed write lost; a backup says "Die Sicherung wurde nicht gespeichert." instead.
LAST_CHANGE_LOST = Text(N_("Die letzte Änderung wurde nicht gespeichert."))


def _no_space(folder: Path, lost: Text) -> Text:
    return Text(
        N_(
            "Der Datenträger mit dem Ordner {folder} ist voll. {lost} Bitte schaffen Sie Platz (z. B. alte Dateien "
            "löschen oder den Papierkorb leeren) und versuchen Sie es erneut."
        ),
        folder=folder,
        lost=lost,
    )


def _read_only(folder: Path, lost: Text) -> Text:
    return Text(
        N_(
            "In den Ordner {folder} kann nicht geschrieben werden (schreibgeschützt oder keine Berechtigung). "
            "{lost} Bitte prüfen Sie die Berechtigungen des Ordners oder wenden Sie sich an die zuständige Stelle "
            "für die Technik."
        ),
        folder=folder,
        lost=lost,
    )


def _cannot_open(folder: Path, lost: Text) -> Text:
    _ = lost  # nothing was written yet
    return Text(
        N_(
            "Die Datenbank im Ordner {folder} kann nicht geöffnet werden (Ordner fehlt, ist schreibgeschützt oder "
            "der Datenträger ist nicht verbunden)."
        ),
        folder=folder,
    )


def _io_error(folder: Path, lost: Text) -> Text:
    return Text(
        N_("Schreibfehler im Ordner {folder} (Datenträger entfernt oder defekt?). {lost}"), folder=folder, lost=lost
    )


# Less free space than this, and a failed write is put down to the full disk.
NEARLY_FULL_BYTES = 1024 * 1024


def disk_nearly_full(folder: Path) -> bool:
    """Whether the disk holding the folder (or its nearest existing parent) has almost no space left."""
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            try:
                return shutil.disk_usage(candidate).free < NEARLY_FULL_BYTES
            except OSError:
                return False
    return False


def _sqlite_message(error: sqlite3.Error, folder: Path, lost: Text) -> Text | None:
    code = getattr(error, "sqlite_errorcode", None)
    text = str(error).lower()
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == SQLITE_FULL or "disk is full" in text:
        return _no_space(folder, lost)
    if primary == SQLITE_READONLY or "readonly database" in text:
        return _read_only(folder, lost)
    if primary == SQLITE_CANTOPEN or "unable to open database file" in text:
        return _cannot_open(folder, lost)
    if primary == SQLITE_IOERR or "disk i/o error" in text:
        # SQLite says "disk I/O error" when its shared-memory file cannot grow on a full disk
        return _no_space(folder, lost) if disk_nearly_full(folder) else _io_error(folder, lost)
    return None


def storage_problem_message(exc: BaseException, folder: Path, lost: Text = LAST_CHANGE_LOST) -> Text | None:
    """A message if an exception means the disk or folder failed us, else None (then it is a bug)."""
    for error in (exc, exc.__cause__):
        if isinstance(error, OSError):
            if error.errno in NO_SPACE_ERRNOS:
                return _no_space(folder, lost)
            if error.errno in READ_ONLY_ERRNOS:
                return _read_only(folder, lost)
            if error.errno == errno.EIO:
                return _io_error(folder, lost)
        if isinstance(error, DBAPIError) and isinstance(error.orig, sqlite3.Error):
            return _sqlite_message(error.orig, folder, lost)
        if isinstance(error, sqlite3.Error):
            return _sqlite_message(error, folder, lost)
    return None


@contextlib.contextmanager
def storage_guard(folder: Path) -> Iterator[None]:
    """Turn disk-full / read-only / I/O failures inside the block into a StorageProblem naming the folder."""
    try:
        yield
    except StorageProblem:
        raise
    except Exception as exc:
        message = storage_problem_message(exc, folder)
        if message is None:
            raise
        raise StorageProblem(message, folder) from exc


def database_folder(url: str) -> Path | None:
    """The folder of a local SQLite database, or None for a server."""
    path = sqlite_path(url)
    return None if path is None else path.expanduser().resolve().parent


NOTHING_OPENED = Text(N_("Es wurde nichts geöffnet und nichts gespeichert."))


def require_writable_folder(folder: Path, database: Path | None = None) -> None:
    """A StorageProblem naming the folder when the database's folder (or file) cannot be written.

    SQLite needs to write next to the database even to read it (WAL and shared-memory files), and opening
    migrates and stamps it: in a read-only folder it would only say "unable to open database file".
    """
    if not folder.is_dir():
        return  # created on opening; a parent that cannot be written is told by storage_guard
    if not os.access(folder, os.W_OK) or (
        database is not None and database.exists() and not os.access(database, os.W_OK)
    ):
        raise StorageProblem(_read_only(folder, NOTHING_OPENED), folder)


def open_database_checked(url: str, backup_dir: Path | None, ledger_dir: Path | None = None) -> OpenDatabase:
    """open_database, but a full or read-only data folder gives a StorageProblem naming the folder."""
    folder = database_folder(url)
    if folder is None:
        return open_database(url, backup_dir, ledger_dir)
    require_writable_folder(folder, sqlite_path(url))
    with storage_guard(folder):
        return open_database(url, backup_dir, ledger_dir)


def _windows_drive_type() -> Callable[[str], int] | None:
    try:
        import ctypes

        windll = ctypes.windll  # type: ignore[attr-defined,unused-ignore]  # exists only on Windows
    except (ImportError, AttributeError):
        return None

    def drive_type(root: str) -> int:
        return int(windll.kernel32.GetDriveTypeW(root))

    return drive_type


def network_share_kind(path: Path, mounts_file: Path = Path("/proc/mounts")) -> str | None:
    """The kind of network share a file lies on ('nfs4', 'cifs', 'UNC', 'Netzlaufwerk' ...), or None if local."""
    if sys.platform == "win32":
        return network_share_on_windows(str(path), _windows_drive_type())
    try:
        mounts = mounts_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return network_fs_on_linux(os.path.realpath(path), mounts)


def network_share_warning_for(url: str, mounts_file: Path = Path("/proc/mounts")) -> Text | None:
    """A warning (a Text for i18n.translate_text) when the SQLite database lies on a network share, else None."""
    path = sqlite_path(url)
    if path is None:
        return None
    kind = network_share_kind(path, mounts_file)
    return None if kind is None else network_share_warning(str(path), kind)
