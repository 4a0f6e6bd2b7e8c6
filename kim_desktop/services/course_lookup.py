"""Course lookup for a person: criteria from the case file, candidate courses with seats and travel times, ranked."""

from dataclasses import dataclass
from datetime import date, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased, selectinload

from kim_desktop.db.models import Course, CourseLocation, Municipality, Organisation, Person, TravelTime
from kim_desktop.db.timetable_models import TimetableReach
from kim_desktop.domain.access import Action, Actor
from kim_desktop.domain.course_fit import (
    CARE_MAX_AGE_YEARS,
    age_in_months,
    age_in_years,
    base_course_type,
    fitting_course_types,
)
from kim_desktop.domain.course_labels import COURSE_TYPE_LABELS, PART_OF_DAY_LABELS
from kim_desktop.domain.enums import CourseStatus, PartOfDay, Sex
from kim_desktop.domain.errors import NotFound
from kim_desktop.domain.matching import (
    REFERENCE_TRAVEL_MINUTES,
    CourseFacts,
    CourseMatch,
    MatchCriteria,
    Relaxation,
    children_ages_text,
    rank_courses,
)
from kim_desktop.domain.rules_table import Rules
from kim_desktop.domain.schedule import WEEKDAY_SHORT_DE
from kim_desktop.domain.search_text import clean_search_text, fold_for_search
from kim_desktop.domain.seats import ProviderReport
from kim_desktop.domain.text import N_, Text, joined, verbatim
from kim_desktop.domain.transit_journey import schedule_key_of
from kim_desktop.services.audit import AuditAction, check_if_signed_in, record
from kim_desktop.services.course_seats import SeatTally, seat_tallies
from kim_desktop.services.people_search import audit_search
from kim_desktop.services.rules import load_rules
from kim_desktop.services.timetable_journeys import Reach, has_answers, reach_of_municipality


@dataclass(frozen=True)
class PersonCriteria:
    """A person's needs as the lookup uses them, with lines (translatable) that show them to the advisor."""

    person_id: int
    name: str
    municipality: str | None
    criteria: MatchCriteria
    lines: tuple[Text, ...]


@dataclass(frozen=True)
class LookupResult:
    """Ranked courses for a person: fitting ones first, then the excluded ones with their reasons."""

    person: PersonCriteria
    relax: Relaxation
    matches: tuple[CourseMatch, ...]
    hidden_by_filters: int = 0  # courses of the right type and time window that times, childcare or travel rule out

    @property
    def fitting(self) -> tuple[CourseMatch, ...]:
        """Courses that no hard constraint rules out."""
        return tuple(m for m in self.matches if not m.is_excluded)


@dataclass(frozen=True)
class PersonHit:
    """A person found by name, for picking whom to look up courses for."""

    id: int
    name: str
    birth_date: date | None
    municipality: str | None


def _availability_text(slots: frozenset[tuple[int, PartOfDay]]) -> Text:
    parts = []
    for part in PartOfDay:
        days = sorted(d for d, p in slots if p == part)
        if days:
            weekdays = joined((WEEKDAY_SHORT_DE[d] for d in days), ", ")
            parts.append(Text(N_("{days} {part_of_day}"), days=weekdays, part_of_day=PART_OF_DAY_LABELS[part]))
    return joined(parts)


def _childcare_line(needed: bool, care_ages: tuple[int, ...]) -> Text:
    if not needed:
        return Text(N_("Keine Kinderbetreuung nötig"))
    children = Text(N_("1 Kind")) if len(care_ages) == 1 else Text(N_("{count} Kinder"), count=len(care_ages))
    if not care_ages:
        return Text(N_("Kinderbetreuung nötig: {children}"), children=children)
    ages = children_ages_text(care_ages)
    return Text(N_("Kinderbetreuung nötig: {children} ({ages})"), children=children, ages=ages)


def _travel_line(person: Person, place: str | None) -> Text:
    means = (
        (Text(N_("Bus/Bahn")), person.travel_public_transport),
        (Text(N_("Auto")), person.travel_car),
        (Text(N_("zu Fuß")), person.travel_on_foot),
    )
    ways = joined((way for way, on in means if on), ", ")
    unknown = Text(N_("unbekannt"))
    where = verbatim(place) if place else unknown
    if person.max_travel_minutes:
        return Text(
            N_("Wohnort: {place}; unterwegs mit {ways}, höchstens {minutes} Min."),
            place=where,
            ways=ways or unknown,
            minutes=person.max_travel_minutes,
        )
    return Text(N_("Wohnort: {place}; unterwegs mit {ways}"), place=where, ways=ways or unknown)


def criteria_for_person(session: Session, person: Person, rules: Rules, today: date) -> PersonCriteria:
    """Build the lookup criteria from a person's case file (inside the caller's transaction)."""
    age = age_in_years(person.birth_date, today) if person.birth_date else None
    care_ages = tuple(
        sorted(
            months
            for child in person.children
            if child.needs_care and (months := age_in_months(child.birth_date, today)) < (CARE_MAX_AGE_YEARS + 1) * 12
        )
    )
    base = base_course_type(person.literacy, person.recommended_course_type)
    types = fitting_course_types(
        base,
        age_years=age,
        youth_max_age=rules.int("youth_max_age"),
        female=person.sex == Sex.FEMALE,
        has_young_children=bool(care_ages),
    )
    expiry = max((p.expires_on for p in person.permissions if p.expires_on is not None), default=None)
    slots = frozenset((a.weekday, a.part_of_day) for a in person.availability)
    criteria = MatchCriteria(
        course_types=types,
        preferred_type=base,
        entry_module=person.recommended_module,
        availability=slots,
        childcare_needed=person.needs_childcare,
        child_ages_months=care_ages,
        max_travel_minutes=person.max_travel_minutes,
        public_transport=person.travel_public_transport,
        car=person.travel_car,
        municipality_id=person.municipality_id,
        permission_expires_on=expiry,
        start_within_weeks=rules.int("lookup_start_within_weeks"),
    )
    others = sorted(COURSE_TYPE_LABELS[t] for t in types if t != base)
    source = Text(N_("Einstufung")) if person.recommended_course_type else Text(N_("Schriftkenntnis"))
    kind = COURSE_TYPE_LABELS[base]
    lines = [
        Text(N_("Kursart: {kind} ({source}), auch {others}"), kind=kind, source=source, others=joined(others, ", "))
        if others
        else Text(N_("Kursart: {kind} ({source})"), kind=kind, source=source),
        Text(N_("Einstieg: Modul {module}"), module=person.recommended_module or 1),
        Text(N_("Zeiten: {times}"), times=_availability_text(slots) or Text(N_("nicht erfasst"))),
        _childcare_line(person.needs_childcare, care_ages),
    ]
    place = person.municipality.name if person.municipality else None
    lines.append(_travel_line(person, place))
    if expiry is not None:
        lines.append(Text(N_("Berechtigung gültig bis {day:%d.%m.%Y}"), day=expiry))
    name = f"{person.family_name}, {person.given_names}"
    return PersonCriteria(person.id, name, place, criteria, tuple(lines))


def _load_person(session: Session, person_id: int) -> Person:
    person = session.scalar(
        sa.select(Person)
        .where(Person.id == person_id)
        .options(
            selectinload(Person.children),
            selectinload(Person.availability),
            selectinload(Person.permissions),
            selectinload(Person.municipality),
        )
    )
    if person is None:
        raise NotFound(Text(N_("Person {person_id} gibt es nicht (mehr)."), person_id=person_id))
    return person


def candidate_courses(
    session: Session, criteria: MatchCriteria, today: date, relax: Relaxation
) -> tuple[list[CourseFacts], int]:
    """Courses of a fitting type that may start in the (widened) window, with seats and travel times.

    Running courses already past the person's entry module are left out here (as are other types): the ranking
    would only exclude them, and at county scale they are most of the catalogue. The filters the advisor can
    relax (times, childcare, travel) are applied in SQL as well; the second value counts the courses they hid.
    """
    weeks = criteria.start_within_weeks * (2 if relax.wider_start_window else 1)
    provider = aliased(Organisation)
    stmt = (
        sa.select(
            Course.id,
            Course.course_type,
            sa.func.coalesce(provider.short_name, provider.name),
            CourseLocation.name,
            Municipality.name,
            Course.start_date,
            Course.end_date,
            Course.current_module,
            Course.weekdays_mask,
            Course.start_time,
            Course.end_time,
            Course.ue_per_week,
            Course.max_seats,
            Course.childcare_places,
            Course.childcare_min_age_months,
            Course.childcare_max_age_years,
            Course.status,
            Course.registration_deadline,
            CourseLocation.municipality_id,
            CourseLocation.id,
            Course.title,
            Course.booked_reported,
            Course.booked_reported_at,
            Course.booked_reported_by,
        )
        .join(provider, Course.provider_id == provider.id)
        .join(CourseLocation, Course.location_id == CourseLocation.id)
        .join(Municipality, CourseLocation.municipality_id == Municipality.id)
        .where(
            Course.course_type.in_(sorted(criteria.course_types)),
            Course.status.not_in((CourseStatus.CANCELLED, CourseStatus.FINISHED)),
            Course.end_date >= today,
            Course.start_date <= today + timedelta(weeks=weeks),
            sa.or_(Course.start_date > today, Course.current_module <= (criteria.entry_module or 1)),
        )
    )
    timetable = criteria.municipality_id is not None and has_answers(session, criteria.municipality_id)
    filters = _filter_conditions(criteria, relax, timetable=timetable)
    rows = session.execute(stmt.where(*filters)).all()
    hidden = 0
    if filters:
        total = session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery()))
        hidden = int(total or 0) - len(rows)
    travel: dict[int, tuple[int, str]] = {}
    if criteria.municipality_id is not None:
        travel = {
            loc: (minutes, notes or "")
            for loc, minutes, notes in session.execute(
                sa.select(TravelTime.location_id, TravelTime.minutes, TravelTime.connection_notes).where(
                    TravelTime.municipality_id == criteria.municipality_id
                )
            )
        }
    # Each course's timetable answer: by its place (row[19]) and schedule key (weekdays, times, first and last day).
    keyed = [(row, (row[19], schedule_key_of(row[8], row[9], row[10], row[5], row[6]))) for row in rows]
    reach = {}
    if timetable and criteria.municipality_id is not None:
        places, schedules = {place for _, (place, _) in keyed}, {key for _, (_, key) in keyed}
        reach = reach_of_municipality(session, criteria.municipality_id, places, schedules)
        kept = [(row, at) for row, at in keyed if not _out_of_reach(at[0], reach.get(at), travel, criteria, relax)]
        hidden += len(keyed) - len(kept)
        keyed = kept
    tallies = seat_tallies(session, [row[0] for row, _ in keyed], today)
    facts = []
    for row, at in keyed:
        (course_id, course_type, provider_name, location, municipality, start, end, module, mask, start_time,
         end_time, ue, max_seats, care, care_from, care_to, status, deadline, location_place, location_id, title,
         reported, reported_at, reported_by) = row  # fmt: skip
        tally = tallies.get(course_id, SeatTally())
        report = (
            ProviderReport(reported, reported_at, reported_by or "") if reported is not None and reported_at else None
        )
        minutes, notes = travel.get(location_id, (None, ""))
        journey, why = "", None
        answer = reach.get(at)
        if answer is not None:  # the timetable's answer; without one (no stop there yet) the typed grid applies
            minutes = answer.minutes if answer.reachable else None
            journey = answer.journey.text() if answer.reachable and answer.journey else ""
            notes = journey or notes
            why = None if answer.reachable else answer.reason(_Schedule(mask, start_time, end_time, start, end))
        facts.append(
            CourseFacts(
                course_id=course_id,
                course_type=course_type,
                provider=provider_name,
                location=location,
                municipality=municipality,
                start_date=start,
                end_date=end,
                current_module=module,
                weekdays_mask=mask,
                start_time=start_time,
                end_time=end_time,
                ue_per_week=ue,
                max_seats=max_seats,
                free_seats=tally.seats(max_seats, report).free,
                childcare_places=care,
                childcare_min_age_months=care_from,
                childcare_max_age_years=care_to,
                status=status,
                registration_deadline=deadline,
                location_municipality_id=location_place,
                travel_minutes=minutes,
                connection_notes=notes,
                title=title or "",
                timetable_journey=journey,
                unreachable_reason=why,
            )
        )
    return facts, hidden


def _out_of_reach(
    location_id: int, answer: Reach | None, travel: dict[int, tuple[int, str]], criteria: MatchCriteria,
    relax: Relaxation,
) -> bool:  # fmt: skip
    """A schedule the bus misses on course days at a place the typed grid puts beyond the limit (the travel filter).

    Such a course would only be judged and excluded; near places keep theirs, listed with the reason.
    """
    if relax.ignore_travel_limit or criteria.car:
        return False
    if answer is None or answer.reachable:
        return False
    typed = travel.get(location_id)  # near by the grid: within the person's limit, else the usual reference
    return typed is None or typed[0] > (criteria.max_travel_minutes or REFERENCE_TRAVEL_MINUTES)


@dataclass(frozen=True)
class _Schedule:
    weekdays_mask: int
    start_time: time
    end_time: time
    start_date: date
    end_date: date


def _filter_conditions(
    criteria: MatchCriteria, relax: Relaxation, *, timetable: bool = False
) -> list[sa.ColumnElement[bool]]:
    """SQL forms of the relaxable hard rules of domain.matching (a superset: the ranking still judges each).

    With timetable answers for the person's municipality, a course is a candidate where the timetable reaches its
    location on some schedule (however long the ride), or where the typed grid puts it within reach: a course there
    that the bus misses on course days is listed with the reason instead of hidden. The ranking judges each
    schedule. Courses the timetable cannot reach and the grid puts beyond the limit are left out (and counted as
    hidden), as without a timetable: listing the county's thousands of them took a lookup 0.2 s.
    """
    conditions: list[sa.ColumnElement[bool]] = []
    parts = {part for _, part in criteria.availability}
    if parts and not relax.ignore_times:
        bounds = {
            PartOfDay.MORNING: Course.start_time < time(12, 0),
            PartOfDay.AFTERNOON: sa.and_(Course.start_time >= time(12, 0), Course.start_time < time(17, 0)),
            PartOfDay.EVENING: Course.start_time >= time(17, 0),
        }
        conditions.append(sa.or_(*(bounds[p] for p in parts)))
    if criteria.childcare_needed and not relax.ignore_childcare:
        conditions.append(Course.childcare_places > 0)
    if criteria.municipality_id is not None and not relax.ignore_travel_limit and not criteria.car:
        reachable = sa.select(TravelTime.location_id).where(TravelTime.municipality_id == criteria.municipality_id)
        if criteria.max_travel_minutes is not None:
            reachable = reachable.where(TravelTime.minutes <= criteria.max_travel_minutes)
        if not timetable:
            conditions.append(Course.location_id.in_(reachable))
        else:
            by_bus = sa.select(TimetableReach.location_id).where(
                TimetableReach.municipality_id == criteria.municipality_id, TimetableReach.reachable
            )  # also beyond the limit: "Bus 70 Min. (Grenze 60 Min.)" is worth seeing
            conditions.append(sa.or_(Course.location_id.in_(by_bus), Course.location_id.in_(reachable)))
    return conditions


def find_courses_for_person(
    session: Session,
    person_id: int,
    today: date,
    relax: Relaxation = Relaxation(),  # noqa: B008 - frozen dataclass
    *,
    actor: Actor | None = None,
) -> LookupResult:
    """Rank the courses for a person (one read transaction); with an actor, checked and recorded as a case read."""
    check_if_signed_in(actor, Action.READ_CASES)
    with session.begin():
        if actor is not None:
            record(session, actor, AuditAction.CASE_READ, "person", person_id, person_id,
                   {"purpose": (None, "course_lookup")})  # fmt: skip
        rules = load_rules(session)
        person = criteria_for_person(session, _load_person(session, person_id), rules, today)
        courses, hidden = candidate_courses(session, person.criteria, today, relax)
    matches = rank_courses(courses, person.criteria, rules, today, relax)
    return LookupResult(person, relax, tuple(matches), hidden)


def search_people_by_name(
    session: Session, text: str, limit: int = 20, *, actor: Actor | None = None
) -> list[PersonHit]:
    """People whose folded name contains every word typed (for picking whom to look up courses for).

    With an actor: checked (reading case files) and recorded like any search of people (hits, not the text).
    """
    check_if_signed_in(actor, Action.READ_CASES)
    words = fold_for_search(clean_search_text(text)).split()  # refuses what no name is (too long, too many words)
    if not words:
        return []
    stmt = sa.select(Person.id, Person.family_name, Person.given_names, Person.birth_date, Municipality.name).outerjoin(
        Municipality, Person.municipality_id == Municipality.id
    )
    for word in words:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(Person.search_key.like(f"%{escaped}%", escape="\\"))
    stmt = stmt.order_by(Person.search_key, Person.id).limit(limit)
    with session.begin():
        hits = [
            PersonHit(pid, f"{family}, {given}", birth, place)
            for pid, family, given, birth, place in session.execute(stmt)
        ]
        audit_search(session, actor, "person_picker", "name", len(hits))
        return hits
