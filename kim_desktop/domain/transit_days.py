"""Which trips run on a day (calendar, exceptions, trips past midnight) and the walks between nearby stops."""

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from kim_desktop.domain.public_holidays import is_public_holiday
from kim_desktop.domain.transit_routing import Connection, DayTimetable, day_timetable

DAY = 86_400
WALK_RADIUS_M = 300
WALK_METRES_PER_SECOND = 1.0  # a slow pace with detours; 300 m take 5 minutes
SAME_STOP_CHANGE_S = 60  # default minimum time to change between two trips at the same stop


@dataclass(frozen=True)
class Service:
    """A GTFS service: weekdays in a date range (calendar.txt) and added or removed days (calendar_dates.txt)."""

    weekdays_mask: int = 0  # Monday = bit 0
    start: date | None = None
    end: date | None = None
    added: frozenset[date] = frozenset()
    removed: frozenset[date] = frozenset()

    def runs_on(self, day: date) -> bool:
        """Whether the service runs on the day."""
        if day in self.removed:
            return False
        if day in self.added:
            return True
        if self.start is None or self.end is None:
            return False
        return self.start <= day <= self.end and bool(self.weekdays_mask & (1 << day.weekday()))


@dataclass(frozen=True)
class Trip:
    """A trip as the router needs it: its service and its stops with arrival and departure (seconds)."""

    service: int
    stops: tuple[tuple[int, int, int], ...]  # (stop, arrival, departure), in order


@dataclass
class Timetable:
    """A whole feed for routing: services, trips and walks; days are built from it (and cached by signature)."""

    stop_count: int
    services: list[Service]
    trips: list[Trip]
    walks: dict[int, list[tuple[int, int]]]
    _days: dict[tuple[frozenset[int], frozenset[int]], DayTimetable] = field(default_factory=dict)
    _sorted: list[tuple[Connection, ...]] = field(default_factory=list)  # all trips' connections, both orders
    _late: tuple[int, frozenset[int]] | None = None

    def signature(self, day: date, window_from: int = -DAY) -> tuple[frozenset[int], frozenset[int]]:
        """Services running on the day and, for trips past midnight, on the day before.

        window_from: the earliest time a scan looks at; yesterday's trips count only if one still runs then.
        """
        today = frozenset(i for i, s in enumerate(self.services) if s.runs_on(day))
        latest, overnight = self._overnight()
        if window_from > latest - DAY:
            return today, frozenset()
        before = day - timedelta(days=1)
        return today, frozenset(i for i in overnight if self.services[i].runs_on(before))

    def _overnight(self) -> tuple[int, frozenset[int]]:
        """The latest arrival of a trip past midnight, and the services of such trips (cached)."""
        if self._late is None:
            late = [t for t in self.trips if t.stops and t.stops[-1][1] >= DAY]
            self._late = (max((t.stops[-1][1] for t in late), default=0), frozenset(t.service for t in late))
        return self._late

    def on(self, day: date, window_from: int = -DAY) -> DayTimetable:
        """The connections of the day (times after the day's midnight; yesterday's late trips shifted by -24 h)."""
        key = self.signature(day, window_from)
        found = self._days.get(key)
        if found is None:
            found = self._days[key] = self._day(*key)
        return found

    def _day(self, today: frozenset[int], yesterday: frozenset[int]) -> DayTimetable:
        if not self._sorted:
            everything = [c for index, trip in enumerate(self.trips) for c in _rides(trip, index, 0)]
            self._sorted.append(tuple(sorted(everything, key=_forward_order)))
            self._sorted.append(tuple(sorted(everything, key=_backward_order, reverse=True)))
        n = len(self.trips)
        running = [trip.service in today for trip in self.trips]
        forward = [c for c in self._sorted[0] if running[c[4]]]
        backward = [c for c in self._sorted[1] if running[c[4]]]
        late = [c for i, t in enumerate(self.trips) if t.service in yesterday and t.stops[-1][1] >= DAY
                for c in _rides(t, i + n, DAY)]  # fmt: skip
        if late:
            forward = sorted(forward + late, key=_forward_order)
            backward = sorted(backward + late, key=_backward_order, reverse=True)
        return day_timetable(forward, self.stop_count, 2 * n, self.walks, backward=backward, presorted=True)


def _forward_order(c: Connection) -> tuple[int, int, int]:
    return c[0], c[1], c[5]


def _backward_order(c: Connection) -> tuple[int, int, int]:
    return c[1], c[0], c[5]


def _rides(trip: Trip, index: int, shift: int) -> Iterator[Connection]:
    stops = trip.stops
    for pos in range(len(stops) - 1):
        origin, _, dep = stops[pos]
        dest, arr, _ = stops[pos + 1]
        yield (dep - shift, arr - shift, origin, dest, index, pos)


def course_days(start: date, end: date, weekdays_mask: int) -> Iterator[date]:
    """Every day from start to end on one of the weekdays, except nationwide public holidays (no course then)."""
    day = start
    while day <= end:
        if weekdays_mask & (1 << day.weekday()) and not is_public_holiday(day):
            yield day
        day += timedelta(days=1)


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(min(1.0, math.sqrt(a)))


def walk_seconds(metres: float) -> int:
    """Walking time in whole minutes (at least one), as seconds."""
    return max(1, math.ceil(metres / WALK_METRES_PER_SECOND / 60)) * 60


def nearby_walks(
    stops: Iterable[int],
    coords: dict[int, tuple[float, float]],
    given: Iterable[tuple[int, int, int | None]] = (),
) -> dict[int, list[tuple[int, int]]]:
    """Walks between stops: transfers.txt rows (from, to, seconds; None: no transfer) else stops within 300 m.

    Every stop can be changed at itself (one minute unless transfers.txt says otherwise).
    """
    walks: dict[tuple[int, int], int | None] = {}
    cells: defaultdict[tuple[int, int], list[int]] = defaultdict(list)
    size = 0.005  # degrees: > 300 m in latitude, and in longitude at German latitudes
    for stop, (lat, lon) in coords.items():
        cells[(int(lat // size), int(lon // size))].append(stop)
    for (cy, cx), members in cells.items():
        for stop in members:
            lat, lon = coords[stop]
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    for other in cells.get((cy + dy, cx + dx), ()):
                        if other != stop:
                            metres = distance_m(lat, lon, *coords[other])
                            if metres <= WALK_RADIUS_M:
                                walks[(stop, other)] = walk_seconds(metres)
    for origin, target, seconds in given:
        walks[(origin, target)] = seconds
    result: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)
    for stop in stops:
        if (stop, stop) not in walks:
            walks[(stop, stop)] = SAME_STOP_CHANGE_S
    for (origin, target), seconds in walks.items():
        if seconds is not None:
            result[origin].append((target, max(1, seconds)))
    return dict(result)
