"""Database addresses as plain data for the screens: local file or server, with or without the password."""

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from kim_desktop.db import engine

SERVER_DRIVER = "postgresql+psycopg"


@dataclass(frozen=True)
class ServerAddress:
    """Where a database server is and who signs in to it (the settings form's fields)."""

    host: str
    port: int
    database: str
    user: str
    password: str


def sqlite_url(path: Path) -> str:
    """The URL of a local database file."""
    return engine.sqlite_url(path)


def is_sqlite(url: str) -> bool:
    """Whether the URL names a SQLite (or SQLCipher) database."""
    return engine.is_sqlite(url)


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for memory databases and servers."""
    return engine.sqlite_path(url)


def without_password(url: str) -> str:
    """The URL as it may be shown: the password masked."""
    return sa.make_url(url).render_as_string(hide_password=True)


def server_address(url: str) -> ServerAddress:
    """The server, database and user a URL names (empty where it names none; port 5432 when not given)."""
    parsed = sa.make_url(url)
    password = parsed.password if isinstance(parsed.password, str) else ""
    return ServerAddress(parsed.host or "", parsed.port or 5432, parsed.database or "", parsed.username or "", password)


def server_url(address: ServerAddress) -> str:
    """The full URL (password included) of a PostgreSQL server."""
    url = sa.URL.create(
        SERVER_DRIVER,
        username=address.user,
        password=address.password or None,
        host=address.host,
        port=address.port,
        database=address.database,
    )
    return url.render_as_string(hide_password=False)
