"""The stored timetable loaded for routing: services, trips, walks, and names for the journeys' sentences."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.timetable_models import (
    TimetableRoute,
    TimetableService,
    TimetableServiceDay,
    TimetableStop,
    TimetableStopTime,
    TimetableTransfer,
    TimetableTrip,
)
from kim_desktop.domain.transit_days import Service, Timetable, Trip, nearby_walks
from kim_desktop.domain.transit_journey import mode_label


@dataclass
class LoadedTimetable:
    """A Timetable whose stop and trip numbers are indexes into these lists (stop index = stop id - 1)."""

    timetable: Timetable
    stop_names: list[str]
    trip_lines: list[tuple[str, str]]  # (mode, line) per trip index

    def line_of(self, trip: int) -> tuple[str, str]:
        """Mode and line of a trip index of a day (yesterday's copies are numbered after today's)."""
        return self.trip_lines[trip % len(self.trip_lines)]


def load_timetable(session: Session) -> LoadedTimetable | None:
    """The whole stored timetable (inside the caller's transaction); None when none is imported."""
    stops = session.execute(
        sa.select(TimetableStop.id, TimetableStop.name, TimetableStop.latitude, TimetableStop.longitude).order_by(
            TimetableStop.id
        )
    ).all()
    if not stops:
        return None
    count = stops[-1][0]
    names = [""] * count
    coords: dict[int, tuple[float, float]] = {}
    for stop_id, name, lat, lon in stops:
        names[stop_id - 1] = name
        if lat is not None and lon is not None:
            coords[stop_id - 1] = (lat, lon)
    service_index: dict[int, int] = {}
    services: list[Service] = []
    added: defaultdict[int, set[date]] = defaultdict(set)
    removed: defaultdict[int, set[date]] = defaultdict(set)
    for service_id, day, is_added in session.execute(
        sa.select(TimetableServiceDay.service_id, TimetableServiceDay.day, TimetableServiceDay.added)
    ):
        (added if is_added else removed)[service_id].add(day)
    for service_id, mask, start, end in session.execute(
        sa.select(TimetableService.id, TimetableService.weekdays_mask, TimetableService.start_date,
                  TimetableService.end_date).order_by(TimetableService.id)
    ):  # fmt: skip
        service_index[service_id] = len(services)
        services.append(Service(mask, start, end, frozenset(added[service_id]), frozenset(removed[service_id])))
    trip_index: dict[int, int] = {}
    trip_services: list[int] = []
    lines: list[tuple[str, str]] = []
    for trip_id, service_id, label, route_type in session.execute(
        sa.select(TimetableTrip.id, TimetableTrip.service_id, TimetableRoute.label, TimetableRoute.route_type)
        .join(TimetableRoute, TimetableRoute.id == TimetableTrip.route_id)
        .order_by(TimetableTrip.id)
    ):
        trip_index[trip_id] = len(trip_services)
        trip_services.append(service_index[service_id])
        lines.append((mode_label(route_type), label))
    halts: list[list[tuple[int, int, int]]] = [[] for _ in trip_services]
    for trip_id, stop_id, arrival, departure in session.execute(
        sa.select(TimetableStopTime.trip_id, TimetableStopTime.stop_id, TimetableStopTime.arrival,
                  TimetableStopTime.departure).order_by(TimetableStopTime.trip_id, TimetableStopTime.position)
    ):  # fmt: skip
        halts[trip_index[trip_id]].append((stop_id - 1, arrival, departure))
    trips = [Trip(service, tuple(h)) for service, h in zip(trip_services, halts, strict=True)]
    given = [
        (a - 1, b - 1, seconds)
        for a, b, seconds in session.execute(
            sa.select(TimetableTransfer.from_stop_id, TimetableTransfer.to_stop_id, TimetableTransfer.seconds)
        )
    ]
    walks = nearby_walks(range(count), coords, given)
    return LoadedTimetable(Timetable(count, services, trips, walks), names, lines)
