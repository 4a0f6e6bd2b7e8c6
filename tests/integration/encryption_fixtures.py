"""Helpers for the encryption tests: a known person, raw-file checks, an in-memory keyring, a clean key store."""

import sqlite3
from datetime import date
from pathlib import Path

import keyring.core
import pytest
from keyring.backend import KeyringBackend

from kim_desktop.db import cipher
from kim_desktop.db.models import Person
from kim_desktop.services.database import OpenDatabase

PASSPHRASE = "Kurs-Passphrase-2026"
KNOWN_NAME = "Zwetschgenbaum"
KNOWN_BIRTH = date(1987, 3, 14)


def add_known_person(db: OpenDatabase) -> None:
    with db.sessions() as session, session.begin():
        session.add(
            Person(
                family_name=KNOWN_NAME, given_names="Leyla", search_key="zwetschgenbaum leyla", birth_date=KNOWN_BIRTH
            )
        )


def assert_not_plain_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
            conn.execute("select * from sqlite_master")
    finally:
        conn.close()
    raw = path.read_bytes()
    assert KNOWN_NAME.encode() not in raw
    assert KNOWN_BIRTH.isoformat().encode() not in raw


class MemoryKeyring(KeyringBackend):
    """A keyring backend that keeps passwords in a dict (the test machine has no Secret Service)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


def clear_unlocked_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start a test with no database unlocked in this process (call from an autouse fixture)."""
    monkeypatch.setattr(cipher, "_unlocked", {})


def use_memory_keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    """Make an in-memory keyring the one keyring uses, for this test only."""
    backend = MemoryKeyring()
    monkeypatch.setattr(keyring.core, "_keyring_backend", backend)
    return backend
