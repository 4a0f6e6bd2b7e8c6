"""GTFS trips and their stop times: references checked, missing times interpolated, frequencies expanded."""

import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kim_desktop.domain.text import N_, Text
from kim_desktop.exchange.gtfs_fields import BadValueError, Problems, parse_int, parse_time

if TYPE_CHECKING:
    from kim_desktop.exchange.gtfs_reader import GtfsFeed, GtfsTrip

_STOP_TIMES = "stop_times.txt"
# (sequence, stop id, arrival or None, departure or None, line)
_Row = tuple[int, str, int | None, int | None, int]


def read_trips(
    rows: Iterable[tuple[int, dict[str, str]]], feed: "GtfsFeed", problems: Problems
) -> dict[str, tuple[str, str, str]]:
    """trip_id -> (route_id, service_id, headsign), references to routes and services checked."""
    routes = {r.gtfs_id for r in feed.routes}
    trips: dict[str, tuple[str, str, str]] = {}
    for line, row in rows:
        trip_id, route_id, service_id = row["trip_id"], row["route_id"], row["service_id"]
        if trip_id in trips:
            problems.error("trips.txt", line, Text(N_("trip_id '{value}' doppelt"), value=trip_id))
        elif route_id not in routes:
            problems.error("trips.txt", line, Text(N_("route_id '{value}' fehlt in routes.txt"), value=route_id))
        elif service_id not in feed.services:
            problems.error("trips.txt", line, Text(N_("service_id '{value}' fehlt in calendar.txt"), value=service_id))
        else:
            trips[trip_id] = (route_id, service_id, row.get("trip_headsign", ""))
    return trips


def read_stop_times(
    rows: Iterable[tuple[int, dict[str, str]]],
    trips: dict[str, tuple[str, str, str]],
    feed: "GtfsFeed",
    frequencies: list[tuple[int, str, int, int, int]],
    problems: Problems,
) -> list["GtfsTrip"]:
    """Every trip with its stops in order; a trip with frequencies becomes one trip per departure."""
    from kim_desktop.exchange.gtfs_reader import GtfsTrip

    stops = {s.gtfs_id for s in feed.stops}
    by_trip: dict[str, list[_Row]] = {}
    for line, row in rows:
        trip_id, stop_id = row["trip_id"], row["stop_id"]
        try:
            sequence = parse_int(row["stop_sequence"], "stop_sequence", 0, 10_000_000)
            arrival = parse_time(row["arrival_time"], "arrival_time") if row.get("arrival_time") else None
            departure = parse_time(row["departure_time"], "departure_time") if row.get("departure_time") else None
        except BadValueError as bad:
            problems.error(_STOP_TIMES, line, bad.message)
            continue
        if trip_id not in trips:
            problems.error(_STOP_TIMES, line, Text(N_("trip_id '{value}' fehlt in trips.txt"), value=trip_id))
            continue
        if stop_id not in stops:
            problems.error(_STOP_TIMES, line, Text(N_("stop_id '{value}' fehlt in stops.txt"), value=stop_id))
            continue
        by_trip.setdefault(trip_id, []).append((sequence, stop_id, arrival, departure, line))
    result: list[GtfsTrip] = []
    timed: dict[str, tuple[tuple[str, int, int], ...]] = {}
    for trip_id, found in by_trip.items():
        times = _trip_times(trip_id, found, problems)
        if times is not None:
            timed[trip_id] = times
    repeated = _expand_frequencies(frequencies, timed, problems)
    for trip_id, times in timed.items():
        route, service, headsign = trips[trip_id]
        for suffix, shift in repeated.get(trip_id, (("", 0),)):
            shifted = tuple((stop, arr + shift, dep + shift) for stop, arr, dep in times)
            result.append(GtfsTrip(trip_id + suffix, route, service, headsign, shifted))
    for trip_id in trips.keys() - by_trip.keys():
        problems.warn("trips.txt", None, Text(N_("Fahrt '{value}' hat keine Haltezeiten"), value=trip_id))
    return result


def _trip_times(trip_id: str, rows: list[_Row], problems: Problems) -> tuple[tuple[str, int, int], ...] | None:
    rows.sort()
    for before, after in itertools.pairwise(rows):
        if before[0] == after[0]:
            problems.error(_STOP_TIMES, after[4], Text(N_("stop_sequence {value} doppelt"), value=after[0]))
            return None
    if len(rows) < 2:
        problems.warn(_STOP_TIMES, rows[0][4], Text(N_("Fahrt '{value}' hat nur einen Halt"), value=trip_id))
        return None
    for edge in (rows[0], rows[-1]):
        if edge[2] is None and edge[3] is None:
            problems.error(_STOP_TIMES, edge[4], Text(N_("erster und letzter Halt brauchen eine Uhrzeit")))
            return None
    known = [
        (i, r[2] if r[2] is not None else r[3]) for i, r in enumerate(rows) if r[2] is not None or r[3] is not None
    ]
    times: list[tuple[str, int, int]] = []
    previous = -1
    for (i, start), (j, end) in itertools.pairwise(known):
        for k in range(i, j):
            row = rows[k]
            if row[2] is None and row[3] is None:
                guess = assert_int(start) + (assert_int(end) - assert_int(start)) * (k - i) // (j - i)
                arrival = departure = guess
            else:
                arrival = row[2] if row[2] is not None else assert_int(row[3])
                departure = row[3] if row[3] is not None else arrival
            if arrival < previous or departure < arrival:
                problems.error(_STOP_TIMES, row[4], Text(N_("Uhrzeit liegt vor der des vorigen Halts")))
                return None
            times.append((row[1], arrival, departure))
            previous = departure
    last = rows[-1]
    arrival = last[2] if last[2] is not None else assert_int(last[3])
    if arrival < previous:
        problems.error(_STOP_TIMES, last[4], Text(N_("Uhrzeit liegt vor der des vorigen Halts")))
        return None
    times.append((last[1], arrival, last[3] if last[3] is not None else arrival))
    return tuple(times)


def assert_int(value: int | None) -> int:
    """A time known to be there."""
    if value is None:
        raise ValueError("time expected")
    return value


def _expand_frequencies(
    frequencies: list[tuple[int, str, int, int, int]],
    timed: dict[str, tuple[tuple[str, int, int], ...]],
    problems: Problems,
) -> dict[str, list[tuple[str, int]]]:
    """trip_id -> (id suffix, seconds to shift the template trip) for each departure of frequencies.txt."""
    repeated: dict[str, list[tuple[str, int]]] = {}
    for line, trip_id, start, end, headway in frequencies:
        times = timed.get(trip_id)
        if times is None:
            problems.error("frequencies.txt", line, Text(N_("trip_id '{value}' ohne gültige Fahrt"), value=trip_id))
            continue
        first = times[0][2]
        runs = repeated.setdefault(trip_id, [])
        for at in range(start, end, headway):
            runs.append((f"#{at // 60:04d}", at - first))
    return repeated
