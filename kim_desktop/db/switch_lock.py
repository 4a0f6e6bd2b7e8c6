"""The lock file beside a local database: every program holds it shared, a switch (encrypt, restore …) exclusively.

Encrypting, decrypting, restoring and moving the data replace or copy the whole file. A program that still had
the file open would go on writing into the replaced file (saves it was told went through, then lost) or read a
half-swapped one ("database disk image is malformed"). So every connection an engine opens holds a shared lock
on `<database>.sperre` for as long as it lives, and a switch takes the lock exclusively: it is refused while any
other program has the database open, and no program can open it while the switch runs. Operating-system locks
(flock, LockFileEx) go away with a crashed process, so a lock is never left stale.
One process takes part once: its connections share one lock, and a switch in it may use its own connections.
"""

import contextlib
import os
import sqlite3
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kim_desktop.db.cipher import database_errors
from kim_desktop.domain.errors import DatabaseUnavailable
from kim_desktop.domain.text import N_, Text

LOCK_SUFFIX = ".sperre"


class DatabaseInUse(DatabaseUnavailable):
    """A switch was refused: another program has the database open. Nothing was changed."""


class DatabaseSwitching(DatabaseUnavailable):
    """The database cannot be opened now: another program is encrypting, restoring or moving it."""


def lock_file(database: Path) -> Path:
    """The lock file of a database file."""
    return database.with_name(database.name + LOCK_SUFFIX)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import ctypes
    import msvcrt
    from ctypes import wintypes

    class _Overlapped(ctypes.Structure):
        _fields_ = [
            ("Internal", ctypes.c_void_p),
            ("InternalHigh", ctypes.c_void_p),
            ("Offset", wintypes.DWORD),
            ("OffsetHigh", wintypes.DWORD),
            ("hEvent", wintypes.HANDLE),
        ]

    _FAIL_IMMEDIATELY, _EXCLUSIVE = 0x1, 0x2

    def _lock(fd: int, exclusive: bool) -> bool:
        handle = wintypes.HANDLE(msvcrt.get_osfhandle(fd))
        flags = _FAIL_IMMEDIATELY | (_EXCLUSIVE if exclusive else 0)
        kernel32 = ctypes.windll.kernel32
        return bool(kernel32.LockFileEx(handle, flags, 0, 1, 0, ctypes.byref(_Overlapped())))

    def _unlock(fd: int) -> None:
        handle = wintypes.HANDLE(msvcrt.get_osfhandle(fd))
        ctypes.windll.kernel32.UnlockFileEx(handle, 0, 1, 0, ctypes.byref(_Overlapped()))

else:
    import fcntl

    def _lock(fd: int, exclusive: bool) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


@dataclass
class _Hold:
    """The one open lock file of a database in this process: how many connections use it, whether it switches."""

    fd: int | None  # None: the folder is read-only and has no lock file (then nobody can switch the file either)
    users: int = 0
    exclusive: bool = False


_holds: dict[Path, _Hold] = {}
_mutex = threading.Lock()


def _key(database: Path) -> Path:
    return Path(database).expanduser().resolve()


def _open(database: Path, create: bool) -> int | None:
    path = lock_file(database)
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        if create:
            raise
    try:
        return os.open(path, os.O_RDONLY)  # a read-only data folder: lock what is there
    except OSError:
        return None


def _switching(database: Path) -> DatabaseSwitching:
    return DatabaseSwitching(
        Text(
            N_(
                "Die Datenbank {path} wird gerade von einem anderen Programm umgestellt (Verschlüsselung, "
                "Wiederherstellung oder Übertragung). Bitte warten Sie, bis das fertig ist, und versuchen Sie es "
                "dann erneut."
            ),
            path=database,
        )
    )


class SharedUse:
    """One connection's part in this process's shared lock; release() exactly once when it closes."""

    def __init__(self, key: Path) -> None:
        self._key: Path | None = key

    def release(self) -> None:
        """Give the part back; the lock file is closed (and unlocked) with the last one."""
        with _mutex:
            key, self._key = self._key, None
            hold = _holds.get(key) if key is not None else None
            if hold is None:
                return
            hold.users -= 1
            if hold.users <= 0 and not hold.exclusive:
                del _holds[key]  # type: ignore[arg-type]  # key is not None when hold was found
                if hold.fd is not None:
                    os.close(hold.fd)


def share(database: Path) -> SharedUse:
    """Take part in the shared lock for a new connection; DatabaseSwitching while another program switches."""
    key = _key(database)
    with _mutex:
        hold = _holds.get(key)
        if hold is None:
            fd = _open(key, create=False)
            if fd is not None and not _lock(fd, exclusive=False):
                os.close(fd)
                raise _switching(database)
            hold = _holds[key] = _Hold(fd)
        hold.users += 1
    return SharedUse(key)


def in_use(database: Path) -> DatabaseInUse:
    """The refusal of a switch because another program has the database open."""
    return DatabaseInUse(
        Text(
            N_(
                "Die Datenbank wird noch von einem anderen Programm benutzt (KIM Desktop an diesem oder einem "
                "anderen Arbeitsplatz, ein Befehl oder ein Datenbankprogramm): {path}. Bitte dort schließen und "
                "es erneut versuchen; es wurde nichts verändert."
            ),
            path=database,
        )
    )


@contextlib.contextmanager
def exclusive_use(database: Path) -> Iterator[None]:
    """Hold the database for a switch: DatabaseInUse at once if any other program has it open.

    While held, other programs cannot open the database (DatabaseSwitching); this process's own connections
    still can (the switch reads through them).
    """
    key = _key(database)
    key.parent.mkdir(parents=True, exist_ok=True)
    with _mutex:
        hold = _holds.get(key)
        if hold is not None and hold.exclusive:
            raise in_use(database)  # a second switch in this process while the first runs
        fresh = hold is None
        if hold is None:
            hold = _Hold(_open(key, create=True))
        assert hold.fd is not None
        if not fresh:
            _unlock(hold.fd)  # converting shared -> exclusive: flock and LockFileEx do it in two steps
        if not _lock(hold.fd, exclusive=True):
            if fresh:
                os.close(hold.fd)
            elif not _lock(hold.fd, exclusive=False):  # pragma: no cover - a switch won the instant in between
                hold.fd = _reopen_shared(hold.fd)
            raise in_use(database)
        hold.exclusive = True
        _holds[key] = hold
    try:
        yield
    finally:
        with _mutex:
            hold.exclusive = False
            fd = hold.fd
            assert fd is not None
            if hold.users > 0:
                _unlock(fd)
                if not _lock(fd, exclusive=False):  # pragma: no cover - another switch cannot start first
                    hold.fd = _reopen_shared(fd)
            else:
                del _holds[key]
                os.close(fd)


def _reopen_shared(fd: int) -> int | None:  # pragma: no cover - see the callers
    """Our shared lock was lost while converting (another program's switch runs): keep going without one."""
    os.close(fd)
    return None


def no_other_connection(conn: sqlite3.Connection, database: Path) -> None:
    """Make sure no connection at all (also of a program that ignores the lock file) has the file open.

    Leaving WAL mode needs every other connection closed, idle ones too; SQLite answers "database is locked"
    otherwise. It also folds the WAL into the file. The next program to open the file switches WAL back on.
    """
    conn.execute("PRAGMA busy_timeout = 200")
    try:
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()
    except database_errors() as exc:  # sqlite3's or sqlcipher3's OperationalError
        if "locked" in str(exc) or "busy" in str(exc):
            raise in_use(database) from exc
        raise
