"""Referrals: propose, reserve a seat (safe against two desks taking the last one), move through states, list."""

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from kim_desktop.db.models import Advisor, Course, Organisation, Permission, Person, Referral, ReferralEvent
from kim_desktop.db.network_mode import in_network
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.course_labels import course_type_label
from kim_desktop.domain.enums import CourseStatus, CourseType, ReferralState
from kim_desktop.domain.errors import Conflict, FieldError, NotFound, ValidationFailed
from kim_desktop.domain.referral_flow import SEAT_TAKING_STATES, check_transition, needs_reason
from kim_desktop.domain.seats import (
    ACTIVE_STATES,
    BOOKED_STATES,
    ProviderReport,
    holds_seat,
)
from kim_desktop.domain.seats import hold_until as hold_end
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.audit import AuditAction, check_if_signed_in, record
from kim_desktop.services.course_seats import SeatTally, seat_tallies
from kim_desktop.services.outreach_holds import provisional_counts_in, provisional_in
from kim_desktop.services.outreach_journal import is_outreach_copy, journaled
from kim_desktop.services.people_search import audit_search
from kim_desktop.services.referral_dto import (
    ReferralDetails,
    ReferralEventRow,
    ReferralFilter,
    ReferralRow,
    ReservationPreview,
    ReservationResult,
)
from kim_desktop.services.rules import load_rules

R = ReferralState
LAST_SEAT_TAKEN = Text(
    N_(
        "Der letzte Platz wurde gerade vergeben: Der Kurs hat keinen freien Platz mehr. "
        "Bitte die Kurssuche aktualisieren und einen anderen Kurs wählen."
    )
)
_CLOSED_COURSE = (CourseStatus.FINISHED, CourseStatus.CANCELLED)
_NOT_YET_REGISTERED = (R.PROPOSED, R.RESERVED, R.HOLD_EXPIRED)
_REFERRAL_COURSE = "(SELECT course_id FROM referrals WHERE id = :rid)"


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _lock_course(session: Session, course_id: int | None = None, referral_id: int | None = None) -> None:
    """Serialise writers on one course; must be the first statement of the transaction.

    PostgreSQL locks the course row (SELECT ... FOR UPDATE). SQLite has one writer at a time: an UPDATE that
    changes nothing takes the database's write lock now, so a second desk waits (busy_timeout) and then counts
    the seats the first one took. In WAL mode a transaction that read first and wrote later could not wait.
    """
    target = sa.select(Referral.course_id).where(Referral.id == referral_id).scalar_subquery()
    wanted = Course.id == (course_id if course_id is not None else target)
    if in_network(session):  # another partner's course: locked by the definer function, not by our own rights
        sql = "SELECT public.kim_lock_course(" + (":cid" if course_id is not None else _REFERRAL_COURSE) + ")"
        found = bool(session.execute(sa.text(sql), {"cid": course_id, "rid": referral_id}).scalar())
    elif session.get_bind().dialect.name == "postgresql":
        found = session.execute(sa.select(Course.id).where(wanted).with_for_update()).first() is not None
    else:
        # A Core update would fill updated_at (onupdate); plain SQL leaves every column as it was.
        sql = "UPDATE courses SET max_seats = max_seats WHERE id = "
        sql += ":cid" if course_id is not None else "(SELECT course_id FROM referrals WHERE id = :rid)"
        result = session.execute(sa.text(sql), {"cid": course_id, "rid": referral_id})
        found = bool(getattr(result, "rowcount", 0))
    if not found:
        if course_id is not None:
            raise NotFound(Text(N_("Kurs {course_id} gibt es nicht (mehr)."), course_id=course_id))
        raise NotFound(Text(N_("Vermittlung {referral_id} gibt es nicht (mehr)."), referral_id=referral_id))


def free_seats(session: Session, course: Course, today: date) -> int:
    """Free seats of a course today, counting the provider's reported figure by the rule of domain/seats.py."""
    tally = seat_tallies(session, [course.id], today).get(course.id, SeatTally())
    report = None
    if course.booked_reported is not None and course.booked_reported_at is not None:
        report = ProviderReport(course.booked_reported, course.booked_reported_at, course.booked_reported_by or "")
    return tally.seats(course.max_seats, report).free


def _open_course(session: Session, course_id: int) -> Course:
    course = session.get(Course, course_id)
    if course is None:
        raise NotFound(Text(N_("Kurs {course_id} gibt es nicht (mehr)."), course_id=course_id))
    if course.status in _CLOSED_COURSE:
        raise Conflict(Text(N_("Der Kurs ist beendet oder abgesagt; dorthin kann nicht mehr vermittelt werden.")))
    return course


def _record(referral: Referral, to_state: ReferralState, actor_id: int | None, reason: str, at: datetime) -> None:
    referral.events.append(
        ReferralEvent(from_state=referral.state, to_state=to_state, by_id=actor_id, reason=reason[:500], at=at)
    )
    referral.state = to_state


def _person(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(Text(N_("Person {person_id} gibt es nicht (mehr)."), person_id=person_id))
    return person


def _open_referral_of(session: Session, person_id: int, course_id: int) -> Referral | None:
    states = (*ACTIVE_STATES, R.HOLD_EXPIRED)
    stmt = sa.select(Referral).where(
        Referral.person_id == person_id, Referral.course_id == course_id, Referral.state.in_(states)
    )
    return session.scalars(stmt.order_by(Referral.id.desc())).first()


def _referring(actor: Actor | None, actor_id: int | None) -> int | None:
    """Refuse a role without REFER; the account id to store (the actor's, else the bare id of scripts)."""
    if actor is None:
        return actor_id
    return require(actor, Action.REFER).advisor_id


def _audit_state(session: Session, actor: Actor | None, referral: Referral, old: ReferralState | None,
                 at: datetime, reason: str = "") -> None:  # fmt: skip
    if actor is None:
        return
    changes: dict[str, tuple[object, object]] = {"state": (old, referral.state)}
    if old is None:
        changes["course_id"] = (None, referral.course_id)
    if reason:
        changes["reason"] = (None, reason)
    action = AuditAction.CASE_CREATED if old is None else AuditAction.CASE_CHANGED
    record(session, actor, action, "referral", referral.id, referral.person_id, changes, at=at)


@journaled("propose_referral")  # travels from an outreach copy (services/outreach_status_kinds.py)
def propose_referral(
    session: Session,
    person_id: int,
    course_id: int,
    *,
    actor_id: int | None = None,
    actor: Actor | None = None,
    now: datetime | None = None,
) -> int:
    """Propose a course to a person (no seat taken yet); returns the referral id."""
    actor_id = _referring(actor, actor_id)
    with session.begin():
        course = _open_course(session, course_id)
        person = _person(session, person_id)
        if _open_referral_of(session, person_id, course_id) is not None:
            raise Conflict(Text(N_("Die Person ist für diesen Kurs bereits vorgemerkt.")))
        at = now or _now()
        referral = _new_referral(session, person, course, R.PROPOSED, actor_id, at)
        session.flush()
        _audit_state(session, actor, referral, None, at)
        return referral.id


def _new_referral(
    session: Session, person: Person, course: Course, state: ReferralState, actor_id: int | None, at: datetime
) -> Referral:
    """A new referral in its first state, with the event that records how it began."""
    referral = Referral(
        person_id=person.id,
        course_id=course.id,
        advisor_id=actor_id,
        state=state,
        entry_module=person.recommended_module or course.current_module,
        created_at=at,
    )
    referral.events.append(ReferralEvent(from_state=None, to_state=state, by_id=actor_id, at=at))
    session.add(referral)
    return referral


@journaled("reserve_seat")  # travels from an outreach copy (services/outreach_kinds.py)
def reserve_seat(
    session: Session,
    person_id: int,
    course_id: int,
    *,
    actor_id: int | None = None,
    actor: Actor | None = None,
    today: date,
    now: datetime | None = None,
) -> ReservationResult:
    """Reserve a seat for a person in one transaction; Conflict if somebody took the last seat first."""
    actor_id = _referring(actor, actor_id)
    at = now or _now()
    with session.begin():
        _lock_course(session, course_id=course_id)
        course = _open_course(session, course_id)
        person = _person(session, person_id)
        referral = _open_referral_of(session, person_id, course_id)
        if referral is not None and holds_seat(referral.state, referral.hold_until, today):
            raise Conflict(Text(N_("Die Person hat in diesem Kurs bereits einen Platz (reserviert oder angemeldet).")))
        if referral is not None and referral.state == R.RESERVED:
            _record(referral, R.HOLD_EXPIRED, None, "", at)  # the old hold lapsed unnoticed; say so first
        free = free_seats(session, course, today)
        if free <= 0:
            raise Conflict(LAST_SEAT_TAKEN)
        until = hold_end(today, load_rules(session))
        old_state = referral.state if referral is not None else None
        if referral is None:
            referral = _new_referral(session, person, course, R.RESERVED, actor_id, at)
        else:
            check_transition(referral.state, R.RESERVED)
            _record(referral, R.RESERVED, actor_id, "", at)
            referral.advisor_id = referral.advisor_id or actor_id
        referral.hold_until = until
        session.flush()
        _audit_state(session, actor, referral, old_state, at)
        return ReservationResult(referral.id, until, free - 1)


@journaled("transition_referral")  # travels from an outreach copy (services/outreach_status_kinds.py)
def transition_referral(
    session: Session,
    referral_id: int,
    to_state: ReferralState,
    *,
    actor_id: int | None = None,
    actor: Actor | None = None,
    reason: str = "",
    today: date,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> None:
    """Move a referral to another state, recording who, when and why; the seat count follows the state."""
    actor_id = _referring(actor, actor_id)
    reason = reason.strip()
    if needs_reason(to_state) and not reason:
        raise ValidationFailed([FieldError("reason", Text(N_("Bitte einen Grund angeben.")))])
    at = now or _now()
    with session.begin():
        _lock_course(session, referral_id=referral_id)
        referral = session.get(Referral, referral_id)
        if referral is None:
            raise NotFound(Text(N_("Vermittlung {referral_id} gibt es nicht (mehr)."), referral_id=referral_id))
        if expected_version is not None and referral.version != expected_version:
            raise Conflict(
                Text(N_("Die Vermittlung wurde inzwischen an einem anderen Platz geändert. Bitte neu laden."))
            )
        check_transition(referral.state, to_state)
        if to_state in SEAT_TAKING_STATES and not holds_seat(referral.state, referral.hold_until, today):
            course = _open_course(session, referral.course_id)
            if free_seats(session, course, today) <= 0:
                raise Conflict(LAST_SEAT_TAKEN)
        old_state = referral.state
        _record(referral, to_state, actor_id, reason, at)
        _audit_state(session, actor, referral, old_state, at, reason)
        if to_state == R.RESERVED:
            referral.hold_until = hold_end(today, load_rules(session))
        elif to_state == R.REGISTERED:
            referral.registered_on = today
            _note_registration(session, referral.person_id, today)
        elif to_state == R.STARTED:
            referral.started_on = today


def _note_registration(session: Session, person_id: int, today: date) -> None:
    """The obliging authority wants proof of registration: note the day on the newest permission."""
    permission = session.scalars(
        sa.select(Permission).where(Permission.person_id == person_id).order_by(Permission.id.desc())
    ).first()
    if permission is not None and permission.registered_with_provider_on is None:
        permission.registered_with_provider_on = today


def expire_holds(session: Session, today: date, *, actor_id: int | None = None) -> int:
    """Turn reservations whose hold ended before today into hold_expired; returns how many."""
    with session.begin():
        overdue = session.scalars(
            sa.select(Referral).where(Referral.state == R.RESERVED, Referral.hold_until < today)
        ).all()
        at = _now()
        for referral in overdue:
            _record(referral, R.HOLD_EXPIRED, actor_id, "Reservierung nicht rechtzeitig bestätigt", at)
        return len(overdue)


def _obliged() -> sa.ColumnElement[bool]:
    return sa.exists().where(Permission.person_id == Referral.person_id, Permission.obliged.is_(True))


def _list_query(flt: ReferralFilter, today: date) -> sa.Select[Any]:
    """The list's columns only (no ORM objects: five entities per row took twice the time for 2,000 rows)."""
    counsellor = aliased(Advisor)
    columns: tuple[Any, ...] = (
        Referral.id, Referral.person_id, Person.family_name, Person.given_names, Person.birth_date,
        Referral.course_id, Course.title, Course.bamf_course_number, Course.course_type, Course.start_date,
        Course.provider_id, Organisation.name.label("provider"), Referral.state, Referral.hold_until,
        Referral.registered_on, Referral.started_on, Referral.advisor_id,
        counsellor.display_name.label("advisor"), _obliged().label("obliged"), Referral.letter_language,
        Referral.letter_printed_at, Referral.created_at, Referral.version,
    )  # fmt: skip
    stmt = (
        sa.select(*columns)
        .join(Person, Person.id == Referral.person_id)
        .join(Course, Course.id == Referral.course_id)
        .join(Organisation, Organisation.id == Course.provider_id)
        .outerjoin(counsellor, counsellor.id == Referral.advisor_id)
    )
    if flt.states:
        stmt = stmt.where(Referral.state.in_(sorted(flt.states)))
    if flt.provider_id is not None:
        stmt = stmt.where(Course.provider_id == flt.provider_id)
    if flt.course_id is not None:
        stmt = stmt.where(Referral.course_id == flt.course_id)
    if flt.advisor_id is not None:
        stmt = stmt.where(Referral.advisor_id == flt.advisor_id)
    if flt.person_id is not None:
        stmt = stmt.where(Referral.person_id == flt.person_id)
    if flt.hold_expiring_within_days is not None:
        last = today + timedelta(days=flt.hold_expiring_within_days)
        stmt = stmt.where(Referral.state == R.RESERVED, Referral.hold_until.between(today, last))
    if flt.obliged_not_registered:
        booked = aliased(Referral)
        stmt = stmt.where(
            Referral.state.in_(_NOT_YET_REGISTERED),
            _obliged(),
            ~sa.exists().where(booked.person_id == Referral.person_id, booked.state.in_(tuple(BOOKED_STATES))),
        )
    return stmt.order_by(Referral.created_at.desc(), Referral.id.desc()).limit(flt.limit)


def _label_of(title: str | None, course_type: CourseType, bamf_number: str | None) -> str:
    name = title or course_type_label(course_type)
    return f"{bamf_number} – {name}" if bamf_number else name


def _course_label(course: Course) -> str:
    return _label_of(course.title, course.course_type, course.bamf_course_number)


def _row(found: sa.Row[Any]) -> ReferralRow:
    """A ReferralRow from one row of _list_query."""
    r = found._mapping
    return ReferralRow(
        id=r["id"],
        person_id=r["person_id"],
        person_name=f"{r['family_name']}, {r['given_names']}",
        birth_date=r["birth_date"],
        course_id=r["course_id"],
        course_label=_label_of(r["title"], r["course_type"], r["bamf_course_number"]),
        course_type=r["course_type"],
        course_start=r["start_date"],
        provider_id=r["provider_id"],
        provider=r["provider"],
        state=r["state"],
        hold_until=r["hold_until"],
        registered_on=r["registered_on"],
        started_on=r["started_on"],
        advisor_id=r["advisor_id"],
        advisor=r["advisor"] or "",
        obliged=bool(r["obliged"]),
        letter_language=r["letter_language"],
        letter_printed_at=r["letter_printed_at"],
        created_at=r["created_at"],
        version=r["version"],
    )


def list_referrals(
    session: Session, flt: ReferralFilter, today: date, *, actor: Actor | None = None
) -> list[ReferralRow]:
    """Referrals matching the filters, newest first; with an actor, checked and recorded like a search."""
    check_if_signed_in(actor, Action.READ_CASES)
    with session.begin():
        rows = [_row(found) for found in session.execute(_list_query(flt, today))]
        if provisional := provisional_in(session):  # an outreach copy: holds taken offline are marked
            rows = [replace(r, provisional=True) if r.id in provisional else r for r in rows]
        audit_search(session, actor, "referral_list", "filter", len(rows))
        return rows


def get_referral(session: Session, referral_id: int, *, actor: Actor | None = None) -> ReferralDetails:
    """One referral with its history; raises NotFound. With an actor, checked (reading case files)."""
    check_if_signed_in(actor, Action.READ_CASES)
    with session.begin():
        found = session.execute(
            _list_query(ReferralFilter(limit=1), date.today()).where(Referral.id == referral_id)
        ).first()
        referral = session.get(Referral, referral_id)
        if found is None or referral is None:
            raise NotFound(Text(N_("Vermittlung {referral_id} gibt es nicht (mehr)."), referral_id=referral_id))
        names = dict(session.execute(sa.select(Advisor.id, Advisor.display_name)).all())
        events = tuple(
            ReferralEventRow(e.at, e.from_state, e.to_state, names.get(e.by_id, "") if e.by_id else "", e.reason)
            for e in referral.events
        )
        return ReferralDetails(
            row=_row(found),
            entry_module=referral.entry_module,
            person_letter_language=referral.person.letter_language,
            letter_version=referral.letter_version,
            events=events,
        )


def reservation_preview(
    session: Session, person_id: int, course_id: int, today: date, *, actor: Actor | None = None
) -> ReservationPreview:
    """Who, which course, free seats and the hold's end date if a seat were reserved today (needs REFER)."""
    check_if_signed_in(actor, Action.REFER)
    with session.begin():
        course = session.get(Course, course_id)
        if course is None:
            raise NotFound(Text(N_("Kurs {course_id} gibt es nicht (mehr)."), course_id=course_id))
        person = _person(session, person_id)
        from kim_desktop.documents.letter_texts import load_letter_texts  # the letters' machinery loads when needed
        from kim_desktop.services.document_language import letter_language_of

        language = letter_language_of(person)
        texts = load_letter_texts(language)
        return ReservationPreview(
            person_name=f"{person.given_names} {person.family_name}",
            course_label=_course_label(course),
            provider=course.provider.name,
            course_start=course.start_date,
            free_seats=free_seats(session, course, today),
            hold_until=hold_end(today, load_rules(session)),
            letter_language=language,
            letter_language_name=texts.language_name if texts is not None else language,
            on_outreach_copy=is_outreach_copy(session),
            provisional_holds=provisional_counts_in(session).get(course_id, 0),
        )
