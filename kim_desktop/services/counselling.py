"""Counselling sessions, a case's timeline and follow-ups (Wiedervorlagen): record, list, complete."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from kim_desktop.db.models import (
    Advisor,
    CounsellingSession,
    Course,
    FollowUp,
    Person,
    Referral,
    ReferralEvent,
    Topic,
)
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.course_labels import COURSE_TYPE_LABELS
from kim_desktop.domain.enums import Channel, ReferralState
from kim_desktop.domain.errors import FieldError, NotFound, ValidationFailed
from kim_desktop.domain.referral_flow import STATE_NAMES
from kim_desktop.domain.text import N_, Text, joined, verbatim
from kim_desktop.services import audit
from kim_desktop.services.outreach_holds import provisional_in
from kim_desktop.services.outreach_journal import journaled
from kim_desktop.services.people_dto import Choice, FollowUpRow, SessionInput, TimelineEntry
from kim_desktop.services.people_search import audit_search
from kim_desktop.services.person_validation import check_session
from kim_desktop.services.reference_data import topic_text

CHANNEL_LABELS: dict[Channel, Text] = {
    Channel.IN_PERSON: Text(N_("persönlich")),
    Channel.PHONE: Text(N_("Telefon")),
    Channel.VIDEO: Text(N_("Video")),
}
MAX_OUTCOME_LENGTH = 500


def list_topics(session: Session) -> list[Choice]:
    """The active counselling topics in their order."""
    with session.begin():
        rows = session.execute(
            sa.select(Topic.id, Topic.label).where(Topic.active.is_(True)).order_by(Topic.sort_order, Topic.id)
        )
        return [Choice(tid, label) for tid, label in rows]


def list_advisors(session: Session) -> list[Choice]:
    """The active advisor accounts, by name."""
    with session.begin():
        rows = session.execute(
            sa.select(Advisor.id, Advisor.display_name).where(Advisor.active.is_(True)).order_by(Advisor.display_name)
        )
        return [Choice(aid, name) for aid, name in rows]


@journaled("record_session")  # travels from an outreach copy (services/outreach_kinds.py)
def record_session(
    session: Session,
    data: SessionInput,
    *,
    actor_id: int | None = None,
    actor: Actor | None = None,
    now: datetime | None = None,
) -> int:
    """Store a counselling session held by the actor and, if a date is given, its follow-up. Returns the id."""
    if actor is not None:
        require(actor, Action.EDIT_CASES)
        actor_id = actor.advisor_id
    now = now or datetime.now()
    check_session(data, now)
    with session.begin():
        if session.get(Person, data.person_id) is None:
            raise NotFound(Text(N_("Die Person gibt es nicht (mehr).")))
        topics = list(session.scalars(sa.select(Topic).where(Topic.id.in_(data.topic_ids)))) if data.topic_ids else []
        if len(topics) != len(set(data.topic_ids)):
            raise ValidationFailed(
                [FieldError("topic_ids", Text(N_("Themen: ein gewähltes Thema gibt es nicht mehr.")))]
            )
        record = CounsellingSession(
            person_id=data.person_id,
            advisor_id=actor_id,
            held_at=data.held_at.replace(microsecond=0),
            channel=data.channel,
            interpreter_language=(data.interpreter_language or "").strip() or None,
            notes=data.notes,
            next_steps=data.next_steps,
            topics=topics,
        )
        session.add(record)
        session.flush()
        if data.follow_up_on is not None:
            session.add(
                FollowUp(
                    person_id=data.person_id,
                    session_id=record.id,
                    due_on=data.follow_up_on,
                    assigned_to_id=data.follow_up_assignee_id if data.follow_up_assignee_id is not None else actor_id,
                    note=data.follow_up_note or data.next_steps[:500],
                )
            )
        if actor is not None:
            # Notes and next steps are not copied into the trail (retention empties them; the trail would keep them).
            created = {
                "held_at": (None, record.held_at),
                "channel": (None, data.channel),
                "topics": (None, sorted(t.label for t in topics)),
                "notes": (None, f"{len(data.notes)} Zeichen"),
                "follow_up_on": (None, data.follow_up_on),
            }
            changes = {k: v for k, v in created.items() if v[1] not in (None, [], "")}
            audit.record(
                session, actor, audit.AuditAction.CASE_CHANGED, "counselling_session", record.id, data.person_id,
                changes, at=now,
            )  # fmt: skip
        return record.id


def list_timeline(session: Session, person_id: int, *, actor: Actor | None = None) -> list[TimelineEntry]:
    """Sessions, referral state changes and completed follow-ups of one person, newest first (a case read)."""
    if actor is not None:
        require(actor, Action.READ_CASES)
    with session.begin():
        if actor is not None:
            audit.record(session, actor, audit.AuditAction.CASE_READ, "person", person_id, person_id)
        return timeline_of(session, person_id)


def timeline_of(session: Session, person_id: int) -> list[TimelineEntry]:
    """The timeline inside an open transaction."""
    entries: list[TimelineEntry] = []
    advisor_names = {aid: name for aid, name in session.execute(sa.select(Advisor.id, Advisor.display_name))}
    sessions = session.scalars(sa.select(CounsellingSession).where(CounsellingSession.person_id == person_id))
    for record in sessions:
        topics = joined((topic_text(t.label) for t in sorted(record.topics, key=lambda t: t.sort_order)), ", ")
        title = Text(N_("Beratung ({channel})"), channel=CHANNEL_LABELS[record.channel])
        if record.interpreter_language:
            title = Text(N_("{title}, Dolmetschung: {language}"), title=title, language=record.interpreter_language)
        lines = [Text(N_("Themen: {topics}"), topics=topics)] if topics else []
        if record.notes:
            lines.append(verbatim(record.notes))
        if record.next_steps:
            lines.append(Text(N_("Nächste Schritte: {steps}"), steps=record.next_steps))
        advisor = advisor_names.get(record.advisor_id or 0)
        entries.append(TimelineEntry(record.held_at, "session", title, joined(lines, "\n"), advisor))
    events = session.execute(
        sa.select(ReferralEvent, Course.title, Course.course_type, Course.start_date)
        .join(Referral, Referral.id == ReferralEvent.referral_id)
        .join(Course, Course.id == Referral.course_id)
        .where(Referral.person_id == person_id)
    )
    provisional = provisional_in(session)  # on an outreach copy: holds taken offline, not yet confirmed
    for event, course_title, course_type, start in events:
        # A referral starts as a proposal or straight away with a reserved seat: say which.
        heading = (
            Text(N_("Vermittlung vorgeschlagen"))
            if event.from_state is None and event.to_state == ReferralState.PROPOSED
            else Text(N_("Vermittlung: {state}"), state=STATE_NAMES[event.to_state])
        )
        if event.to_state == ReferralState.RESERVED and event.referral_id in provisional:
            heading = Text(N_("{heading} – vorläufig (Außentermin)"), heading=heading)
        course = course_title or COURSE_TYPE_LABELS[course_type]
        parts = [Text(N_("Kurs: {course}, Beginn {start:%d.%m.%Y}"), course=course, start=start)]
        if event.reason:
            parts.append(verbatim(event.reason))
        entries.append(
            TimelineEntry(event.at, "referral_event", heading, joined(parts, "\n"), advisor_names.get(event.by_id or 0))
        )
    done = session.scalars(sa.select(FollowUp).where(FollowUp.person_id == person_id, FollowUp.done_at.is_not(None)))
    for follow_up in done:
        assert follow_up.done_at is not None
        parts = [Text(N_("Fällig war: {due:%d.%m.%Y}"), due=follow_up.due_on)]
        if follow_up.outcome:
            parts.append(Text(N_("Ergebnis: {outcome}"), outcome=follow_up.outcome))
        entries.append(
            TimelineEntry(
                follow_up.done_at, "follow_up_done", Text(N_("Wiedervorlage erledigt")), joined(parts, "\n"),
                advisor_names.get(follow_up.done_by_id or 0),
            )
        )  # fmt: skip
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


def _follow_up_rows(session: Session, stmt: sa.Select[FollowUp], today: date) -> list[FollowUpRow]:
    assignee = aliased(Advisor)
    query = (
        stmt.add_columns(Person.family_name, Person.given_names, Person.birth_date, assignee.display_name)
        .join(Person, Person.id == FollowUp.person_id)
        .outerjoin(assignee, assignee.id == FollowUp.assigned_to_id)
        .order_by(FollowUp.due_on, Person.search_key, FollowUp.id)
    )
    rows = []
    for follow_up, family, given, born, assignee_name in session.execute(query):
        name = f"{family}, {given}" if given else family
        rows.append(
            FollowUpRow(
                id=follow_up.id,
                person_id=follow_up.person_id,
                person_name=name,
                birth_date=born,
                due_on=follow_up.due_on,
                days_overdue=max(0, (today - follow_up.due_on).days),
                assigned_to_id=follow_up.assigned_to_id,
                assigned_to_name=assignee_name,
                note=follow_up.note,
            )
        )
    return rows


def list_due_follow_ups(
    session: Session, today: date, advisor_id: int | None = None, limit: int = 500, *, actor: Actor | None = None
) -> list[FollowUpRow]:
    """Open follow-ups due today or overdue; of one advisor (and unassigned ones), or of the whole office.

    With an actor: checked (reading case files) and recorded like a search (which list, how many people).
    """
    if actor is not None:
        require(actor, Action.READ_CASES)
    stmt = sa.select(FollowUp).where(FollowUp.done_at.is_(None), FollowUp.due_on <= today)
    if advisor_id is not None:
        stmt = stmt.where(sa.or_(FollowUp.assigned_to_id == advisor_id, FollowUp.assigned_to_id.is_(None)))
    with session.begin():
        rows = _follow_up_rows(session, stmt.limit(limit), today)
        audit_search(session, actor, "follow_up_list", "mine" if advisor_id is not None else "all", len(rows))
        return rows


def open_follow_ups_of(session: Session, person_id: int, today: date) -> list[FollowUpRow]:
    """All open follow-ups of one person (inside an open transaction)."""
    stmt = sa.select(FollowUp).where(FollowUp.done_at.is_(None), FollowUp.person_id == person_id)
    return _follow_up_rows(session, stmt, today)


@journaled("complete_follow_up")  # travels from an outreach copy (services/outreach_kinds.py)
def complete_follow_up(
    session: Session,
    follow_up_id: int,
    outcome: str,
    *,
    actor_id: int | None = None,
    actor: Actor | None = None,
    now: datetime | None = None,
) -> None:
    """Mark a follow-up done with a short outcome (required)."""
    if actor is not None:
        require(actor, Action.EDIT_CASES)
        actor_id = actor.advisor_id
    outcome = outcome.strip()
    if not outcome:
        raise ValidationFailed(
            [FieldError("outcome", Text(N_("Ergebnis: bitte kurz festhalten, was erledigt wurde.")))]
        )
    if len(outcome) > MAX_OUTCOME_LENGTH:
        raise ValidationFailed(
            [FieldError("outcome", Text(N_("Ergebnis: höchstens {limit} Zeichen."), limit=MAX_OUTCOME_LENGTH))]
        )
    with session.begin():
        follow_up = session.get(FollowUp, follow_up_id)
        if follow_up is None:
            raise NotFound(Text(N_("Die Wiedervorlage gibt es nicht (mehr).")))
        if follow_up.done_at is not None:
            raise ValidationFailed([FieldError("outcome", Text(N_("Diese Wiedervorlage ist bereits erledigt.")))])
        follow_up.done_at = (now or datetime.now()).replace(microsecond=0)
        follow_up.done_by_id = actor_id
        follow_up.outcome = outcome
        if actor is not None:
            done = {"done_at": (None, follow_up.done_at), "outcome": (None, outcome)}
            audit.record(
                session, actor, audit.AuditAction.CASE_CHANGED, "follow_up", follow_up.id, follow_up.person_id, done,
                at=now,
            )  # fmt: skip
