"""Retention review: which records are due for erasure under the rules table, and erasing or anonymising them."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import AuditEvent, CounsellingSession, FollowUp, Person
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.retention import RULE_KEY, RetentionKind, cutoff, due_on
from kim_desktop.domain.rules_table import Rules
from kim_desktop.services.audit import AuditAction, record
from kim_desktop.services.erasure import ErasureNotes, erase_person_data, scrub_after_erasure, secure_delete_on
from kim_desktop.services.rules import load_rules


@dataclass(frozen=True)
class DueRecord:
    """One record due for erasure: its kind, the row (person id, or audit entry id), since when it is due."""

    kind: RetentionKind
    record_id: int
    person_id: int | None
    due_since: date
    label: str  # what the administrator confirms: the person's name, or the kind of audit entries


@dataclass(frozen=True)
class RetentionResult:
    """How many records of each kind were erased or anonymised."""

    counts: dict[RetentionKind, int]
    scrub_pending: bool = False


def _name(family: str, given: str) -> str:
    return f"{family}, {given}" if given else family


def _due_people(session: Session, today: date, months: int) -> list[DueRecord]:
    stmt = (
        sa.select(Person.id, Person.family_name, Person.given_names, Person.counselling_ended_on)
        .where(Person.counselling_ended_on < cutoff(today, months))
        .order_by(Person.counselling_ended_on, Person.id)
    )
    return [
        DueRecord(RetentionKind.PERSON, pid, pid, due_on(ended, months), _name(family, given))
        for pid, family, given, ended in session.execute(stmt)
        if ended is not None
    ]


def _due_notes(session: Session, today: date, months: int, skip: set[int]) -> list[DueRecord]:
    """People whose last contact is older than the period and who still have notes (counted per person)."""
    last = sa.func.max(CounsellingSession.held_at)
    has_text = sa.or_(CounsellingSession.notes != "", CounsellingSession.next_steps != "")
    with_text = sa.select(CounsellingSession.person_id).where(has_text)
    stmt = (
        sa.select(Person.id, Person.family_name, Person.given_names, last)
        .join(CounsellingSession, CounsellingSession.person_id == Person.id)
        .where(Person.id.in_(with_text))
        .group_by(Person.id, Person.family_name, Person.given_names)
        .having(last < datetime.combine(cutoff(today, months), time()))
        .order_by(last, Person.id)
    )
    return [
        DueRecord(RetentionKind.COUNSELLING_NOTES, pid, pid, due_on(held.date(), months), _name(family, given))
        for pid, family, given, held in session.execute(stmt)
        if pid not in skip
    ]


def _due_placement_tests(session: Session, today: date, months: int, skip: set[int]) -> list[DueRecord]:
    stmt = (
        sa.select(Person.id, Person.family_name, Person.given_names, Person.placement_test_date)
        .where(Person.placement_test_date < cutoff(today, months))
        .order_by(Person.placement_test_date, Person.id)
    )
    return [
        DueRecord(RetentionKind.PLACEMENT_TEST, pid, pid, due_on(tested, months), _name(family, given))
        for pid, family, given, tested in session.execute(stmt)
        if pid not in skip and tested is not None
    ]


def _due_audit(session: Session, today: date, months: int) -> list[DueRecord]:
    limit = datetime.combine(cutoff(today, months), time())
    stmt = (
        sa.select(AuditEvent.id, AuditEvent.at, AuditEvent.action).where(AuditEvent.at < limit).order_by(AuditEvent.id)
    )
    return [
        DueRecord(RetentionKind.AUDIT, eid, None, due_on(at.date(), months), f"Protokolleintrag ({action})")
        for eid, at, action in session.execute(stmt)
    ]


def _due(session: Session, today: date, rules: Rules) -> list[DueRecord]:
    months = {kind: rules.int(key) for kind, key in RULE_KEY.items()}
    people = _due_people(session, today, months[RetentionKind.PERSON])
    whole = {d.record_id for d in people}  # their notes and tests go with them
    return [
        *people,
        *_due_notes(session, today, months[RetentionKind.COUNSELLING_NOTES], whole),
        *_due_placement_tests(session, today, months[RetentionKind.PLACEMENT_TEST], whole),
        *_due_audit(session, today, months[RetentionKind.AUDIT]),
    ]


def records_due_for_erasure(session: Session, actor: Actor | None, today: date, rules: Rules) -> list[DueRecord]:
    """The monthly review list: every record whose retention period has run out by today."""
    require(actor, Action.ERASE)
    with session.begin():
        return _due(session, today, rules)


def _clear_notes(session: Session, person_id: int) -> None:
    session.execute(
        sa.update(CounsellingSession).where(CounsellingSession.person_id == person_id).values(notes="", next_steps="")
    )
    session.execute(
        sa.update(FollowUp)
        .where(FollowUp.person_id == person_id, FollowUp.done_at.is_not(None))
        .values(note="", outcome=None)
    )


def _clear_placement_test(session: Session, person_id: int) -> None:
    person = session.get(Person, person_id)
    if person is not None:  # through the ORM, so the row's version moves on for the multi-desk lock
        person.placement_test_date = None
        person.placement_test_result = None
        session.flush()


def apply_retention(
    session: Session, actor: Actor | None, due: list[DueRecord], today: date, rules: Rules, now: datetime
) -> RetentionResult:
    """Erase or anonymise the confirmed records that are still due today (a stale list cannot erase more)."""
    admin = require(actor, Action.ERASE)
    counts: Counter[RetentionKind] = Counter()
    notes = ErasureNotes(session)  # erased people go into the ledger, so a restore cannot bring them back
    try:
        with session.begin():
            secure_delete_on(session)
            still_due = {(d.kind, d.record_id) for d in _due(session, today, rules)}
            confirmed = [d for d in due if (d.kind, d.record_id) in still_due]
            for item in confirmed:
                if item.kind == RetentionKind.PERSON:
                    notes.note(item.record_id, now, "retention")
                    erase_person_data(session, item.record_id)
                    record(session, admin, AuditAction.PERSON_ERASED, "person", item.record_id, item.record_id,
                           {"reason": (None, "retention")}, at=now)  # fmt: skip
                elif item.kind == RetentionKind.COUNSELLING_NOTES:
                    _clear_notes(session, item.record_id)
                elif item.kind == RetentionKind.PLACEMENT_TEST:
                    _clear_placement_test(session, item.record_id)
                counts[item.kind] += 1
            audit_ids = [d.record_id for d in confirmed if d.kind == RetentionKind.AUDIT]
            if audit_ids:
                session.execute(sa.delete(AuditEvent).where(AuditEvent.id.in_(audit_ids)))
            summary = {kind.value: (None, counts[kind]) for kind in RetentionKind if counts[kind]}
            record(session, admin, AuditAction.RETENTION_APPLIED, "retention", None, changes=summary, at=now)
    except BaseException:
        notes.undo()
        raise
    return RetentionResult(dict(counts), scrub_after_erasure(session))


def due_under_current_rules(session: Session, actor: Actor | None, today: date) -> list[DueRecord]:
    """The review list with the periods the rules table holds now (read in a transaction of its own)."""
    require(actor, Action.ERASE)  # refused before anything is read
    with session.begin():
        rules = load_rules(session)
    return records_due_for_erasure(session, actor, today, rules)


def apply_under_current_rules(
    session: Session, actor: Actor | None, due: list[DueRecord], today: date, now: datetime
) -> RetentionResult:
    """apply_retention with the periods the rules table holds now."""
    require(actor, Action.ERASE)  # refused before anything is read
    with session.begin():
        rules = load_rules(session)
    return apply_retention(session, actor, due, today, rules, now)
