"""Abgleichen: the laptop's journal goes up, the office's outcome comes back; then the copy goes or is refreshed."""

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.cipher import forget_key
from kim_desktop.db.models import OutreachOperation
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.errors import Conflict
from kim_desktop.domain.text import N_, Text, joined
from kim_desktop.services.encryption import shred
from kim_desktop.services.outreach_copy import copy_info
from kim_desktop.services.outreach_dto import KIND_WORDS, CopyInfo, SyncReport, TravellingOperation
from kim_desktop.services.outreach_replay import apply_operations


@dataclass(frozen=True)
class Outgoing:
    """What goes up: the copy's marker and the operations the office has not confirmed yet (journal order)."""

    copy: CopyInfo
    operations: tuple[TravellingOperation, ...]

    def describe(self) -> Text:
        """What will go up, in words ("Ins Büro gehen: 12 Beratungen, 3 neue Personen")."""
        if not self.operations:
            return Text(N_("Nichts zu übertragen: alle Vorgänge sind im Büro angekommen."))
        counts = Counter(o.kind for o in self.operations)
        items = joined((Text(KIND_WORDS[k][0 if n == 1 else 1], n=n) for k, n in sorted(counts.items())), ", ")
        return Text(N_("Ins Büro gehen: {items}"), items=items)


def outgoing(session: Session) -> Outgoing:
    """The laptop's unconfirmed journal; Conflict if this database is no outreach copy."""
    copy = copy_info(session)
    if copy is None:
        raise Conflict(Text(N_("Diese Datenbank ist keine Außentermin-Kopie.")))
    with session.begin():
        rows = session.scalars(
            sa.select(OutreachOperation).where(OutreachOperation.confirmed_at.is_(None)).order_by(OutreachOperation.seq)
        )
        ops = tuple(
            TravellingOperation(
                r.id, r.seq, r.kind, json.loads(r.params), json.loads(r.created), r.advisor_id, r.actor, r.at, r.laptop
            )
            for r in rows
        )
    return Outgoing(copy, ops)


def confirm(session: Session, operation_ids: Iterable[str], now: datetime | None = None) -> int:
    """Mark the operations the office settled; returns how many are still open on the laptop."""
    ids = list(operation_ids)
    with session.begin():
        if ids:
            session.execute(
                sa.update(OutreachOperation)
                .where(OutreachOperation.id.in_(ids), OutreachOperation.confirmed_at.is_(None))
                .values(confirmed_at=(now or datetime.now()).replace(microsecond=0))
            )
        open_count = session.scalar(
            sa.select(sa.func.count()).select_from(OutreachOperation).where(OutreachOperation.confirmed_at.is_(None))
        )
        return int(open_count or 0)


def sync_with_office(
    laptop: Session, office: Session, *, actor: Actor | None = None, today: date | None = None,
    decided: frozenset[str] = frozenset(), merged: dict[str, int] | None = None,
) -> SyncReport:  # fmt: skip
    """Apply the laptop's journal at the office and confirm on the laptop what the office settled.

    Safe to repeat and to resume after an interruption: the office skips what it already applied.
    """
    if actor is not None:
        require(actor, Action.EDIT_CASES)
    going = outgoing(laptop)
    report = apply_operations(office, going.copy, going.operations, today=today, actor=actor, decided=decided,
                              merged=merged)  # fmt: skip
    confirm(laptop, report.settled_ids())
    return report


def discard_copy(path: Path, still_open: int) -> None:
    """Remove the copy from the laptop (overwritten, then deleted) once nothing of it waits for the office."""
    if still_open:
        raise Conflict(
            Text(N_("{n} Vorgänge sind noch nicht im Büro angekommen; die Kopie bleibt auf dem Laptop."), n=still_open)
        )
    for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if part.exists():
            shred(part)
    forget_key(path)


@contextmanager
def office_session(office_url: str) -> Iterator[Session]:
    """A session on the office's database by its URL (the laptop's window runs on the copy)."""
    from kim_desktop.services.database import open_database

    office = open_database(office_url, None)
    try:
        with office.sessions() as session:
            yield session
    finally:
        office.close()


def sync_with_server(
    laptop: Session, office_url: str, *, actor: Actor | None = None, today: date | None = None,
    decided: frozenset[str] = frozenset(), merged: dict[str, int] | None = None,
) -> SyncReport:  # fmt: skip
    """The desk's sync: open the office's database by its URL (the laptop's window runs on the copy) and apply."""
    if actor is not None:
        require(actor, Action.EDIT_CASES)
    with office_session(office_url) as office:
        return sync_with_office(laptop, office, actor=actor, today=today, decided=decided, merged=merged)
