"""The operation journal: a use case done on an outreach copy is recorded in the same transaction as its change.

A journaled service function is marked with `@journaled("kind")`. On an ordinary database the mark does nothing.
On an outreach copy (a database with an `outreach_copy` row) the call's inputs are encoded by the kind's entry
in `outreach_kinds.KINDS` and a `before_commit` hook on the session adds the `outreach_operations` row to the
transaction the use case commits, so the journal has an operation exactly when the change happened. The same
hook mechanism (`recording_into`) writes the office's "operation <id> applied" row on replay.
"""

import functools
import inspect
import json
import uuid
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, ParamSpec, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from kim_desktop.db.base import Base
from kim_desktop.db.models import (
    Consent,
    CounsellingSession,
    FollowUp,
    OutreachCopy,
    OutreachOperation,
    Permission,
    Person,
    Referral,
    WaitingListEntry,
)
from kim_desktop.domain.errors import Conflict
from kim_desktop.domain.text import N_, Text

P = ParamSpec("P")
R = TypeVar("R")
# The records a later operation may refer to by id: their ids made offline are mapped to the office's on replay.
TRACKED: dict[type[Base], str] = {
    Consent: "consents",
    Person: "people",
    Permission: "permissions",
    CounsellingSession: "counselling_sessions",
    FollowUp: "follow_ups",
    Referral: "referrals",
    WaitingListEntry: "waiting_list",
}
_ACTIVE = "outreach_recording"
# Per engine: None on an ordinary database, else when the copy expires (the marker is written once, at taking).
_expiry: "weakref.WeakKeyDictionary[Engine, datetime | None]" = weakref.WeakKeyDictionary()


def copy_expiry(session: Session) -> datetime | None:
    """When the session's outreach copy expires; None if the database is no outreach copy (asked once per engine)."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    if engine not in _expiry:
        with engine.connect() as conn:
            try:
                _expiry[engine] = conn.execute(sa.select(OutreachCopy.expires_at).limit(1)).scalar()
            except sa.exc.DBAPIError:
                _expiry[engine] = None
    return _expiry[engine]


def is_outreach_copy(session: Session) -> bool:
    """Whether the session's database is a laptop's outreach copy."""
    return copy_expiry(session) is not None


def forget_engine(engine: Engine) -> None:
    """Ask again next time (after the copy marker was written or removed through another engine)."""
    _expiry.pop(engine, None)


def wall_clock() -> datetime:
    """The computer's time, for use cases that take no clock of their own (a test replaces it)."""
    return datetime.now()


def _clock(arguments: dict[str, Any]) -> datetime:
    """The call's own clock: its `now`, else the start of its `today`, else the computer's time."""
    now, today = arguments.get("now"), arguments.get("today")
    if isinstance(now, datetime):
        return now
    if isinstance(today, date):
        return datetime.combine(today, time.min)
    return wall_clock()


def refuse_if_expired(expires: datetime, at: datetime) -> None:
    """An expired copy takes no new work: only its pending operations go home (Abgleichen) and it is deleted."""
    if at >= expires:
        raise Conflict(
            Text(N_("Die Außentermin-Kopie ist am {day:%d.%m.%Y} abgelaufen: neue Vorgänge sind nicht mehr möglich. "
                    "Bitte abgleichen und die Kopie danach löschen."), day=expires)
        )  # fmt: skip


@dataclass
class Recording:
    """One use case being recorded: the ids of tracked records it created, filled by the session hooks."""

    created: dict[str, list[int]] = field(default_factory=dict)
    written: bool = False
    finished: bool = False  # the hooks are gone (after the caller's transaction ended)
    flushed: bool = False  # the use case wrote something (a transaction that only read is not the use case's)
    outcome: str = "applied"  # at the office: applied, waitlisted, moved, conflict (set by the replay function)
    message: str = ""  # at the office: what the advisor must know, in words
    # at the office: fields both sides changed, kept open for the advisor (person id, field, office and laptop JSON)
    decisions: list[tuple[int, str, str, str]] = field(default_factory=list)

    def created_json(self) -> str:
        """The created ids as the journal stores them."""
        return json.dumps(self.created, sort_keys=True)


@contextmanager
def recording_into(session: Session, write: Callable[[Session, Recording], None]) -> Iterator[Recording]:
    """Run a use case with hooks: created tracked ids are collected; `write` adds its row before the first commit."""
    rec = Recording()

    def after_flush(flushed: Session, _context: Any) -> None:
        rec.flushed = True
        for obj in flushed.new:
            table = TRACKED.get(type(obj))
            if table is not None:
                rec.created.setdefault(table, []).append(obj.id)

    def before_commit(committing: Session) -> None:
        if rec.written or committing.in_nested_transaction():
            return
        committing.flush()  # every created id is known before the row that lists them
        if not rec.flushed:
            return  # a transaction that only read (a replay looks before it writes): not the use case's
        write(committing, rec)
        rec.written = True

    def stop() -> None:
        event.remove(session, "after_flush", after_flush)
        event.remove(session, "before_commit", before_commit)

    def transaction_ended(_session: Session, transaction: Any) -> None:
        if transaction.parent is None and not rec.finished:
            rec.finished = True  # this listener stays (removing it while it is called is not allowed), idle
            stop()

    previous = session.info.get(_ACTIVE)
    inside_callers_transaction = session.in_transaction()  # a helper (record_issued): the caller commits later
    session.info[_ACTIVE] = rec
    event.listen(session, "after_flush", after_flush)
    event.listen(session, "before_commit", before_commit)
    try:
        yield rec
    except BaseException:
        stop()
        raise
    else:
        if inside_callers_transaction and not rec.written:
            event.listen(session, "after_transaction_end", transaction_ended)
        else:
            stop()
    finally:
        session.info[_ACTIVE] = previous


@dataclass(frozen=True)
class JournalEntry:
    """What the journal needs of a call besides its encoded inputs."""

    kind: str
    params: dict[str, Any]
    advisor_id: int | None
    actor: str
    at: datetime


def _write_operation(entry: JournalEntry, operation_id: str) -> Callable[[Session, Recording], None]:
    def write(session: Session, rec: Recording) -> None:
        copy = session.scalars(sa.select(OutreachCopy)).one()
        seq = session.scalar(sa.select(sa.func.coalesce(sa.func.max(OutreachOperation.seq), 0))) or 0
        session.add(
            OutreachOperation(
                id=operation_id, seq=seq + 1, kind=entry.kind, params=json.dumps(entry.params, sort_keys=True),
                created=rec.created_json(), advisor_id=entry.advisor_id, actor=entry.actor, at=entry.at,
                laptop=copy.laptop,
            )
        )  # fmt: skip

    return write


def journaled(kind: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Mark a service function as a use case that travels: on an outreach copy each call is journaled."""

    def wrap(function: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(function)

        @functools.wraps(function)
        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            bound = signature.bind(*args, **kwargs)
            session = bound.arguments["session"]
            if not isinstance(session, Session) or session.info.get(_ACTIVE) is not None:
                return function(*args, **kwargs)
            expires = copy_expiry(session)
            if expires is None:
                return function(*args, **kwargs)
            from kim_desktop.services import outreach_kinds  # the kinds import the services that import this

            bound.apply_defaults()
            arguments = dict(bound.arguments)
            refuse_if_expired(expires, _clock(arguments))
            entry = outreach_kinds.KINDS[kind].journal(kind, session, arguments)

            with recording_into(session, _write_operation(entry, str(uuid.uuid4()))):
                return function(*args, **kwargs)

        return call

    return wrap
