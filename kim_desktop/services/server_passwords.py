"""The server login's password in the operating system's keyring, never in einstellungen.toml.

Where no keyring is available the password is asked at every start and kept only in memory. A settings file
from an older version that still holds the password in the server URL is cleaned up at start: the password moves
into the keyring (or is dropped where there is none) and the file keeps the URL without it.
"""

from dataclasses import replace
from enum import StrEnum
from pathlib import Path

import sqlalchemy as sa

from kim_desktop.domain.errors import KimError
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.passphrase_store import KeyringFailed, keep_secret, kept_secret
from kim_desktop.settings import load_settings, save_settings

KEYRING_SERVICE = "KIM Desktop Server"


class PasswordMove(StrEnum):
    """What became of a password found in the settings file."""

    NONE = "none"  # the file held no password
    TO_KEYRING = "to_keyring"  # moved into the keyring, removed from the file
    DROPPED = "dropped"  # no keyring: removed from the file, asked at the next start


def _is_server(url: str) -> bool:
    return bool(url) and sa.make_url(url).get_backend_name() == "postgresql"


def _account(url: str) -> str:
    """Who signs in where: user@host:port/database (the keyring's account name)."""
    parsed = sa.make_url(url)
    return f"{parsed.username or ''}@{parsed.host or ''}:{parsed.port or 5432}/{parsed.database or ''}"


def split_password(url: str) -> tuple[str, str | None]:
    """The URL without its password, and the password (None when it has none)."""
    parsed = sa.make_url(url)
    password = parsed.password if isinstance(parsed.password, str) else None
    return parsed._replace(password=None).render_as_string(hide_password=False), password


def with_password(url: str, password: str) -> str:
    """The URL to connect with (never to be stored)."""
    return sa.make_url(url).set(password=password).render_as_string(hide_password=False)


def stored_server_password(url: str) -> str | None:
    """The password kept for this login and server, or None (none stored, no keyring, a locked keyring)."""
    return kept_secret(KEYRING_SERVICE, _account(url)) if _is_server(url) else None


def store_server_password(url: str, password: str) -> None:
    """Keep the password in this user account's keyring; KeyringFailed where there is none."""
    missing = Text(N_("Auf diesem Rechner ist kein Schlüsselbund verfügbar."))
    failed = N_("Das Passwort konnte nicht im Schlüsselbund gespeichert werden: {error}")
    keep_secret(KEYRING_SERVICE, _account(url), password, missing, failed)


def url_to_connect(url: str) -> str:
    """The configured URL with the password from the keyring filled in where the URL has none."""
    if not _is_server(url):
        return url
    bare, password = split_password(url)
    if password is not None:
        return url
    stored = stored_server_password(bare)
    return with_password(bare, stored) if stored is not None else url


def remember_server(url: str) -> tuple[str, bool]:
    """Before a server URL is saved: its password into the keyring; returns (URL to save, kept in keyring)."""
    bare, password = split_password(url)
    if password is None:
        return bare, False
    try:
        store_server_password(bare, password)
    except KeyringFailed:
        return bare, False
    return bare, True


def move_password_out_of_settings(settings_file: Path) -> PasswordMove:
    """An older settings file's server password: into the keyring (if any) and out of the file."""
    try:
        settings = load_settings(settings_file)
    except KimError:
        return PasswordMove.NONE  # the start reports an unreadable file itself
    if not _is_server(settings.database_url):
        return PasswordMove.NONE
    bare, password = split_password(settings.database_url)
    if password is None:
        return PasswordMove.NONE
    _, kept = remember_server(settings.database_url)
    save_settings(settings_file, replace(settings, database_url=bare))
    return PasswordMove.TO_KEYRING if kept else PasswordMove.DROPPED


def password_missing(url: str) -> bool:
    """Whether the server refuses this URL for want of a password (then the start asks for it)."""
    if not _is_server(url) or split_password(url)[1] is not None:
        return False
    import psycopg

    parsed = sa.make_url(url)
    try:
        psycopg.connect(
            host=parsed.host, port=parsed.port or 5432, dbname=parsed.database, user=parsed.username, connect_timeout=5
        ).close()
    except psycopg.OperationalError as exc:
        return "password" in str(exc)
    return False
