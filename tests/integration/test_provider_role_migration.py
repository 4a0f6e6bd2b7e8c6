"""Migration 0012 widens the account role check for Kursträger, in place on SQLite, and goes back without loss."""

from datetime import datetime

import pytest
import sqlalchemy as sa
from alembic import command

from kim_desktop.db.migrate import SCHEMA_HEAD, alembic_config
from kim_desktop.services.database import OpenDatabase

NOW = datetime(2026, 3, 2, 9)
ACCOUNT = (
    "INSERT INTO advisors (username, display_name, role, active, failed_logins, created_at) "
    "VALUES (:u, :u, :r, true, 0, :at)"
)


def _add(db: OpenDatabase, username: str, role: str) -> None:
    with db.engine.begin() as conn:
        conn.execute(sa.text(ACCOUNT), {"u": username, "r": role, "at": NOW.isoformat(" ")})


def test_the_role_check_takes_kurstraeger_and_still_refuses_others(database: OpenDatabase) -> None:
    _add(database, "kurt", "provider")
    with pytest.raises(sa.exc.IntegrityError):
        _add(database, "boss", "boss")
    with database.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT role FROM advisors")).scalars().all() == ["provider"]


def test_down_and_up_again(database: OpenDatabase) -> None:
    _add(database, "kurt", "provider")
    _add(database, "anna", "advisor")
    with database.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0010")
    with database.engine.connect() as conn:  # the older version has no Kursträger: a switched-off reader
        rows = conn.execute(sa.text("SELECT username, role, active FROM advisors ORDER BY username")).all()
        assert [tuple(r) for r in rows] == [("anna", "advisor", True), ("kurt", "reader", False)]
    with pytest.raises(sa.exc.IntegrityError):
        _add(database, "petra", "provider")
    with database.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == SCHEMA_HEAD
    _add(database, "petra", "provider")
    if database.engine.dialect.name == "sqlite":  # the table's definition was edited in place: still sound
        with database.engine.connect() as conn:
            assert conn.execute(sa.text("PRAGMA integrity_check")).scalar_one() == "ok"
