"""Which data another desk changed: NOTIFY on commit (PostgreSQL) or PRAGMA data_version polling (SQLite)."""

import logging
import threading
import uuid
import weakref
from dataclasses import dataclass, field
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.dml import UpdateBase

from kim_desktop.domain.data_kinds import COURSES, NETWORK, PEOPLE, REFERRALS, SESSIONS, SETTINGS
from kim_desktop.services.server_reachability import ServerUnreachable, unreachable_message

log = logging.getLogger(__name__)

CHANNEL = "kim_changes"
SQLITE_POLL_SECONDS = 2.0
NOTIFY_WAIT_SECONDS = 1.0
_TABLES_KEY = "kim_changed_tables"

# The kinds (domain/data_kinds.py) are the values of ui.events.DataKind; a table missing here counts as every list.
KIND_OF_TABLE: dict[str, str | None] = {
    "people": PEOPLE, "permissions": PEOPLE, "availability": PEOPLE, "children": PEOPLE, "consents": PEOPLE,
    "consent_recipients": PEOPLE, "consent_data": PEOPLE, "waiting_list": PEOPLE,
    "counselling_sessions": SESSIONS, "session_topics": SESSIONS, "follow_ups": SESSIONS,
    "referrals": REFERRALS, "referral_events": REFERRALS, "issued_documents": REFERRALS,
    "courses": COURSES,
    "organisations": NETWORK, "contact_persons": NETWORK, "course_locations": NETWORK, "travel_times": NETWORK,
    "municipalities": NETWORK,
    "rules": SETTINGS, "course_type_rules": SETTINGS, "topics": SETTINGS, "advisors": SETTINGS,
    # Reading a case file writes an audit row: that must not make every other desk reload its lists.
    "audit_events": None, "alembic_version": None,
}  # fmt: skip
# What a desk reloads when it only knows *that* something changed (SQLite): the lists, not the settings forms.
EVERY_LIST = frozenset({PEOPLE, SESSIONS, COURSES, REFERRALS, NETWORK})


def kinds_of_tables(tables: set[str]) -> frozenset[str]:
    """The kinds of data that changed when these tables were written."""
    kinds: set[str] = set()
    for table in tables:
        if table not in KIND_OF_TABLE:
            kinds |= EVERY_LIST
        elif (kind := KIND_OF_TABLE[table]) is not None:
            kinds.add(kind)
    return frozenset(kinds)


@dataclass
class ChangeFeed:
    """Per engine: the id this process signs its notifications with, and how many writing commits it made."""

    origin: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    local_commits: int = 0


_feeds: "weakref.WeakKeyDictionary[Engine, ChangeFeed]" = weakref.WeakKeyDictionary()


def feed_of(engine: Engine) -> ChangeFeed:
    """The feed installed on an engine (installed now if it was not)."""
    feed = _feeds.get(engine)
    return feed if feed is not None else install_change_feed(engine)


def install_change_feed(engine: Engine) -> ChangeFeed:
    """Record the tables each transaction writes; on commit tell other desks (NOTIFY) or count the commit (SQLite)."""
    if engine in _feeds:
        return _feeds[engine]
    feed = ChangeFeed()
    _feeds[engine] = feed
    postgres = engine.dialect.name == "postgresql"

    def after_execute(conn: Connection, clause: Any, *_args: Any) -> None:
        table = getattr(clause, "table", None) if isinstance(clause, UpdateBase) else None
        if isinstance(table, sa.Table):
            conn.info.setdefault(_TABLES_KEY, set()).add(table.name)

    def commit(conn: Connection) -> None:
        tables: set[str] = conn.info.pop(_TABLES_KEY, set())
        if not tables:
            return
        if not postgres:
            feed.local_commits += 1  # before the COMMIT, so the poller never takes this commit for another's
            return
        kinds = kinds_of_tables(tables)
        if kinds:
            # On the DBAPI cursor, inside the transaction being committed: delivered only if the commit succeeds.
            cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            try:
                for kind in sorted(kinds):
                    cursor.execute("SELECT pg_notify(%s, %s)", (CHANNEL, f"{feed.origin}:{kind}"))
            finally:
                cursor.close()

    def rollback(conn: Connection) -> None:
        conn.info.pop(_TABLES_KEY, None)

    event.listen(engine, "after_execute", after_execute)
    event.listen(engine, "commit", commit)
    event.listen(engine, "rollback", rollback)
    return feed


class ChangeSource(Protocol):
    """Waits for changes made elsewhere; raises ServerUnreachable when the database is gone."""

    def wait(self) -> frozenset[str]:
        """Block for a short while; the kinds of data others changed meanwhile (often none)."""

    def close(self) -> None:
        """Release the dedicated connection."""


def _dedicated_connection(engine: Engine) -> Any:
    """A DBAPI connection made like the engine's own ones (keys, pragmas) but taken out of its pool."""
    try:
        raw = engine.raw_connection()  # the pool hands the driver's own error through (not wrapped, not translated)
    except (sa.exc.DBAPIError, ServerUnreachable, engine.dialect.loaded_dbapi.Error) as exc:
        raise ServerUnreachable(unreachable_message()) from exc
    driver_connection = raw.driver_connection
    raw.detach()  # closing it later closes the connection instead of returning it to the pool
    return driver_connection


class PostgresChangeSource:
    """LISTEN kim_changes on its own autocommit connection; notifications signed by this process are skipped."""

    def __init__(self, engine: Engine) -> None:
        self._origin = feed_of(engine).origin
        self._conn = _dedicated_connection(engine)
        try:
            self._conn.autocommit = True
            self._conn.execute(f"LISTEN {CHANNEL}")
        except Exception as exc:
            self.close()
            raise ServerUnreachable(unreachable_message()) from exc

    def wait(self) -> frozenset[str]:
        """Notifications that arrive within NOTIFY_WAIT_SECONDS."""
        kinds: set[str] = set()
        try:
            for note in self._conn.notifies(timeout=NOTIFY_WAIT_SECONDS):
                origin, _sep, kind = note.payload.partition(":")
                if origin != self._origin and kind:
                    kinds.add(kind)
        except Exception as exc:  # psycopg.OperationalError: the server went away or the network dropped
            raise ServerUnreachable(unreachable_message()) from exc
        return frozenset(kinds)

    def close(self) -> None:
        """Close the listening connection."""
        try:
            self._conn.close()
        except Exception:  # already broken: nothing left to release
            log.debug("closing the listening connection failed", exc_info=True)


class SqliteChangeSource:
    """Polls PRAGMA data_version (changes when another connection commits); this engine's own commits are skipped."""

    def __init__(self, engine: Engine, stop: threading.Event) -> None:
        self._feed = feed_of(engine)
        self._stop = stop
        self._conn = _dedicated_connection(engine)
        self._seen_commits = self._feed.local_commits
        self._version = self._data_version()

    def _data_version(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def wait(self) -> frozenset[str]:
        """After SQLITE_POLL_SECONDS: every list kind if someone else committed, else nothing."""
        self._stop.wait(SQLITE_POLL_SECONDS)
        commits = self._feed.local_commits
        version = self._data_version()
        changed = version != self._version
        ours = commits != self._seen_commits
        self._version, self._seen_commits = version, commits
        # data_version does not say who committed: another process's commit in the same interval as one of
        # ours is taken for ours; its lists then refresh with the next change or when a page is shown again.
        return EVERY_LIST if changed and not ours else frozenset()

    def close(self) -> None:
        """Close the polling connection."""
        self._conn.close()


def open_change_source(engine: Engine, stop: threading.Event) -> ChangeSource:
    """The change source for this engine's database."""
    if engine.dialect.name == "postgresql":
        return PostgresChangeSource(engine)
    return SqliteChangeSource(engine, stop)
