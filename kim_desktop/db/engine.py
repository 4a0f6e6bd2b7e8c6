"""Engine and session factory: SQLite with safe pragmas and a private file, or PostgreSQL for several desks."""

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from kim_desktop.db.cipher import DatabaseKey, is_encrypted, key_for, require_cipher
from kim_desktop.db.switch_lock import share
from kim_desktop.domain.text import N_, Text

SQLITE_BUSY_TIMEOUT_MS = 5000


def sqlite_url(path: Path) -> str:
    """SQLAlchemy URL of a local SQLite file."""
    return f"sqlite:///{path}"


def is_sqlite(url: str | sa.URL) -> bool:
    """Whether a URL points to a SQLite (or SQLCipher) database."""
    return sa.make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str | sa.URL) -> Path | None:
    """The file behind a SQLite URL, or None for memory databases and servers."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    # Deleted and overwritten text (erased people, edited notes) must not linger in free pages of the file.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _encrypted_url(path: Path, key: DatabaseKey, kwargs: dict[str, Any]) -> sa.URL:
    """The SQLCipher URL of a file (built here, never stored: it carries the passphrase) and its pool settings."""
    require_cipher()
    # The pysqlcipher dialect quotes the passphrase for PRAGMA key itself. Its default pool keeps one connection
    # per thread; the app hands connections between the GUI thread and the task runner like the plain engine does.
    kwargs.setdefault("poolclass", sa.pool.QueuePool)
    kwargs.setdefault("connect_args", {"check_same_thread": False})
    return sa.URL.create("sqlite+pysqlcipher", password=key.passphrase, database=str(path))


def make_engine(url: str | sa.URL, key: DatabaseKey | None = None, lock: bool = True, **kwargs: Any) -> Engine:
    """Create an engine; for SQLite create the file privately (mode 600) and set the pragmas.

    An encrypted file is opened through SQLCipher with the given key, or the key unlocked for it in this process.
    Its connections hold the file's switch lock shared; lock=False only for a private temporary file (a restore's
    candidate) that no other program knows of.
    """
    path = sqlite_path(url)
    key = key or key_for(path)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        if key is not None:
            url = _encrypted_url(path, key, kwargs)
    # hide_parameters: SQL errors in logs and dialogs never show the values (names, notes) of a statement.
    kwargs.setdefault("hide_parameters", True)
    engine = sa.create_engine(url, **kwargs)
    if is_sqlite(url):
        event.listen(engine, "connect", _set_sqlite_pragmas)
    if path is not None and lock:
        _hold_switch_lock(engine, path)
    return engine


_SWITCH_LOCK = "kim_switch_lock"


def _hold_switch_lock(engine: Engine, path: Path) -> None:
    """Every connection holds the file's switch lock shared while it lives (see db/switch_lock.py)."""

    def before_connect(_dialect: Any, record: Any, _cargs: Any, _cparams: Any) -> None:
        previous = record.info.pop(_SWITCH_LOCK, None)
        if previous is not None:  # a record reconnecting after an invalidation
            previous.release()
        record.info[_SWITCH_LOCK] = share(path)  # DatabaseSwitching while another program switches the file

    def closed(_dbapi_connection: Any, record: Any) -> None:
        held = record.info.pop(_SWITCH_LOCK, None)
        if held is not None:
            held.release()

    event.listen(engine, "do_connect", before_connect)
    event.listen(engine.pool, "close", closed)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """The session factory services use; one session per use case."""
    return sessionmaker(engine, expire_on_commit=False)


def describe_database(url: str | sa.URL) -> Text:
    """A short, password-free description of the database for the status bar and the About dialog."""
    parsed = sa.make_url(url)
    path = sqlite_path(parsed)
    if path is not None:
        if is_encrypted(path):
            return Text(N_("Lokale Datei (verschlüsselt): {path}"), path=path)
        return Text(N_("Lokale Datei: {path}"), path=path)
    if parsed.get_backend_name() == "sqlite":
        return Text(N_("Arbeitsspeicher (SQLite)"))
    where = f"{parsed.get_backend_name()}://{parsed.host or 'localhost'}:{parsed.port or ''}/{parsed.database}"
    return Text(N_("Server: {where}"), where=where)
