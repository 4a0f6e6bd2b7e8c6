"""Opening the database: engine, migrations with a backup, reference data; a handle the app passes around."""

import contextlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from kim_desktop.db.engine import describe_database, make_engine, make_session_factory
from kim_desktop.db.migrate import MigrationResult, upgrade_database
from kim_desktop.domain.errors import DatabaseUnavailable
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.change_feed import install_change_feed
from kim_desktop.services.erasure import (
    NOTHING_REERASED,
    ReErasure,
    finish_pending_scrub,
    reapply_erasures,
    use_server_ledger,
)
from kim_desktop.services.reference_data import ensure_reference_data
from kim_desktop.services.server_reachability import server_engine_options, translate_lost_connections

# The unit of work a use case takes, named here so ui/ (which imports no SQLAlchemy) can type its work functions.
type DbSession = Session
# The connection pool of an open database, for the threads that watch it (ui/change_watcher.py).
type DbEngine = Engine


@dataclass(frozen=True)
class OpenDatabase:
    """An open database: the engine, the session factory and what the migration did."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    migration: MigrationResult
    reerased: ReErasure = NOTHING_REERASED

    @property
    def erasure_notice(self) -> Text | None:
        """A warning when erased people had come back (a file copied back by hand) or a scrub is still pending."""
        return self.reerased.message()

    @property
    def description(self) -> Text:
        """Password-free description for the status bar."""
        return describe_database(self.url)

    def close(self) -> None:
        """Release all connections; first finish a scrub of erased content a reader had blocked, if it can now."""
        with contextlib.suppress(DatabaseError):
            finish_pending_scrub(self.engine)
        self.engine.dispose()


def open_database(url: str, backup_dir: Path | None, ledger_dir: Path | None = None) -> OpenDatabase:
    """Connect, migrate to the newest schema (backing up first) and make sure reference data is there.

    A local file keeps its erasure ledger beside it; for a server, ledger_dir (the desk's data folder) holds the
    desk's ledger, so people erased here and brought back by a pg_restore are erased again at the next start.
    """
    engine = make_engine(url, **server_engine_options(url))
    if ledger_dir is not None:
        use_server_ledger(engine, ledger_dir)
    try:
        migration = upgrade_database(engine, backup_dir)
        sessions = make_session_factory(engine)
        with sessions() as session:
            ensure_reference_data(session)
        # Erasures the ledger beside a local file knows are applied again if the file was replaced behind the
        # program's back, and a scrub another program's reading had blocked is finished now.
        reerased = reapply_erasures(engine)
        install_change_feed(engine)  # after the migration: only the desks' own writes are announced
        translate_lost_connections(engine)
    except OperationalError as exc:
        engine.dispose()
        raise DatabaseUnavailable(
            Text(N_("Die Datenbank kann nicht geöffnet werden: {error}"), error=str(exc.orig))
        ) from exc
    except BaseException:
        engine.dispose()
        raise
    return OpenDatabase(url, engine, sessions, migration, reerased)
