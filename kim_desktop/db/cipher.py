"""SQLCipher for the local file: the keys unlocked in this process, keyed connections, plain<->encrypted export."""

import os
import sqlite3
from pathlib import Path
from types import ModuleType
from typing import Any, Literal, cast

from kim_desktop.domain.errors import KimError
from kim_desktop.domain.errors import WrongPassphrase as WrongPassphrase  # where it was defined first

SQLITE_HEADER = b"SQLite format 3\x00"
# Attached under this name while sqlcipher_export copies schema and rows into the other file.
_EXPORT_ALIAS = "kim_export"


class CipherUnavailable(KimError):  # noqa: N818 - reads like the other KimErrors
    """SQLCipher (the sqlcipher3 package) is not installed for this platform."""


class DatabaseKey:
    """A passphrase for a SQLCipher file; never shown in a repr, a log line or a traceback's locals."""

    __slots__ = ("_passphrase",)

    def __init__(self, passphrase: str) -> None:
        self._passphrase = passphrase

    @property
    def passphrase(self) -> str:
        """The secret itself (only for PRAGMA key and the keyring)."""
        return self._passphrase

    def pragma_literal(self) -> str:
        """The passphrase as a quoted SQL string literal for PRAGMA key / ATTACH … KEY."""
        return "'" + self._passphrase.replace("'", "''") + "'"

    def __repr__(self) -> str:
        return "DatabaseKey(***)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DatabaseKey) and other._passphrase == self._passphrase

    def __hash__(self) -> int:
        return hash(self._passphrase)


def cipher_module() -> ModuleType | None:
    """The sqlcipher3 DB-API module, or None where no wheel exists for this platform."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        return None
    return cast(ModuleType, dbapi2)


def require_cipher() -> Any:
    """The sqlcipher3 DB-API module, or a CipherUnavailable with a German explanation."""
    module = cipher_module()
    if module is None:
        raise CipherUnavailable(
            "Die Verschlüsselung der Datenbank (SQLCipher, Paket „sqlcipher3“) ist in dieser Installation nicht "
            "verfügbar. Bitte die Festplattenverschlüsselung (BitLocker, LUKS) verwenden."
        )
    return module


def database_errors(*more: type[Exception]) -> tuple[type[Exception], ...]:
    """The DB-API error classes of sqlite3 and, when installed, sqlcipher3 (they share no base class), plus more."""
    module = cipher_module()
    return (*more, sqlite3.Error) if module is None else (*more, sqlite3.Error, module.Error)


# In a plain SQLite header, bytes 21-23 are the fixed payload fractions 64, 32, 32.
_PLAIN_FRACTIONS = (21, b"\x40\x20\x20")


def is_encrypted(path: Path) -> bool:
    """Whether a file looks like a SQLCipher database: content, no plain SQLite header, not a wiped or plain header.

    SQLCipher's first 16 bytes are a random salt and the rest of page 1 is ciphertext. A file starting with zeros,
    or whose header still has SQLite's fixed fields, is a damaged plain file (the integrity check reports it).
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(100)
    except OSError:
        return False
    if len(head) < 100 or head.startswith(SQLITE_HEADER) or not any(head[: len(SQLITE_HEADER)]):
        return False
    start, fractions = _PLAIN_FRACTIONS
    return head[start : start + len(fractions)] != fractions


# The keys unlocked in this process, by resolved file path: the passphrase step at start (or the CLI) puts the key
# here once; engines, backups, restores and the integrity check take it from here instead of every caller
# carrying the secret along. It lives only in memory and only for this process.
_unlocked: dict[Path, DatabaseKey] = {}


def _key_path(path: Path) -> Path:
    return Path(path).expanduser().resolve()


def remember_key(path: Path, key: DatabaseKey) -> None:
    """Record the key that opens a database file for the rest of this process."""
    _unlocked[_key_path(path)] = key


def forget_key(path: Path) -> None:
    """The file is plain again (or gone): drop its key."""
    _unlocked.pop(_key_path(path), None)


def key_for(path: Path | None) -> DatabaseKey | None:
    """The key unlocked for a database file in this process, or None (plain file, or not unlocked yet)."""
    return None if path is None else _unlocked.get(_key_path(path))


def connect(
    path: Path,
    key: DatabaseKey | None = None,
    read_only: bool = False,
    isolation_level: Literal["DEFERRED", "EXCLUSIVE", "IMMEDIATE"] | None = "DEFERRED",
    immutable: bool = False,
) -> sqlite3.Connection:
    """A DB-API connection to a SQLite file: sqlite3 for a plain file, sqlcipher3 with PRAGMA key for an encrypted one.

    The sqlcipher3 connection has sqlite3's interface (it is pysqlite compiled against SQLCipher); its errors are
    in database_errors(). `immutable` reads a file in a read-only folder, where SQLite cannot create the WAL's
    shared-memory file and even `mode=ro` fails; it sees only what is in the main file.
    """
    uri = read_only or immutable
    target = f"file:{path}?immutable=1" if immutable else f"file:{path}?mode=ro" if read_only else str(path)
    if key is None:
        return sqlite3.connect(target, uri=uri, isolation_level=isolation_level)
    module = require_cipher()
    conn = module.connect(target, uri=uri, isolation_level=isolation_level)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our message, not a line on stderr
        conn.execute(f"PRAGMA key = {key.pragma_literal()}")
    except BaseException:
        conn.close()
        raise
    return cast(sqlite3.Connection, conn)


def check_key(path: Path, key: DatabaseKey) -> None:
    """Open the file read-only with the key and read its schema; WrongPassphrase if that fails. Writes nothing."""
    errors = database_errors()
    try:
        conn = connect(path, key, read_only=True, isolation_level=None)
    except errors as exc:
        raise WrongPassphrase(f"Die Datenbank {path} kann nicht geöffnet werden: {exc}") from exc
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except errors as exc:
        raise WrongPassphrase(
            "Die Passphrase ist falsch (oder die Datei ist beschädigt). Bitte noch einmal versuchen."
        ) from exc
    finally:
        conn.close()


def _create_private(path: Path) -> None:
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)


def export_database(source: Path, source_key: DatabaseKey | None, target: Path, target_key: DatabaseKey | None) -> None:
    """Copy schema and rows into a new file with sqlcipher_export (plain -> encrypted, encrypted -> plain, re-key).

    SQLite's backup API cannot change the encryption of the pages it copies; sqlcipher_export can. The target is
    created private to the user and must not exist yet with content.
    """
    module = require_cipher()
    _create_private(target)
    conn = module.connect(f"file:{source}?mode=ro", uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if source_key is not None:
            conn.execute(f"PRAGMA key = {source_key.pragma_literal()}")
        target_literal = "''" if target_key is None else target_key.pragma_literal()
        conn.execute(f"ATTACH DATABASE ? AS {_EXPORT_ALIAS} KEY {target_literal}", (str(target),))
        try:
            conn.execute(f"SELECT sqlcipher_export('{_EXPORT_ALIAS}')")
            version = int(conn.execute("PRAGMA main.user_version").fetchone()[0])
            conn.execute(f"PRAGMA {_EXPORT_ALIAS}.user_version = {version}")
        finally:
            conn.execute(f"DETACH DATABASE {_EXPORT_ALIAS}")
    finally:
        conn.close()
