"""The course catalogue: list with computed seats, create, edit, copy to the next start date, cancel."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.exc import StaleDataError

from kim_desktop.db.models import Course, CourseLocation, Municipality, Organisation, Referral, ReferralEvent
from kim_desktop.db.network_mode import current_partner, in_network
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.enums import CourseStatus, CourseType, OrganisationKind, ReferralState, Role
from kim_desktop.domain.errors import Conflict, FieldError, NotAllowed, NotFound, ValidationFailed
from kim_desktop.domain.seats import ACTIVE_STATES, ProviderReport
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.concurrency import RecordChanged, record_changed
from kim_desktop.services.course_seats import SeatTally, seat_tallies
from kim_desktop.services.field_labels import COURSE_FIELD_LABELS
from kim_desktop.services.outreach_holds import provisional_counts_in

CLOSED_STATUSES = (CourseStatus.FINISHED, CourseStatus.CANCELLED)


@dataclass(frozen=True)
class CourseRow:
    """One course of the catalogue with its seats counted (a snapshot for the table, never an ORM object)."""

    id: int
    bamf_course_number: str | None
    course_type: CourseType
    title: str
    provider_id: int
    provider: str
    location_id: int
    location: str
    location_address: str
    municipality: str
    start_date: date
    end_date: date
    weekdays_mask: int
    start_time: time
    end_time: time
    current_module: int
    ue_per_week: int
    max_seats: int
    booked: int
    reserved: int
    free: int
    booked_counted: int  # booked seats as free seats count them: ours, or the provider's report plus ours since
    booked_reported: int | None
    booked_reported_at: datetime | None
    booked_reported_by: str | None
    own_changed_at: datetime | None
    report_counts: bool  # the provider's report books more seats than we know of
    childcare_places: int
    childcare_min_age_months: int | None
    childcare_max_age_years: int | None
    registration_deadline: date | None
    status: CourseStatus
    active_referrals: int
    version: int
    provisional: int = 0  # on an outreach copy: held seats taken offline, confirmed only at the office's sync


@dataclass(frozen=True)
class CourseFilter:
    """Service-side filters of the catalogue; None means any."""

    include_closed: bool = False
    course_type: CourseType | None = None
    provider_id: int | None = None
    municipality_id: int | None = None
    only_free: bool = False
    start_from: date | None = None
    start_to: date | None = None


@dataclass(frozen=True)
class CourseInput:
    """What the course form (or an import) gives to create or change a course."""

    course_type: CourseType
    provider_id: int
    location_id: int
    start_date: date
    end_date: date
    weekdays_mask: int
    start_time: time
    end_time: time
    ue_per_week: int
    max_seats: int
    current_module: int = 1
    bamf_course_number: str | None = None
    title: str | None = None
    registration_deadline: date | None = None
    childcare_places: int = 0
    childcare_min_age_months: int | None = None
    childcare_max_age_years: int | None = None
    status: CourseStatus = CourseStatus.OPEN
    notes: str | None = None


@dataclass(frozen=True)
class EditableCourse:
    """A course as the form shows it, with the version to detect a concurrent edit."""

    id: int
    data: CourseInput
    version: int


@dataclass(frozen=True)
class Choice:
    """An entry of a pick-list."""

    id: int
    label: str
    parent_id: int | None = None  # a location's provider


@dataclass(frozen=True)
class CourseChoices:
    """Pick-lists for the course form: providers and their locations, municipalities."""

    providers: tuple[Choice, ...]
    locations: tuple[Choice, ...]
    municipalities: tuple[Choice, ...]


_FIELDS = tuple(CourseInput.__dataclass_fields__)


# The catalogue's columns (no ORM objects: building 10,000 course and location entities was most of a load).
_COURSE_COLUMNS = (
    "id", "bamf_course_number", "course_type", "title", "provider_id", "location_id", "start_date", "end_date",
    "weekdays_mask", "start_time", "end_time", "current_module", "ue_per_week", "max_seats", "booked_reported",
    "booked_reported_at", "booked_reported_by", "childcare_places", "childcare_min_age_months",
    "childcare_max_age_years", "registration_deadline", "status", "version",
)  # fmt: skip


def _row(found: sa.Row[Any], tally: SeatTally, provisional: dict[int, int]) -> CourseRow:
    """A CourseRow from one row of _catalogue_query, the course's seat tally and the provisional holds per course."""
    c = found._mapping
    report = None
    if c["booked_reported"] is not None and c["booked_reported_at"] is not None:
        report = ProviderReport(c["booked_reported"], c["booked_reported_at"], c["booked_reported_by"] or "")
    seats = tally.seats(c["max_seats"], report)
    municipality = c["municipality"]
    return CourseRow(
        id=c["id"],
        bamf_course_number=c["bamf_course_number"],
        course_type=c["course_type"],
        title=c["title"] or "",
        provider_id=c["provider_id"],
        provider=c["provider"],
        location_id=c["location_id"],
        location=c["location"],
        location_address=f"{c['street']}, {c['postcode']} {municipality}",
        municipality=municipality,
        start_date=c["start_date"],
        end_date=c["end_date"],
        weekdays_mask=c["weekdays_mask"],
        start_time=c["start_time"],
        end_time=c["end_time"],
        current_module=c["current_module"],
        ue_per_week=c["ue_per_week"],
        max_seats=c["max_seats"],
        booked=seats.booked,
        reserved=seats.reserved,
        free=seats.free,
        booked_counted=seats.booked_counted,
        booked_reported=c["booked_reported"],
        booked_reported_at=c["booked_reported_at"],
        booked_reported_by=c["booked_reported_by"],
        own_changed_at=tally.changed_at,
        report_counts=seats.report_counts,
        childcare_places=c["childcare_places"],
        childcare_min_age_months=c["childcare_min_age_months"],
        childcare_max_age_years=c["childcare_max_age_years"],
        registration_deadline=c["registration_deadline"],
        status=c["status"],
        active_referrals=tally.active_referrals,
        version=c["version"],
        provisional=provisional.get(c["id"], 0),
    )


def _catalogue_query(flt: CourseFilter) -> sa.Select[Any]:
    provider = aliased(Organisation)
    columns: list[Any] = [getattr(Course, name) for name in _COURSE_COLUMNS]
    columns += [
        sa.func.coalesce(provider.short_name, provider.name).label("provider"),
        CourseLocation.name.label("location"),
        CourseLocation.street,
        CourseLocation.postcode,
        Municipality.name.label("municipality"),
    ]
    stmt = (
        sa.select(*columns)
        .select_from(Course)
        .join(provider, Course.provider_id == provider.id)
        .join(CourseLocation, Course.location_id == CourseLocation.id)
        .join(Municipality, CourseLocation.municipality_id == Municipality.id)
        .order_by(Course.start_date, Course.id)
    )
    if not flt.include_closed:
        stmt = stmt.where(Course.status.not_in(CLOSED_STATUSES))
    if flt.course_type is not None:
        stmt = stmt.where(Course.course_type == flt.course_type)
    if flt.provider_id is not None:
        stmt = stmt.where(Course.provider_id == flt.provider_id)
    if flt.municipality_id is not None:
        stmt = stmt.where(CourseLocation.municipality_id == flt.municipality_id)
    if flt.start_from is not None:
        stmt = stmt.where(Course.start_date >= flt.start_from)
    if flt.start_to is not None:
        stmt = stmt.where(Course.start_date <= flt.start_to)
    return stmt


def list_courses(session: Session, today: date, flt: CourseFilter = CourseFilter()) -> list[CourseRow]:
    """The catalogue, filtered, with seats counted as of today (one read transaction)."""
    with session.begin():
        found = session.execute(_catalogue_query(flt)).all()
        ids = None if len(found) > 500 else [r.id for r in found]
        tallies = seat_tallies(session, ids, today)
        provisional = provisional_counts_in(session)
        rows = [_row(r, tallies.get(r.id, SeatTally()), provisional) for r in found]
    return [r for r in rows if r.free > 0] if flt.only_free else rows


def get_course_row(session: Session, course_id: int, today: date) -> CourseRow:
    """One course of the catalogue with its seats."""
    with session.begin():
        found = session.execute(
            _catalogue_query(CourseFilter(include_closed=True)).where(Course.id == course_id)
        ).first()
        if found is None:
            raise NotFound(Text(N_("Kurs {course_id} gibt es nicht (mehr)."), course_id=course_id))
        tally = seat_tallies(session, [course_id], today).get(course_id, SeatTally())
        return _row(found, tally, provisional_counts_in(session))


def validate_course_input(session: Session, data: CourseInput, course_id: int | None = None) -> None:
    """Check a course's values; raises ValidationFailed naming every wrong field."""
    errors: list[FieldError] = []

    def fail(name: str, message: Text) -> None:
        errors.append(FieldError(name, message))

    if data.end_date < data.start_date:
        fail("end_date", Text(N_("Das Kursende liegt vor dem Kursbeginn.")))
    if not 0 < data.weekdays_mask < 128:
        fail("weekdays_mask", Text(N_("Bitte mindestens einen Wochentag wählen.")))
    if data.end_time <= data.start_time:
        fail("end_time", Text(N_("Die Endzeit muss nach der Anfangszeit liegen.")))
    if data.ue_per_week <= 0:
        fail("ue_per_week", Text(N_("Die Unterrichtseinheiten pro Woche müssen größer als 0 sein.")))
    if data.max_seats <= 0:
        fail("max_seats", Text(N_("Die Zahl der Plätze muss größer als 0 sein.")))
    if data.current_module < 1:
        fail("current_module", Text(N_("Das Modul muss 1 oder größer sein.")))
    if data.childcare_places < 0:
        fail("childcare_places", Text(N_("Die Zahl der Betreuungsplätze darf nicht negativ sein.")))
    if data.registration_deadline is not None and data.registration_deadline > data.end_date:
        fail("registration_deadline", Text(N_("Der Anmeldeschluss liegt nach dem Kursende.")))
    provider = session.get(Organisation, data.provider_id)
    if provider is None or provider.kind != OrganisationKind.KURSTRAEGER:
        fail("provider_id", Text(N_("Bitte einen Kursträger aus der Liste wählen.")))
    location = session.get(CourseLocation, data.location_id)
    if location is None or location.provider_id != data.provider_id:
        fail("location_id", Text(N_("Der Kursort gehört nicht zu diesem Kursträger.")))
    number = (data.bamf_course_number or "").strip()
    if number:
        clash = session.scalar(sa.select(Course.id).where(Course.bamf_course_number == number, Course.id != course_id))
        if clash is not None:
            fail(
                "bamf_course_number",
                Text(N_("Die Kursnummer {number} ist schon für einen anderen Kurs vergeben."), number=number),
            )
    if errors:
        raise ValidationFailed(errors)


def _apply(course: Course, data: CourseInput) -> None:
    for name in _FIELDS:
        value = getattr(data, name)
        if isinstance(value, str):
            value = value.strip() or None
        setattr(course, name, value)


def _own_course(session: Session, provider_id: int | None, actor: Actor | None) -> None:
    """In a network only the provider changes its courses (the database refuses the others anyway).

    A provider's account (role Kursträger) keeps only its own organisation's courses: on the network, where the
    login names the organisation; on a single office's database it has none and changes no course.
    """
    partner = current_partner(session)
    if partner is None and actor is not None and actor.role == Role.PROVIDER:
        raise NotAllowed(Text(N_("Ein Konto „Kursträger“ ändert nur die Kurse seiner Organisation im Netzwerk.")))
    if partner is not None and provider_id != partner:
        raise Conflict(Text(N_("Diesen Kurs ändert oder sagt nur sein Kursträger ab.")))


def _editing(actor: Actor | None) -> None:
    """Refuse a role that may not edit the catalogue (without an actor: scripts and tests, unchecked)."""
    if actor is not None:
        require(actor, Action.EDIT_COURSES)


def create_course(session: Session, data: CourseInput, *, actor: Actor | None = None) -> int:
    """Add a course to the catalogue; returns its id."""
    _editing(actor)
    with session.begin():
        _own_course(session, data.provider_id, actor)
        validate_course_input(session, data)
        course = Course()
        _apply(course, data)
        session.add(course)
        session.flush()
        return course.id


def load_course(session: Session, course_id: int) -> EditableCourse:
    """A course's values for the form."""
    with session.begin():
        course = session.get(Course, course_id)
        if course is None:
            raise NotFound(Text(N_("Kurs {course_id} gibt es nicht (mehr)."), course_id=course_id))
        return EditableCourse(course.id, CourseInput(**{n: getattr(course, n) for n in _FIELDS}), course.version)


def update_course(
    session: Session,
    course_id: int,
    data: CourseInput,
    version: int,
    *,
    loaded: CourseInput | None = None,
    actor: Actor | None = None,
) -> None:
    """Save a changed course; RecordChanged (a Conflict) if somebody else saved it since it was loaded.

    `loaded` is what the form showed; with it the conflict names the fields the other desk changed.
    """
    _editing(actor)
    try:
        with session.begin():
            course = session.get(Course, course_id, populate_existing=True)
            if course is None:
                raise NotFound(Text(N_("Kurs {course_id} gibt es nicht (mehr)."), course_id=course_id))
            _own_course(session, course.provider_id, actor)
            _own_course(session, data.provider_id, actor)  # nor hands it to another provider
            if course.version != version:
                raise _changed_elsewhere(course, loaded)
            validate_course_input(session, data, course_id)
            if data.status == CourseStatus.CANCELLED and course.status != CourseStatus.CANCELLED:
                message = Text(N_("Einen Kurs bitte über „Kurs absagen“ absagen."))
                raise ValidationFailed([FieldError("status", message)])
            _apply(course, data)
    except StaleDataError as exc:  # another desk saved between our read and our write
        with session.begin():
            course = session.get(Course, course_id, populate_existing=True)
            if course is None:
                raise NotFound(Text(N_("Kurs {course_id} gibt es nicht (mehr)."), course_id=course_id)) from exc
            raise _changed_elsewhere(course, loaded) from exc


def _form_values(data: CourseInput) -> dict[str, object]:
    """A course's form values as stored (blank text is no text)."""
    values = {name: getattr(data, name) for name in _FIELDS}
    return {n: (v.strip() or None) if isinstance(v, str) else v for n, v in values.items()}


def _changed_elsewhere(course: Course, loaded: CourseInput | None) -> RecordChanged:
    """The conflict naming the fields that differ between the form's loaded values and the course as stored now."""
    current = _form_values(CourseInput(**{n: getattr(course, n) for n in _FIELDS}))
    shown = _form_values(loaded) if loaded is not None else None
    return record_changed("Course", shown, current, COURSE_FIELD_LABELS, course.version)


def next_start_date(start: date, end: date) -> date:
    """The next run of a course: the first same weekday as its start, one week after it ends."""
    candidate = end + timedelta(days=7)
    return candidate + timedelta(days=(start.weekday() - candidate.weekday()) % 7)


def copy_course(session: Session, course_id: int, start: date | None = None, *, actor: Actor | None = None) -> int:
    """Same course, next start date: schedule, seats and childcare copied, module 1, no course number."""
    _editing(actor)
    with session.begin():
        old = session.get(Course, course_id)
        if old is None:
            raise NotFound(Text(N_("Kurs {course_id} gibt es nicht (mehr)."), course_id=course_id))
        _own_course(session, old.provider_id, actor)
        new_start = start or next_start_date(old.start_date, old.end_date)
        shift = new_start - old.start_date
        data = CourseInput(**{n: getattr(old, n) for n in _FIELDS})
        title = old.title
        if title and f"{old.start_date:%d.%m.%Y}" in title:
            title = title.replace(f"{old.start_date:%d.%m.%Y}", f"{new_start:%d.%m.%Y}")
        copy = Course()
        _apply(copy, data)
        copy.bamf_course_number = None
        copy.title = title
        copy.start_date = new_start
        copy.end_date = old.end_date + shift
        copy.registration_deadline = old.registration_deadline + shift if old.registration_deadline else None
        copy.current_module = 1
        copy.status = CourseStatus.PLANNED
        session.add(copy)
        session.flush()
        return copy.id


def cancel_impact(session: Session, course_id: int) -> int:
    """How many active referrals (proposed, reserved, registered, started) a cancellation would cancel."""
    with session.begin():
        if in_network(session):  # every partner's referrals, counted without reading them
            return seat_tallies(session, [course_id], date.today()).get(course_id, SeatTally()).active_referrals
        stmt = sa.select(sa.func.count(Referral.id)).where(
            Referral.course_id == course_id, Referral.state.in_(tuple(ACTIVE_STATES))
        )
        return int(session.scalar(stmt) or 0)


def cancel_referrals_of(session: Session, course: Course, reason: str, advisor_id: int | None) -> int:
    """Inside the caller's transaction: set the course's active referrals to cancelled, with an event each.

    In a network the provider's definer function ends every partner's referrals (it cannot read them itself).
    """
    if in_network(session):
        session.flush()
        ended = session.execute(
            sa.text("SELECT public.kim_cancel_course_referrals(:cid, :reason)"), {"cid": course.id, "reason": reason}
        )
        return int(ended.scalar_one())
    referrals = session.scalars(
        sa.select(Referral).where(Referral.course_id == course.id, Referral.state.in_(tuple(ACTIVE_STATES)))
    ).all()
    for referral in referrals:
        referral.events.append(
            ReferralEvent(from_state=referral.state, to_state=ReferralState.CANCELLED, by_id=advisor_id, reason=reason)
        )
        referral.state = ReferralState.CANCELLED
        referral.hold_until = None
    return len(referrals)


def cancel_course(
    session: Session, course_id: int, reason: str, advisor_id: int | None = None, *, actor: Actor | None = None
) -> int:
    """Cancel a course and all its active referrals in one transaction; returns how many referrals it cancelled."""
    if actor is not None:
        advisor_id = require(actor, Action.EDIT_COURSES).advisor_id
    reason = reason.strip()
    if not reason:
        raise ValidationFailed([FieldError("reason", Text(N_("Bitte einen Grund für die Absage angeben.")))])
    with session.begin():
        course = session.get(Course, course_id)
        if course is None:
            raise NotFound(Text(N_("Kurs {course_id} gibt es nicht (mehr)."), course_id=course_id))
        _own_course(session, course.provider_id, actor)
        if course.status == CourseStatus.CANCELLED:
            raise Conflict(Text(N_("Der Kurs ist bereits abgesagt.")))
        course.status = CourseStatus.CANCELLED
        return cancel_referrals_of(session, course, f"Kurs abgesagt: {reason}", advisor_id)


def course_choices(session: Session) -> CourseChoices:
    """Providers (Kursträger), their locations and the municipalities, sorted by name."""
    with session.begin():
        providers = session.execute(
            sa.select(Organisation.id, Organisation.name)
            .where(Organisation.kind == OrganisationKind.KURSTRAEGER)
            .order_by(Organisation.name)
        ).all()
        locations = session.execute(
            sa.select(CourseLocation.id, CourseLocation.name, CourseLocation.provider_id).order_by(CourseLocation.name)
        ).all()
        municipalities = session.execute(sa.select(Municipality.id, Municipality.name).order_by(Municipality.name))
        return CourseChoices(
            providers=tuple(Choice(i, n) for i, n in providers),
            locations=tuple(Choice(i, n, p) for i, n, p in locations),
            municipalities=tuple(Choice(i, n) for i, n in municipalities),
        )
