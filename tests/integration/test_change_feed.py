import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from kim_desktop.db.models import Person
from kim_desktop.services import change_feed
from kim_desktop.services.change_feed import (
    EVERY_LIST,
    ChangeSource,
    PostgresChangeSource,
    SqliteChangeSource,
    kinds_of_tables,
)
from kim_desktop.services.database import OpenDatabase, open_database
from kim_desktop.services.server_reachability import ServerUnreachable, add_unreachable_listener, server_answers
from tests.integration.data_safety_helpers import add_audit_rows, add_people
from tests.server_outage import server_down

on_postgres = pytest.mark.parametrize(
    "database", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)


def _changes(source: ChangeSource, rounds: int = 3) -> frozenset[str]:
    """Everything the source reports within a few waits (a notification may arrive just after one wait ends)."""
    seen: set[str] = set()
    for _ in range(rounds):
        seen |= source.wait()
    return frozenset(seen)


@pytest.fixture
def other_desk(database: OpenDatabase) -> Iterator[OpenDatabase]:
    """The same database opened a second time, as another desk (or another program) would."""
    other = open_database(database.url, None)
    yield other
    other.close()


def test_tables_map_to_kinds_and_audit_rows_count_for_nothing() -> None:
    assert kinds_of_tables({"people", "referral_events", "audit_events"}) == {"people", "referrals"}
    assert kinds_of_tables({"audit_events"}) == frozenset()
    assert kinds_of_tables({"a_table_added_later"}) == EVERY_LIST
    assert "settings" not in EVERY_LIST and "all" not in EVERY_LIST


@on_postgres
def test_postgres_notifies_other_desks_of_committed_changes_only(
    database: OpenDatabase, other_desk: OpenDatabase
) -> None:
    source = PostgresChangeSource(database.engine)
    try:
        add_people(other_desk, 2)
        assert _changes(source) == {"people"}

        add_people(database, 1)  # this desk's own change: it has refreshed already
        add_audit_rows(other_desk, 3)  # reading a case writes audit rows: nobody reloads for that
        with other_desk.sessions() as session:
            session.add(Person(family_name="Verworfen", given_names="Vera", search_key="verworfen vera"))
            session.flush()
            session.rollback()
        assert _changes(source, rounds=2) == frozenset()

        with other_desk.sessions() as session, session.begin():
            person = session.scalars(sa.select(Person).limit(1)).one()
            person.given_names = "Geändert"
        assert _changes(source) == {"people"}
    finally:
        source.close()


@on_postgres
def test_a_lost_server_is_reported_and_the_engine_works_again_afterwards(
    database: OpenDatabase, postgres_template: tuple[sa.Engine, str]
) -> None:
    admin = postgres_template[0]
    name = sa.make_url(database.url).database
    assert name is not None
    source = PostgresChangeSource(database.engine)
    found_gone: list[bool] = []
    unhook = add_unreachable_listener(database.engine, lambda: found_gone.append(True))
    try:
        with server_down(admin, name):
            with pytest.raises(ServerUnreachable):
                _changes(source, rounds=1)
            with pytest.raises(ServerUnreachable, match="Eingaben bleiben erhalten"):
                add_people(database, 1)
            assert found_gone
            assert not server_answers(database.engine)
            with pytest.raises(ServerUnreachable):
                PostgresChangeSource(database.engine)
        assert server_answers(database.engine)
        assert add_people(database, 1)  # the pool let go of the dead connections
    finally:
        unhook()
        source.close()


def test_sqlite_polling_sees_other_connections_commits_but_not_its_own(
    sqlite_database: OpenDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(change_feed, "SQLITE_POLL_SECONDS", 0.01)
    other = open_database(sqlite_database.url, None)  # e.g. the CLI importing courses meanwhile
    source = SqliteChangeSource(sqlite_database.engine, threading.Event())
    try:
        assert source.wait() == frozenset()
        add_people(sqlite_database, 1)
        assert source.wait() == frozenset()
        add_people(other, 1)
        assert source.wait() == EVERY_LIST
        assert source.wait() == frozenset()
    finally:
        source.close()
        other.close()
