"""The KIM quarterly report: the queries behind every figure, returned as one anonymised KimReport."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import (
    CounsellingSession,
    Course,
    CourseLocation,
    Municipality,
    Organisation,
    Permission,
    Person,
    Referral,
    Topic,
    TravelTime,
    WaitingListEntry,
    session_topics,
)
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.enums import CourseStatus, PartOfDay, ReferralState, WaitingStatus
from kim_desktop.domain.report_figures import (
    REGISTRATION_WITHOUT_DELAY_DAYS,
    UNKNOWN,
    CounsellingFigures,
    CountTable,
    CourseSeats,
    DemandCell,
    DemandGap,
    KimReport,
    ObligedRegistration,
    ReferralFigures,
    WaitingDays,
    count_table,
)
from kim_desktop.domain.report_merge import demand_key, gap_order, seat_order
from kim_desktop.domain.schedule import part_of_day
from kim_desktop.domain.seats import count_seats
from kim_desktop.domain.transit_journey import schedule_key_of
from kim_desktop.exchange.report_json import write_report_json
from kim_desktop.services.audit import record_export
from kim_desktop.services.rules import load_rules
from kim_desktop.services.timetable_journeys import answered_municipalities, reach_minutes


class _Period:
    """Bounds of the period as dates and as half-open datetimes."""

    def __init__(self, start: date, end: date, today: date) -> None:
        self.start, self.end, self.today = start, end, today
        self.start_at = datetime.combine(start, time.min)
        self.end_at = datetime.combine(end + timedelta(days=1), time.min)  # exclusive
        self.reference_day = min(today, end)  # "now" as far as the period is concerned


def compute_kim_report(
    session: Session,
    start: date,
    end: date,
    *,
    office: str = "",
    today: date | None = None,
    actor: Actor | None = None,
) -> KimReport:
    """Compute every figure of the anonymised report for start..end (inclusive), in one read transaction."""
    if actor is not None:
        require(actor, Action.VIEW_REPORTS)
    if end < start:
        raise ValueError("the period ends before it starts")
    period = _Period(start, end, today or date.today())
    with session.begin():
        rules = load_rules(session)
        target_days = 7 * rules.int("start_target_weeks")
        topics = _topic_counts(session, period)
        barrier_sessions, barrier_people = _barriers(topics)
        demand, gaps = _demand(session, period)
        return KimReport(
            period_start=start,
            period_end=end,
            offices=(office,) if office else (),
            computed_on=period.today,
            suppression_threshold=rules.int("report_suppression_threshold"),
            target_days=target_days,
            registration_days=REGISTRATION_WITHOUT_DELAY_DAYS,
            counselling=_counselling(session, period, topics),
            referrals=_referrals(session, period),
            waiting=_waiting(session, period),
            seats=_seats(session, period),
            demand=demand,
            gaps=gaps,
            barrier_sessions=barrier_sessions,
            barrier_people=barrier_people,
        )


def export_report_json(session: Session, report: KimReport, path: Path, *, actor: Actor | None) -> Path:
    """Save the exchange file with the exact counts (administrators only; recorded in the audit trail).

    The file carries every count unsuppressed so that the network's files can be merged exactly: it is not the
    anonymised report, and the reading role that may see the report may not take the exact counts home.
    """
    require(actor, Action.EXPORT_EXACT_REPORT)
    record_export(session, actor, "kim_report_exact", ".json",
                  {"sessions": report.counselling.sessions, "referrals": report.referrals.total})  # fmt: skip
    write_report_json(report, path)
    return path


def _in_period(period: _Period) -> sa.ColumnElement[bool]:
    return sa.and_(CounsellingSession.held_at >= period.start_at, CounsellingSession.held_at < period.end_at)


def _counselling(session: Session, period: _Period, topics: list["_TopicCount"]) -> CounsellingFigures:
    year = sa.extract("year", CounsellingSession.held_at)
    month = sa.extract("month", CounsellingSession.held_at)
    months: dict[tuple[str, ...], int] = {
        (f"{int(y):04d}-{int(m):02d}",): int(n)
        for y, m, n in session.execute(
            sa.select(year, month, sa.func.count()).where(_in_period(period)).group_by(year, month)
        )
    }
    channels: Counter[tuple[str, ...]] = Counter()
    interpreter: Counter[tuple[str, ...]] = Counter()
    with_interpreter = CounsellingSession.interpreter_language.is_not(None)
    for channel, interpreted, n in session.execute(
        sa.select(CounsellingSession.channel, with_interpreter, sa.func.count())
        .where(_in_period(period))
        .group_by(CounsellingSession.channel, with_interpreter)
    ):
        channels[(channel.value,)] += n
        interpreter[("with" if interpreted else "without",)] += n
    people = session.scalar(
        sa.select(sa.func.count(sa.distinct(CounsellingSession.person_id))).where(_in_period(period))
    )
    first_held = (
        sa.select(CounsellingSession.person_id)
        .join(Person, Person.id == CounsellingSession.person_id)
        .where(CounsellingSession.held_at < period.end_at)
        .where(sa.or_(Person.first_contact_on.is_(None), Person.first_contact_on >= period.start))
        .group_by(CounsellingSession.person_id)
        .having(sa.func.min(CounsellingSession.held_at) >= period.start_at)
        .subquery()
    )
    new_people = session.scalar(sa.select(sa.func.count()).select_from(first_held))
    by_topic: Counter[tuple[str, ...]] = Counter()
    for topic in topics:
        by_topic[(topic.label,)] += topic.sessions
    return CounsellingFigures(
        sessions=sum(months.values()),
        people=int(people or 0),
        new_people=int(new_people or 0),
        by_month=count_table(("month",), months),
        by_channel=count_table(("channel",), channels),
        by_topic=count_table(("topic",), by_topic),
        by_interpreter=count_table(("interpreter",), interpreter),
    )


@dataclass(frozen=True)
class _TopicCount:
    """Sessions of the period with a topic, and how many different people had them."""

    label: str
    is_barrier: bool
    sessions: int
    people: int


def _topic_counts(session: Session, period: _Period) -> list[_TopicCount]:
    """One pass over the period's session topics for the topic table and the barrier tables."""
    rows = session.execute(
        sa.select(
            Topic.label, Topic.is_barrier, sa.func.count(), sa.func.count(sa.distinct(CounsellingSession.person_id))
        )
        .select_from(CounsellingSession)
        .join(session_topics, session_topics.c.session_id == CounsellingSession.id)
        .join(Topic, Topic.id == session_topics.c.topic_id)
        .where(_in_period(period))
        .group_by(Topic.label, Topic.is_barrier)
    )
    return [_TopicCount(label, bool(barrier), int(n), int(p)) for label, barrier, n, p in rows]


def _barriers(topics: list[_TopicCount]) -> tuple[CountTable, CountTable]:
    barriers = [topic for topic in topics if topic.is_barrier]
    return (
        count_table(("topic",), {(t.label,): t.sessions for t in barriers}),
        count_table(("topic",), {(t.label,): t.people for t in barriers}),
    )


def _referrals(session: Session, period: _Period) -> ReferralFigures:
    by_type: Counter[tuple[str, ...]] = Counter()
    by_provider: Counter[tuple[str, ...]] = Counter()
    by_state: Counter[tuple[str, ...]] = Counter()
    rows = session.execute(
        sa.select(Course.course_type, Organisation.name, Referral.state, sa.func.count())
        .join(Course, Course.id == Referral.course_id)
        .join(Organisation, Organisation.id == Course.provider_id)
        .where(Referral.created_at >= period.start_at, Referral.created_at < period.end_at)
        .group_by(Course.course_type, Organisation.name, Referral.state)
    )
    for course_type, provider, state, n in rows:
        by_type[(course_type.value,)] += n
        by_provider[(provider,)] += n
        by_state[(state.value,)] += n
    return ReferralFigures(
        total=sum(by_type.values()),
        by_course_type=count_table(("course_type",), by_type),
        by_provider=count_table(("provider",), by_provider),
        by_state=count_table(("state",), by_state),
        obliged=_obliged(session, period),
    )


def _obliged(session: Session, period: _Period) -> ObligedRegistration:
    counts = Counter[str]()
    rows = session.execute(
        sa.select(Permission.issued_on, Permission.registered_with_provider_on).where(
            Permission.obliged.is_(True), Permission.issued_on >= period.start, Permission.issued_on <= period.end
        )
    )
    limit = REGISTRATION_WITHOUT_DELAY_DAYS
    for issued, registered in rows:
        assert issued is not None  # the query asks for an issue date in the period
        if registered is not None:
            counts["without_delay" if (registered - issued).days <= limit else "late"] += 1
        else:
            counts["overdue" if (period.today - issued).days > limit else "pending"] += 1
    return ObligedRegistration(
        permissions=sum(counts.values()),
        without_delay=counts["without_delay"],
        late=counts["late"],
        overdue=counts["overdue"],
        pending=counts["pending"],
    )


def _waiting(session: Session, period: _Period) -> tuple[WaitingDays, ...]:
    first_session = (
        sa.select(sa.func.min(CounsellingSession.held_at))
        .where(CounsellingSession.person_id == Referral.person_id)
        .scalar_subquery()
    )
    rows = session.execute(
        sa.select(Referral.started_on, Course.course_type, Municipality.name, Person.first_contact_on, first_session)
        .join(Course, Course.id == Referral.course_id)
        .join(Person, Person.id == Referral.person_id)
        .outerjoin(Municipality, Municipality.id == Person.municipality_id)
        .where(Referral.started_on >= period.start, Referral.started_on <= period.end)
    )
    groups: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
    for started, course_type, municipality, first_contact, first_held in rows:
        firsts = [d for d in (first_contact, first_held.date() if first_held else None) if d is not None]
        if not firsts:
            continue  # nothing to count from
        assert started is not None  # the query asks for a start in the period
        groups[(course_type.value, municipality or UNKNOWN)].append(max(0, (started - min(firsts)).days))
    return tuple(WaitingDays(t, m, tuple(sorted(days))) for (t, m), days in sorted(groups.items()))


def _course_name(number: str | None, title: str | None, course_type: str, start: date) -> str:
    return number or title or f"{course_type} {start.isoformat()}"


def _seats(session: Session, period: _Period) -> tuple[CourseSeats, ...]:
    courses = session.execute(
        sa.select(
            Course.id, Organisation.name, Course.bamf_course_number, Course.title, Course.course_type,
            Course.start_date, Course.max_seats,
        )
        .join(Organisation, Organisation.id == Course.provider_id)
        .where(Course.start_date >= period.start, Course.start_date <= period.end)
        .where(Course.status != CourseStatus.CANCELLED)
    ).all()  # fmt: skip
    states: defaultdict[int, list[tuple[ReferralState, date | None]]] = defaultdict(list)
    if courses:
        ids = [c[0] for c in courses]
        for course_id, state, hold in session.execute(
            sa.select(Referral.course_id, Referral.state, Referral.hold_until).where(Referral.course_id.in_(ids))
        ):
            states[course_id].append((state, hold))
    result = []
    for course_id, provider, number, title, course_type, start, max_seats in courses:
        counted = count_seats(max_seats, states[course_id], min(start, period.today))
        name = _course_name(number, title, course_type.value, start)
        result.append(
            CourseSeats(provider, name, course_type.value, start, max_seats, counted.reserved, counted.booked)
        )
    return tuple(sorted(result, key=seat_order))


def _demand(session: Session, period: _Period) -> tuple[tuple[DemandCell, ...], tuple[DemandGap, ...]]:
    rows = session.execute(
        sa.select(
            WaitingListEntry.municipality_id, WaitingListEntry.course_type, WaitingListEntry.parts_of_day,
            WaitingListEntry.childcare_needed, WaitingListEntry.created_at,
        ).where(
            WaitingListEntry.created_at < period.end_at,
            sa.or_(WaitingListEntry.status == WaitingStatus.OPEN, WaitingListEntry.resolved_at >= period.end_at),
        )
    )  # fmt: skip
    names = {m_id: name for m_id, name in session.execute(sa.select(Municipality.id, Municipality.name))}
    cells: dict[tuple[int | None, str, str, bool], list[int]] = defaultdict(list)
    for municipality_id, course_type, parts, childcare, created in rows:
        key_parts = ",".join(sorted(p for p in parts.split(",") if p))
        waited = max(0, (period.reference_day - created.date()).days)
        cells[(municipality_id, course_type.value, key_parts, bool(childcare))].append(waited)
    demand = [
        DemandCell(names.get(m, UNKNOWN) if m else UNKNOWN, t, p, c, len(days), sum(days), max(days))
        for (m, t, p, c), days in cells.items()
    ]
    return tuple(sorted(demand, key=demand_key)), _gaps(session, period, cells, names)


def _gaps(
    session: Session,
    period: _Period,
    cells: dict[tuple[int | None, str, str, bool], list[int]],
    names: dict[int, str],
) -> tuple[DemandGap, ...]:
    """Per municipality x type x single part of day x childcare: how many could attend, nearest matching course."""
    wanted: Counter[tuple[int | None, str, str, bool]] = Counter()
    for (m, t, parts, childcare), days in cells.items():
        for part in parts.split(",") if parts else [p.value for p in PartOfDay]:
            wanted[(m, t, part, childcare)] += len(days)
    upcoming = session.execute(
        sa.select(Course.course_type, Course.start_time, Course.childcare_places, Course.location_id,
                  CourseLocation.name, Course.weekdays_mask, Course.end_time, Course.start_date, Course.end_date)
        .join(CourseLocation, CourseLocation.id == Course.location_id)
        .where(Course.start_date > period.reference_day)
        .where(Course.status.in_((CourseStatus.PLANNED, CourseStatus.OPEN)))
    ).all()  # fmt: skip
    minutes: dict[tuple[int | None, int], int] = {(m, loc): mins for m, loc, mins in session.execute(
        sa.select(TravelTime.municipality_id, TravelTime.location_id, TravelTime.minutes))}  # fmt: skip
    # From an imported timetable: per course schedule (by the hour), used for every municipality it answers for.
    timetable = reach_minutes(session)
    answered = answered_municipalities(session)
    # Courses of each (type, part of day, with childcare): few, so each gap looks at few.
    offers: defaultdict[tuple[str, str, bool], set[tuple[int, str, str]]] = defaultdict(set)
    for course_type, start_time, places, location_id, location, mask, end_time, first, last in upcoming:
        key = (course_type.value, part_of_day(start_time).value)
        schedule = schedule_key_of(mask, start_time, end_time, first, last)
        offers[(*key, False)].add((location_id, location, schedule))
        if places > 0:
            offers[(*key, True)].add((location_id, location, schedule))
    gaps = []
    for (m, t, part, childcare), count in wanted.items():
        if m in answered:
            found = [
                (timetable.get((m, loc_id, schedule)), name) for loc_id, name, schedule in offers[(t, part, childcare)]
            ]
            reachable = [(mins, name) for mins, name in found if mins is not None]
        else:
            reachable = [(minutes[(m, loc_id)], name) for loc_id, name, _ in offers[(t, part, childcare)]
                         if (m, loc_id) in minutes]  # fmt: skip
        best = min(reachable) if reachable else None
        municipality = names.get(m, UNKNOWN) if m else UNKNOWN
        gaps.append(
            DemandGap(municipality, t, part, childcare, count, best[0] if best else None, best[1] if best else "")
        )
    return tuple(sorted(gaps, key=gap_order))
