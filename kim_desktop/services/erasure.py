"""Erasing a person's rows, the ledger that keeps erasures erased after a restore, and the scrub of the file."""

import contextlib
import hashlib
import weakref
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from kim_desktop.db.engine import SQLITE_BUSY_TIMEOUT_MS, is_sqlite, sqlite_path
from kim_desktop.db.erasure_ledger import ErasureLedger, LedgerEntry, record_digest
from kim_desktop.db.models import AuditEvent, Person, WaitingListEntry
from kim_desktop.domain.errors import KimError
from kim_desktop.domain.text import N_, Text, joined
from kim_desktop.services.audit import AuditAction, record

ERASED_DETAILS = "{}"
PERSON = "person"
# How long the scrub waits for other programs' read transactions before it says what is still pending.
SCRUB_WAIT_MS = 500
SCRUB_PENDING = Text(
    N_("Gelöscht; Reste in der Datenbankdatei werden entfernt, sobald alle anderen Programme die Datenbank schließen.")
)


class LedgerUnwritable(KimError):  # noqa: N818 - reads like the other KimErrors
    """The erasure ledger beside the database cannot be written; the erasure was not carried out."""


def secure_delete_on(session: Session) -> None:
    """SQLite: overwrite deleted and replaced content with zeros instead of leaving it in free space of the file."""
    if is_sqlite(session.get_bind().engine.url):
        session.execute(sa.text("PRAGMA secure_delete = ON"))


def erase_person_data(session: Session, person_id: int) -> None:
    """Delete a person and everything hanging off them, in the caller's transaction (no audit entry, no check)."""
    secure_delete_on(session)
    session.execute(
        sa.update(WaitingListEntry).where(WaitingListEntry.person_id == person_id).values(person_id=None, note="")
    )
    session.execute(sa.update(AuditEvent).where(AuditEvent.person_id == person_id).values(details=ERASED_DETAILS))
    # Permissions, children, availability, consents, sessions, follow-ups, referrals with their events and
    # issued documents go with the person through ON DELETE CASCADE.
    session.execute(sa.delete(Person).where(Person.id == person_id))
    session.expunge_all()


# A server database's ledger lives in the data folder of each desk that erases (registered at open).
_server_ledgers: "weakref.WeakKeyDictionary[Engine, ErasureLedger]" = weakref.WeakKeyDictionary()


def server_ledger(url: str | sa.URL, folder: Path) -> ErasureLedger:
    """The desk's ledger for a server database: in the desk's data folder, named by server and database."""
    parsed = sa.make_url(url)
    where = f"{parsed.get_backend_name()}://{parsed.host or 'localhost'}:{parsed.port or ''}/{parsed.database}"
    return ErasureLedger(folder / f"server-{hashlib.sha256(where.encode()).hexdigest()[:16]}")


def use_server_ledger(engine: Engine, folder: Path) -> None:
    """Keep this desk's erasures on a server database in a ledger in its data folder (see docs/data-protection.md)."""
    if sqlite_path(engine.url) is None and not is_sqlite(engine.url):
        _server_ledgers[engine] = server_ledger(engine.url, folder)


def ledger_of(engine: Engine) -> ErasureLedger | None:
    """The ledger of a local database file, or the desk's ledger of a server database; None for memory."""
    path = sqlite_path(engine.url)
    return _server_ledgers.get(engine) if path is None else ErasureLedger(path)


class ErasureNotes:
    """The ledger lines one transaction writes before it commits, taken back if it rolls back."""

    def __init__(self, session: Session) -> None:
        self.ledger = ledger_of(session.get_bind().engine)
        self.session = session
        self.written: list[str] = []

    def note(self, person_id: int, at: datetime, reason: str) -> None:
        """Note that the person is about to be erased (call inside the transaction, before erase_person_data)."""
        if self.ledger is None:
            return
        created = self.session.scalar(sa.select(Person.created_at).where(Person.id == person_id))
        try:
            key = self.ledger.key(create=True)
            assert key is not None
            digest = record_digest(key, PERSON, person_id, created)
            self.ledger.add(digest, at, reason)
        except OSError as exc:
            raise LedgerUnwritable(
                Text(
                    N_(
                        "Die Löschung wurde nicht ausgeführt: die Löschliste {path} kann nicht geschrieben werden "
                        "({error})."
                    ),
                    path=self.ledger.path,
                    error=exc.strerror or str(exc),
                )
            ) from exc
        self.written.append(digest)

    def undo(self) -> None:
        """The transaction rolled back: these people were not erased."""
        if self.ledger is None:
            return
        for digest in self.written:
            # A line left standing errs on the side of erasing a person an administrator chose to erase.
            with contextlib.suppress(OSError):
                self.ledger.cancel(digest)
        self.written.clear()


def scrub_after_erasure(session: Session) -> bool:
    """SQLite: fold the WAL into the file and empty it; True when another program's reading blocks that for now.

    While it is blocked a marker beside the database says so, and open_database and the next erasure try again.
    """
    engine = session.get_bind().engine
    return scrub_database(engine)


def scrub_database(engine: Engine, ledger: ErasureLedger | None = None) -> bool:
    """Checkpoint (TRUNCATE) a local database; set or clear the pending marker; True while still pending."""
    ledger = ledger or ledger_of(engine)
    if ledger is None or not is_sqlite(engine.url):
        return False
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(f"PRAGMA busy_timeout={SCRUB_WAIT_MS}")
            try:
                row = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            finally:
                conn.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        pending = row is not None and int(row[0]) != 0
    except sa.exc.OperationalError:  # locked or read-only just now: still pending, tried again later
        pending = True
    with contextlib.suppress(OSError):  # the marker is a reminder; the next erasure or start checkpoints anyway
        ledger.set_scrub_pending(pending)
    return pending


@dataclass(frozen=True)
class ErasureResult:
    """What an erasure did: whether erased content still waits in the file for other programs to close it."""

    scrub_pending: bool

    def message(self) -> Text | None:
        """The honest word for the dialog when something is still pending, else None."""
        return SCRUB_PENDING if self.scrub_pending else None


@dataclass(frozen=True)
class ReErasure:
    """Erasures a restore (or a copied-back file) had undone and that were carried out again."""

    people: int
    earliest: datetime | None
    scrub_pending: bool

    def message(self) -> Text | None:
        """A German warning for the restore report, the start and the CLI; None when nothing came back."""
        lines: list[Text] = []
        if self.people:
            lines.append(
                Text(
                    N_(
                        "Achtung: {n} Person(en), die nach dem Stand dieser Datenbank gelöscht worden waren "
                        "(ab {at:%d.%m.%Y}), waren wieder da; sie wurden erneut gelöscht und im Protokoll vermerkt."
                    ),
                    n=self.people,
                    at=self.earliest,
                )
            )
        if self.scrub_pending:
            lines.append(SCRUB_PENDING)
        return joined(lines, "\n") if lines else None


def finish_pending_scrub(engine: Engine) -> bool:
    """Retry a scrub another program's reading had blocked (at close, at open); True while still pending."""
    ledger = ledger_of(engine)
    if ledger is None or not ledger.scrub_pending():
        return False
    return scrub_database(engine, ledger)


def reapply_erasures(engine: Engine, now: datetime | None = None, ledger: ErasureLedger | None = None) -> ReErasure:
    """Erase again every person the ledger says was erased but who is in the database (after a restore).

    Each one gets a new anonymous audit entry 'person_erased' (reason 'reapplied', with the original date); then
    the file is scrubbed. Also finishes a scrub a reader had blocked earlier. The ledger is the engine's own,
    or that of the database a restore candidate is going to replace.
    """
    ledger = ledger or ledger_of(engine)
    if ledger is None:
        return ReErasure(0, None, False)
    entries = ledger.entries()
    key = ledger.key() if entries else None
    erased: list[LedgerEntry] = []
    if key is not None:
        by_digest = {entry.digest: entry for entry in entries}
        with Session(engine) as session, session.begin():
            for person_id, created in session.execute(sa.select(Person.id, Person.created_at)).all():
                entry = by_digest.get(record_digest(key, PERSON, person_id, created))
                if entry is None:
                    continue
                erase_person_data(session, person_id)
                record(session, None, AuditAction.PERSON_ERASED, PERSON, person_id, person_id,
                       {"reason": (None, "reapplied"), "erased_at": (None, entry.erased_at)},
                       at=now)  # fmt: skip
                erased.append(entry)
    pending = ledger.scrub_pending()
    if erased or pending:
        pending = scrub_database(engine, ledger)
    earliest = min((entry.erased_at for entry in erased), default=None)
    return ReErasure(len(erased), earliest, pending)


NOTHING_REERASED = ReErasure(0, None, False)
