"""Taking a copy for an outreach consultation ("Für Außentermin mitnehmen"): a new SQLite file with what goes along.

What travels: the schema, the reference data (municipalities, organisations, topics, rules, accounts), the course
catalogue with its free seats as of now, and the people of the chosen municipalities (or the listed people) with
everything that hangs off them. Nothing else personal: no audit trail, no other people. The copy is encrypted with
SQLCipher when a passphrase is given and carries a marker (which office, when taken, when it expires) that switches
on the operation journal.
"""

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from kim_desktop.db.base import Base
from kim_desktop.db.cipher import DatabaseKey, remember_key, require_cipher
from kim_desktop.db.engine import make_engine, sqlite_url
from kim_desktop.db.migrate import upgrade_database
from kim_desktop.db.models import Course, OutreachCopy, Person
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.errors import Conflict, FieldError, ValidationFailed
from kim_desktop.domain.seats import ProviderReport
from kim_desktop.domain.text import N_, Text
from kim_desktop.services import audit
from kim_desktop.services.course_seats import SeatTally, seat_tallies
from kim_desktop.services.outreach_dto import CopyInfo
from kim_desktop.services.outreach_journal import forget_engine

DEFAULT_DAYS = 14
# Never carried: the trail stays at the office, sign-in secrets are the office's, outreach records are per side.
_SKIPPED = frozenset(
    {
        "audit_events",
        "unknown_sign_ins",
        "installation_keys",
        "outreach_copy",
        "outreach_operations",
        "outreach_applied",
        "outreach_decisions",
        # The timetable's rides stay at the office (400,000 stop times in a county): the laptop's lookup needs
        # only the stored answers (timetable_reach), the stops and the feed's description.
        "timetable_routes",
        "timetable_services",
        "timetable_service_days",
        "timetable_trips",
        "timetable_stop_times",
        "timetable_transfers",
    }
)
_CHUNK = 500


@dataclass(frozen=True)
class CopyTaken:
    """A copy made: its marker and how many records of each kind went along."""

    copy: CopyInfo
    path: Path
    counts: dict[str, int]


def _rows(source: Connection, table: sa.Table, scope: tuple[sa.Column[Any], list[int]] | None) -> list[dict[str, Any]]:
    if scope is None:
        return [dict(r._mapping) for r in source.execute(sa.select(table))]
    column, ids = scope
    rows: list[dict[str, Any]] = []
    for start in range(0, len(ids), _CHUNK):
        part = ids[start : start + _CHUNK]
        rows.extend(dict(r._mapping) for r in source.execute(sa.select(table).where(column.in_(part))))
    return rows


def _scope(
    table: sa.Table, scoped: dict[str, list[int]], origins: list[int]
) -> tuple[sa.Column[Any], list[int]] | None:
    """The column that limits a table to the people going along, and its ids; None: the whole table goes."""
    if table.name == "people":
        return table.c.id, scoped["people"]
    if table.name == "timetable_reach":  # the answers from where the people going along live (a county has millions)
        return table.c.municipality_id, origins
    if "person_id" in table.c:
        return table.c.person_id, scoped["people"]
    for column in table.c:
        for fk in column.foreign_keys:
            if fk.column.table.name in scoped:
                return column, scoped[fk.column.table.name]
    return None


def _copy_rows(source: Connection, target: Connection, person_ids: list[int], origins: list[int]) -> dict[str, int]:
    scoped: dict[str, list[int]] = {"people": person_ids}
    counts: dict[str, int] = {}
    for table in Base.metadata.sorted_tables:
        if table.name in _SKIPPED:
            continue
        scope = _scope(table, scoped, origins)
        rows = _rows(source, table, scope)
        if scope is not None and "id" in table.c:
            scoped[table.name] = [r["id"] for r in rows]
        if rows:
            target.execute(sa.insert(table), rows)
        counts[table.name] = len(rows)
    return counts


def _report(course: Course) -> ProviderReport | None:
    if course.booked_reported is None or course.booked_reported_at is None:
        return None
    return ProviderReport(course.booked_reported, course.booked_reported_at, course.booked_reported_by or "")


def free_by_course(session: Session, today: date) -> dict[int, int]:
    """Every course's free seats as the course lookup counts them (inside an open transaction)."""
    tally = seat_tallies(session, None, today)
    return {
        c.id: tally.get(c.id, SeatTally()).seats(c.max_seats, _report(c)).free
        for c in session.scalars(sa.select(Course))
    }


def _match_free_seats(office: Session, target: Connection, today: date) -> None:
    """The copy's free seats equal the office's now: seats held by people not carried along lower the maximum."""
    here = free_by_course(office, today)
    with Session(bind=target) as laptop:
        there = free_by_course(laptop, today)
    for course in office.scalars(sa.select(Course)):
        if there.get(course.id, 0) > here[course.id]:
            lowered = course.max_seats - (there[course.id] - here[course.id])
            target.execute(sa.update(Course).where(Course.id == course.id).values(max_seats=lowered))


def take_outreach_copy(
    session: Session,
    target: Path,
    *,
    municipality_ids: Collection[int] = (),
    person_ids: Collection[int] = (),
    office: str,
    laptop: str,
    days: int = DEFAULT_DAYS,
    passphrase: str | None = None,
    actor: Actor | None = None,
    now: datetime | None = None,
) -> CopyTaken:
    """Write the copy to `target` (which must not exist yet) and record the export in the office's trail."""
    if actor is not None:
        require(actor, Action.EDIT_CASES)  # an advisor's own work goes out (not EXPORT: that is the admin's)
    if not municipality_ids and not person_ids:
        raise ValidationFailed([FieldError("municipality_ids", Text(N_("Bitte Gemeinden oder Personen wählen.")))])
    if days < 1:
        raise ValidationFailed([FieldError("days", Text(N_("Gültigkeit: mindestens 1 Tag.")))])
    if target.exists() and target.stat().st_size > 0:
        raise Conflict(Text(N_("Die Datei {path} gibt es schon; bitte erst abgleichen oder eine andere wählen."),
                            path=target.name))  # fmt: skip
    now = (now or datetime.now()).replace(microsecond=0)
    key = None
    if passphrase:
        require_cipher()
        key = DatabaseKey(passphrase)
    engine = make_engine(sqlite_url(target), key=key)
    if key is not None:
        remember_key(target, key)
    try:
        upgrade_database(engine, None)
        copy = CopyInfo(
            str(uuid.uuid4()), office, laptop, now, now + timedelta(days=days), tuple(sorted(municipality_ids))
        )
        with session.begin():
            chosen = sa.select(Person.id).where(
                sa.or_(Person.municipality_id.in_(list(municipality_ids)), Person.id.in_(list(person_ids)))
            )
            people = sorted(session.scalars(chosen))
            homes = sa.select(Person.municipality_id).where(Person.id.in_(list(person_ids))).distinct()
            origins = sorted({*municipality_ids, *(m for m in session.scalars(homes) if m is not None)})
            with engine.begin() as out:
                counts = _copy_rows(session.connection(), out, people, origins)
                _match_free_seats(session, out, now.date())
                out.execute(sa.insert(OutreachCopy).values(
                    copy_id=copy.copy_id, office=office, laptop=laptop, taken_at=now, expires_at=copy.expires_at,
                    taken_by_id=actor.advisor_id if actor else None,
                    municipality_ids=",".join(str(m) for m in copy.municipality_ids),
                ))  # fmt: skip
            if actor is not None:
                changes: audit.Changes = {"people": (None, len(people)), "laptop": (None, laptop)}
                audit.record(session, actor, audit.AuditAction.EXPORTED, "outreach_copy", None, None, changes, at=now)
    except BaseException:
        engine.dispose()
        target.unlink(missing_ok=True)
        raise
    _close(engine)
    return CopyTaken(copy, target, counts)


def _close(engine: Engine) -> None:
    forget_engine(engine)
    engine.dispose()


def copy_info(session: Session) -> CopyInfo | None:
    """The marker of this database if it is an outreach copy (the status line: "Außentermin – offline seit …")."""
    with session.begin():
        row = session.scalars(sa.select(OutreachCopy)).first()
        if row is None:
            return None
        ids = tuple(int(i) for i in row.municipality_ids.split(",") if i)
        return CopyInfo(row.copy_id, row.office, row.laptop, row.taken_at, row.expires_at, ids)
