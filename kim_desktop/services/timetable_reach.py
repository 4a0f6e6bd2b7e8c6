"""Compute, for every municipality x course location x course schedule, whether it is reachable on every course day."""

import time as clock_time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import Course
from kim_desktop.db.network_mode import in_network
from kim_desktop.db.timetable_models import TimetableFeed, TimetableReach, TimetableStopLink
from kim_desktop.domain.access import Action, Actor
from kim_desktop.domain.enums import CourseStatus
from kim_desktop.domain.transit_days import course_days
from kim_desktop.domain.transit_journey import JourneyLeg, Way, clock, journey_json, schedule_key
from kim_desktop.domain.transit_routing import INF, BackwardScan, ForwardScan, Ride, scan_backward, scan_forward
from kim_desktop.services.audit import check_if_signed_in
from kim_desktop.services.timetable_network import LoadedTimetable, load_timetable

HORIZON_S = 3 * 3600  # a way there or back takes at most three hours


@dataclass(frozen=True)
class ReachSummary:
    """What a computation found."""

    pairs: int  # municipality x location x schedule answers stored
    reachable: int
    schedules: int
    seconds: float


@dataclass(frozen=True)
class _CourseSchedule:
    weekdays_mask: int
    start_time: time
    end_time: time
    start_date: date
    end_date: date


@dataclass
class _Tally:
    without_there: int = 0
    without_back: int = 0
    first_failing: date | None = None
    typical: tuple[int, Way, Way] | None = None  # (days of its kind, way there, way back)

    def fail(self, days: list[date], there: bool, back: bool) -> None:
        self.without_there += 0 if there else len(days)
        self.without_back += 0 if back else len(days)
        if not (there and back):
            self.first_failing = min(days[0], self.first_failing or days[0])


def _seconds(t: time) -> int:
    return t.hour * 3600 + t.minute * 60


def _links(session: Session) -> tuple[dict[int, dict[int, int]], dict[int, dict[int, int]]]:
    places: tuple[defaultdict[int, dict[int, int]], defaultdict[int, dict[int, int]]] = (
        defaultdict(dict), defaultdict(dict)
    )  # fmt: skip
    for m_id, loc_id, stop_id, walk in session.execute(
        sa.select(TimetableStopLink.municipality_id, TimetableStopLink.location_id, TimetableStopLink.stop_id,
                  TimetableStopLink.walk_minutes)
    ):  # fmt: skip
        if m_id is not None:
            places[0][m_id][stop_id - 1] = walk * 60
        elif loc_id is not None:
            places[1][loc_id][stop_id - 1] = walk * 60
    return dict(places[0]), dict(places[1])


def _way(loaded: LoadedTimetable, rides: tuple[Ride, ...], before: int, after: int, stop_at: int) -> Way:
    legs = tuple(
        JourneyLeg(*loaded.line_of(r.trip), loaded.stop_names[r.from_stop], clock(r.departure),
                   loaded.stop_names[r.to_stop], clock(r.arrival))
        for r in rides
    )  # fmt: skip
    leave = (rides[0].departure if rides else stop_at) - before
    arrive = (rides[-1].arrival if rides else stop_at) + after
    return Way(legs, before // 60, after // 60, clock(leave), clock(arrive), (arrive - leave) // 60)


def _there(loaded: LoadedTimetable, scan: BackwardScan, home: dict[int, int], at: dict[int, int]) -> Way | None:
    best = max(((scan.departure[s] - w, s) for s, w in home.items()), default=(-INF, -1))
    if best[0] <= -INF // 2:
        return None
    rides = scan.rides_from(best[1]) or ()
    last = rides[-1].to_stop if rides else best[1]
    return _way(loaded, rides, home[best[1]], at[last], scan.departure[best[1]])


def _back(loaded: LoadedTimetable, scan: ForwardScan, home: dict[int, int], at: dict[int, int]) -> Way | None:
    best = min(((scan.arrival[s] + w, s) for s, w in home.items()), default=(INF, -1))
    if best[0] >= INF // 2:
        return None
    rides = scan.rides_to(best[1]) or ()
    first = rides[0].from_stop if rides else best[1]
    return _way(loaded, rides, at[first], home[best[1]], scan.arrival[best[1]])


def _schedules(session: Session, today: date) -> dict[int, set[_CourseSchedule]]:
    found: defaultdict[int, set[_CourseSchedule]] = defaultdict(set)
    for loc, mask, start_time, end_time, start_date, end_date in session.execute(
        sa.select(Course.location_id, Course.weekdays_mask, Course.start_time, Course.end_time, Course.start_date,
                  Course.end_date)
        .where(Course.status.not_in((CourseStatus.CANCELLED, CourseStatus.FINISHED)), Course.end_date >= today)
    ):  # fmt: skip
        found[loc].add(_CourseSchedule(mask, start_time, end_time, start_date, end_date))
    return dict(found)


def compute_reachability(
    session: Session, today: date, *, actor: Actor | None = None, progress: Callable[[int, int], None] | None = None
) -> ReachSummary:
    """Replace the stored answers: for each pair and schedule, count the course days without a way there or back."""
    check_if_signed_in(actor, Action.EDIT_NETWORK)
    return _compute(session, today, progress, missing_only=False)


def compute_missing_reachability(session: Session, today: date, *, actor: Actor | None = None) -> ReachSummary:
    """Answers for the course schedules that have none yet (a course added or moved), after a change of courses.

    Answers of schedules no course has any more are removed. Without a timetable, or with nothing missing, this
    only looks (the timetable is not loaded). On a network server the network's administrator computes them.
    """
    check_if_signed_in(actor, Action.EDIT_COURSES)
    return _compute(session, today, None, missing_only=True)


def _stored_keys(session: Session) -> set[tuple[int, str]]:
    rows = session.execute(sa.select(TimetableReach.location_id, TimetableReach.schedule).distinct())
    return {(location_id, key) for location_id, key in rows}


def _compute(
    session: Session, today: date, progress: Callable[[int, int], None] | None, *, missing_only: bool
) -> ReachSummary:
    began = clock_time.perf_counter()
    with session.begin():
        if missing_only and (in_network(session) or session.scalar(sa.select(TimetableFeed.id).limit(1)) is None):
            return ReachSummary(0, 0, 0, clock_time.perf_counter() - began)
        coverage = session.execute(sa.select(TimetableFeed.first_day, TimetableFeed.last_day)).first()
        if coverage is not None and coverage[0] is not None and coverage[1] is not None:
            today = max(today, coverage[0])
            last = coverage[1]
        else:
            last = date.max
        schedules = _schedules(session, today)
        homes, locations = _links(session)
        # Only locations with a stop get answers: the others would look missing after every change.
        wanted = {(loc, schedule_key(s)) for loc, found in schedules.items() if loc in locations for s in found}
        stored: set[tuple[int, str]] = set()
        if missing_only:
            stored = _stored_keys(session)
            for loc, key in stored - wanted:  # a schedule no course has any more
                session.execute(
                    sa.delete(TimetableReach).where(TimetableReach.location_id == loc, TimetableReach.schedule == key)
                )
            if not wanted - stored:
                return ReachSummary(0, 0, 0, clock_time.perf_counter() - began)
        else:
            session.execute(sa.delete(TimetableReach))
        loaded = load_timetable(session)
        if loaded is None:
            return ReachSummary(0, 0, 0, clock_time.perf_counter() - began)
        rows: list[dict[str, Any]] = []
        jobs = sorted(((loc, s) for loc, found in schedules.items() if loc in locations for s in found
                       if (loc, schedule_key(s)) not in stored),
                      key=lambda job: (job[0], schedule_key(job[1])))  # fmt: skip
        scans: dict[tuple[object, ...], Any] = {}
        for done, (loc, schedule) in enumerate(jobs):
            if done and jobs[done - 1][0] != loc:
                scans.clear()  # scans are shared by the schedules of one location with equal times
            rows.extend(_answers(loaded, homes, locations[loc], loc, schedule, today, last, scans))
            if progress is not None:
                progress(done + 1, len(jobs))
        for start in range(0, len(rows), 10_000):
            session.execute(sa.insert(TimetableReach), rows[start : start + 10_000])
        if not missing_only:
            session.execute(sa.update(TimetableFeed).values(computed_at=datetime.now().replace(microsecond=0)))
        reachable = sum(1 for r in rows if r["reachable"])
    return ReachSummary(len(rows), reachable, len(jobs), clock_time.perf_counter() - began)


def _answers(
    loaded: LoadedTimetable, homes: dict[int, dict[int, int]], at: dict[int, int], location_id: int,
    schedule: _CourseSchedule, today: date, last: date, scans: dict[tuple[object, ...], Any],
) -> list[dict[str, Any]]:  # fmt: skip
    """Answers for one location and schedule: course days from today to the end (within the timetable's days)."""
    timetable = loaded.timetable
    start, end = _seconds(schedule.start_time), _seconds(schedule.end_time)
    groups: defaultdict[tuple[object, object], list[date]] = defaultdict(list)
    days = list(course_days(max(schedule.start_date, today), min(schedule.end_date, last), schedule.weekdays_mask))
    for day in days:
        groups[(timetable.signature(day, start - HORIZON_S), timetable.signature(day, end))].append(day)
    tallies = {m: _Tally() for m in homes}
    for (there_key, back_key), group in groups.items():
        there_scan = scans.get((there_key, start, "there"))
        if there_scan is None:
            network = timetable.on(group[0], start - HORIZON_S)
            targets = {s: start - w for s, w in at.items()}
            there_scan = scans[(there_key, start, "there")] = scan_backward(network, targets, since=start - HORIZON_S)
        back_scan = scans.get((back_key, end, "back"))
        if back_scan is None:
            sources = {s: end + w for s, w in at.items()}
            network = timetable.on(group[0], end)
            back_scan = scans[(back_key, end, "back")] = scan_forward(network, sources, until=end + HORIZON_S)
        for m, home in homes.items():
            there = _there(loaded, there_scan, home, at)
            back = _back(loaded, back_scan, home, at)
            tally = tallies[m]
            tally.fail(group, there is not None, back is not None)
            if there is not None and back is not None and (tally.typical is None or tally.typical[0] < len(group)):
                tally.typical = (len(group), there, back)
    key = schedule_key(schedule)
    rows = []
    for m, tally in tallies.items():
        ok = bool(days) and tally.without_there == 0 and tally.without_back == 0
        typical = tally.typical
        rows.append({
            "municipality_id": m, "location_id": location_id, "schedule": key, "reachable": ok,
            "course_days": len(days), "days_without_way_there": tally.without_there,
            "days_without_way_back": tally.without_back, "first_failing_day": tally.first_failing,
            "minutes": typical[1].minutes if typical else None,
            "journey": journey_json(typical[1], typical[2]) if typical else "",
        })  # fmt: skip
    return rows
