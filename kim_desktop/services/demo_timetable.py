"""A synthetic but plausible GTFS feed for the demo county: rural buses, school-day trips, a town bus and a railway.

Hollwinkel has a bus into town early on every weekday but none back after the early afternoon: it reaches the
morning courses in town, not the evening ones.
"""

import math
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from kim_desktop.domain.public_holidays import public_holidays
from kim_desktop.exchange.gtfs_reader import read_feed
from kim_desktop.exchange.gtfs_writer import gtfs_time, write_feed
from kim_desktop.services.timetable_import import store_feed
from kim_desktop.services.timetable_matching import match_stops

Rows = list[dict[str, object]]
SCHOOL_ONLY_VILLAGE = "Hollwinkel"


@dataclass(frozen=True)
class DemoPlace:
    """A municipality or course location of the demo county, as the feed needs it."""

    id: int
    name: str
    latitude: float
    longitude: float
    is_town: bool = False
    municipality_id: int = 0  # for a location: where it is
    street: str = ""


def _km(a: DemoPlace, b: DemoPlace) -> float:
    dy = (a.latitude - b.latitude) * 111.2
    dx = (a.longitude - b.longitude) * 111.2 * math.cos(math.radians(a.latitude))
    return math.hypot(dx, dy)


def _school_holidays(first: date, last: date) -> list[date]:
    """Approximate Lower Saxony school holidays: autumn, Christmas, Easter, summer."""
    days: list[date] = []
    for year in range(first.year - 1, last.year + 1):
        for start, length in ((date(year, 10, 13), 12), (date(year, 12, 23), 15), (date(year, 3, 23), 14),
                              (date(year, 7, 3), 42)):  # fmt: skip
            days.extend(start + timedelta(days=d) for d in range(length))
    return sorted(d for d in days if first <= d <= last and d.weekday() < 5)


def _calendar(first: date, last: date) -> tuple[Rows, Rows]:
    span = {"start_date": f"{first:%Y%m%d}", "end_date": f"{last:%Y%m%d}"}
    week = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

    def service(service_id: str, days: range) -> dict[str, object]:
        return {"service_id": service_id, **{w: int(i in days) for i, w in enumerate(week)}, **span}

    holidays = sorted(d for y in range(first.year, last.year + 1) for d in public_holidays(y) if first <= d <= last)
    exceptions: Rows = [
        {"service_id": s, "date": f"{d:%Y%m%d}", "exception_type": 2}
        for d in holidays for s in ("weekdays", "school", "saturdays") if d.weekday() < 6
    ]  # fmt: skip
    exceptions += [{"service_id": "school", "date": f"{d:%Y%m%d}", "exception_type": 2}
                   for d in _school_holidays(first, last) if d not in holidays]  # fmt: skip
    calendar = [service("weekdays", range(5)), service("school", range(5)), service("saturdays", range(5, 6)),
                service("daily", range(7))]  # fmt: skip
    return calendar, exceptions


class _Builder:
    def __init__(self) -> None:
        self.stops: Rows = []
        self.routes: Rows = []
        self.trips: Rows = []
        self.stop_times: Rows = []
        self.frequencies: Rows = []

    def stop(self, stop_id: str, name: str, lat: float, lon: float) -> str:
        self.stops.append({"stop_id": stop_id, "stop_name": name, "stop_lat": round(lat, 5),
                           "stop_lon": round(lon, 5)})  # fmt: skip
        return stop_id

    def route(self, route_id: str, label: str, route_type: int) -> None:
        self.routes.append({"route_id": route_id, "agency_id": "vgm", "route_short_name": label,
                            "route_type": route_type})  # fmt: skip

    def trip(self, route: str, service: str, halts: list[tuple[str, int]], every: int = 0, until: int = 0) -> None:
        trip_id = f"{route}-{len(self.trips) + 1}"
        self.trips.append({"route_id": route, "service_id": service, "trip_id": trip_id})
        for seq, (stop, at) in enumerate(halts, 1):
            self.stop_times.append({"trip_id": trip_id, "arrival_time": gtfs_time(at), "departure_time": gtfs_time(at),
                                    "stop_id": stop, "stop_sequence": seq})  # fmt: skip
        if every:
            self.frequencies.append({"trip_id": trip_id, "start_time": gtfs_time(halts[0][1]),
                                     "end_time": gtfs_time(until), "headway_secs": every})  # fmt: skip


def _hm(hours: int, minutes: int) -> int:
    return hours * 3600 + minutes * 60


def demo_feed_files(
    municipalities: list[DemoPlace], locations: list[DemoPlace], today: date
) -> dict[str, Rows]:  # fmt: skip
    """The feed's files as rows (deterministic: only the places and today decide it)."""
    b = _Builder()
    towns = [m for m in municipalities if m.is_town] or municipalities[:1]
    hub: dict[int, str] = {}
    for t in towns:
        hub[t.id] = b.stop(f"zob{t.id}", f"{t.name} ZOB", t.latitude, t.longitude)
        b.stop(f"bf{t.id}", f"{t.name} Bahnhof", t.latitude - 0.002, t.longitude + 0.001)
        b.stop(f"markt{t.id}", f"{t.name} Markt", t.latitude + 0.004, t.longitude)
    at_location = {
        loc.id: b.stop(f"loc{loc.id}", f"{loc.name.split(' (')[0]} ({loc.street})" if loc.street else loc.name,
                       loc.latitude + 0.0008, loc.longitude)
        for loc in locations
    }  # fmt: skip
    b.route("stadt", "Stadtbus 1", 3)
    for t in towns:
        in_town = [at_location[loc.id] for loc in locations if loc.municipality_id == t.id]
        line = [hub[t.id], f"markt{t.id}", *in_town, f"bf{t.id}"]
        for service, first, last in (("weekdays", _hm(6, 0), _hm(21, 0)), ("saturdays", _hm(8, 0), _hm(14, 0))):
            for stops in (line, line[::-1]):
                b.trip("stadt", service, [(s, first + 180 * k) for k, s in enumerate(stops)], every=1200, until=last)
    b.route("rb61", "RB 61", 2)
    villages = [m for m in municipalities if m not in towns]
    for index, village in enumerate(villages):
        town = min(towns, key=lambda t: _km(village, t))
        minutes = max(12, round(_km(village, town) * 1.8))
        kirche = b.stop(f"k{village.id}", f"{village.name} Kirche", village.latitude, village.longitude)
        schule = b.stop(f"s{village.id}", f"{village.name} Schule", village.latitude + 0.003, village.longitude)
        own = [at_location[loc.id] for loc in locations if loc.municipality_id == village.id]
        outward = [kirche, schule, *own]
        route = f"{510 + 10 * index}"
        b.route(route, route, 3)

        def ride(service: str, leave: int, inbound: bool, *, route: str = route, outward: list[str] = outward,
                 town: DemoPlace = town, minutes: int = minutes) -> None:  # fmt: skip
            stops = [*outward, hub[town.id]] if inbound else [hub[town.id], *outward[::-1]]
            step = minutes * 60 // (len(stops) - 1)
            b.trip(route, service, [(s, leave + step * k) for k, s in enumerate(stops)])

        school_only = village.name == SCHOOL_ONLY_VILLAGE
        ride("weekdays", _hm(6, 50) if school_only else _hm(6, 20), True)
        ride("school", _hm(7, 42) - (0 if school_only else 30 * 60), True)
        ride("weekdays", _hm(13, 30), False)
        ride("school", _hm(14, 10) if school_only else _hm(13, 40), False)
        ride("saturdays", _hm(9, 0), True)
        ride("saturdays", _hm(13, 0), False)
        if not school_only:
            ride("weekdays", _hm(9, 20), True)
            ride("weekdays", _hm(16, 30), False)
            if index % 3 != 0:  # evening buses only on the busier lines
                ride("weekdays", _hm(17, 0), True)
                ride("weekdays", _hm(19, 15), False)
                ride("weekdays", _hm(21, 40), False)
        if index % 4 == 1:  # a station on the railway to the town
            station = b.stop(f"bf{village.id}", f"{village.name} Bahnhof", village.latitude - 0.002,
                             village.longitude + 0.001)  # fmt: skip
            travel = max(8, round(_km(village, town) * 0.9)) * 60
            b.trip("rb61", "daily", [(station, _hm(5, 30)), (f"bf{town.id}", _hm(5, 30) + travel)], every=3600,
                   until=_hm(22, 31))  # fmt: skip
            b.trip("rb61", "daily", [(f"bf{town.id}", _hm(5, 45)), (station, _hm(5, 45) + travel)], every=3600,
                   until=_hm(23, 46))  # fmt: skip
    calendar, exceptions = _calendar(today - timedelta(days=30), today + timedelta(days=800))
    return {
        "agency.txt": [{"agency_id": "vgm", "agency_name": "Verkehrsgemeinschaft Musterland (Demo)",
                        "agency_url": "https://vgm.example", "agency_timezone": "Europe/Berlin"}],
        "stops.txt": b.stops, "routes.txt": b.routes, "trips.txt": b.trips, "stop_times.txt": b.stop_times,
        "calendar.txt": calendar, "calendar_dates.txt": exceptions, "frequencies.txt": b.frequencies,
    }  # fmt: skip


def write_demo_feed(path: Path, municipalities: list[DemoPlace], locations: list[DemoPlace], today: date) -> Path:
    """The demo feed as a GTFS zip."""
    return write_feed(path, demo_feed_files(municipalities, locations, today))


def add_demo_timetable(
    session: Session, municipalities: list[DemoPlace], locations: list[DemoPlace], today: date
) -> int:
    """Write the demo feed through the GTFS reader (so it is checked like any feed) and store it; stops suggested."""
    with tempfile.TemporaryDirectory() as folder:
        feed = read_feed(write_demo_feed(Path(folder) / "demo-fahrplan.zip", municipalities, locations, today))
    if feed.problems.errors:
        raise ValueError(f"demo feed is broken: {feed.problems.errors[:3]}")
    stamp = datetime.combine(today, time(7, 0))
    feed_id = store_feed(session, "demo-fahrplan.zip", feed, imported_at=stamp)
    match_stops(session, [])
    return feed_id
