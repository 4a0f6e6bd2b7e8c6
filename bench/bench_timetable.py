"""GTFS at county scale: a generated feed (2,000 stops, 20,000 trips, 400,000 stop times) imported and answered."""

import math
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

from bench.common import BENCH_DIR, BenchResult, median_ms, scaled_database
from kim_desktop.db import models as m
from kim_desktop.db.engine import sqlite_url
from kim_desktop.db.timetable_models import TimetableReach
from kim_desktop.exchange.gtfs_writer import gtfs_time, write_feed
from kim_desktop.services.course_lookup import find_courses_for_person
from kim_desktop.services.database import OpenDatabase, open_database
from kim_desktop.services.timetable_import import import_timetable
from kim_desktop.services.timetable_reach import compute_reachability

SCALE = 16  # the demo county x16: 32 municipalities, 40 course locations, 640 courses
STOPS, LINES, TRIPS_PER_LINE, STOPS_PER_TRIP = 2_000, 200, 100, 20
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def county_feed(path: Path, places: list[tuple[str, float, float]], locations: list[tuple[float, float]]) -> Path:
    """Stops around each municipality and at each location; lines from villages into the nearest town."""
    rng = random.Random(20)
    stops: list[dict[str, object]] = []
    by_place: list[list[str]] = [[] for _ in places]
    for k, (lat, lon) in enumerate(locations):
        stops.append({"stop_id": f"l{k}", "stop_name": f"Kursort {k}", "stop_lat": lat + 0.0005, "stop_lon": lon})
        nearest = min(range(len(places)), key=lambda i: (places[i][1] - lat) ** 2 + (places[i][2] - lon) ** 2)
        by_place[nearest].append(f"l{k}")
    for i in range(STOPS - len(locations)):
        p = i % len(places)
        name, lat, lon = places[p]
        angle, radius = rng.uniform(0, 2 * math.pi), rng.uniform(0, 0.02)
        stops.append({"stop_id": f"s{i}", "stop_name": f"{name} Haltestelle {i // len(places) + 1}",
                      "stop_lat": round(lat + radius * math.sin(angle), 5),
                      "stop_lon": round(lon + radius * math.cos(angle), 5)})  # fmt: skip
        by_place[p].append(f"s{i}")
    week = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    span = {"start_date": f"{date.today() - timedelta(days=30):%Y%m%d}",
            "end_date": f"{date.today() + timedelta(days=800):%Y%m%d}"}  # fmt: skip
    calendar = [
        {"service_id": sid, **{w: int(i in days) for i, w in enumerate(week)}, **span}
        for sid, days in (("wd", range(5)), ("school", range(5)), ("sa", range(5, 6)), ("su", range(6, 7)))
    ]
    holidays = [{"service_id": "school", "date": f"{date.today() + timedelta(days=d):%Y%m%d}", "exception_type": 2}
                for d in range(60, 74)]  # fmt: skip
    routes, trips, stop_times = [], [], []
    towns = [i for i, (name, *_) in enumerate(places) if i % 8 == 0]
    for line in range(LINES):
        home = line % len(places)
        town = min(towns, key=lambda t: (places[t][1] - places[home][1]) ** 2 + (places[t][2] - places[home][2]) ** 2)
        half = STOPS_PER_TRIP // 2
        line_stops = rng.sample(by_place[home], min(half, len(by_place[home])))
        line_stops += rng.sample(by_place[town], STOPS_PER_TRIP - len(line_stops))
        routes.append({"route_id": f"r{line}", "route_short_name": str(400 + line), "route_type": 3})
        for t in range(TRIPS_PER_LINE):
            stops_of_trip = line_stops if t % 2 == 0 else line_stops[::-1]
            at = 5 * 3600 + (t // 2) * 1300 + rng.randint(0, 300)
            service = rng.choices(("wd", "school", "sa", "su"), (60, 15, 15, 10))[0]
            trip_id = f"t{line}-{t}"
            trips.append({"route_id": f"r{line}", "service_id": service, "trip_id": trip_id})
            for seq, stop in enumerate(stops_of_trip, 1):
                stop_times.append({"trip_id": trip_id, "arrival_time": gtfs_time(at), "departure_time": gtfs_time(at),
                                   "stop_id": stop, "stop_sequence": seq})  # fmt: skip
                at += rng.randint(1, 4) * 60
    return write_feed(path, {
        "agency.txt": [{"agency_name": "Verkehrsverbund Bench"}], "stops.txt": stops, "routes.txt": routes,
        "calendar.txt": calendar, "calendar_dates.txt": holidays, "trips.txt": trips, "stop_times.txt": stop_times,
    })  # fmt: skip


def _copy(source: Path, target: Path) -> None:
    engine = sa.create_engine(sqlite_url(source))
    with engine.connect() as conn:
        conn.exec_driver_sql(f"VACUUM INTO '{target}'")
    engine.dispose()


def _measure(db: OpenDatabase, feed: Path) -> tuple[float, float, str, int]:
    started = time.perf_counter()
    with db.sessions() as s:
        summary = import_timetable(s, feed)
    import_s = time.perf_counter() - started
    assert summary.imported, summary.errors[:3]
    with db.sessions() as s:
        reach = compute_reachability(s, date.today())
    note = f"{reach.pairs:,} answers ({reach.schedules} location x schedule), {reach.reachable:,} reachable"
    return import_s, reach.seconds, note.replace(",", " "), summary.stop_times


def run() -> list[BenchResult]:
    """Import and compute on a copy of the county (SQLite), import on PostgreSQL, then the lookup's median."""
    county = scaled_database(SCALE)
    with county.sessions() as s:
        places = [(n, la, lo) for n, la, lo in s.execute(sa.select(m.Municipality.name, m.Municipality.latitude,
                  m.Municipality.longitude)) if la is not None and lo is not None]  # fmt: skip
        locations = [(la, lo) for la, lo in s.execute(sa.select(m.CourseLocation.latitude, m.CourseLocation.longitude))
                     if la is not None and lo is not None]  # fmt: skip
    county.close()
    results = []
    with tempfile.TemporaryDirectory(dir=BENCH_DIR) as tmp:
        feed = county_feed(Path(tmp) / "county.zip", places, locations)
        copy = Path(tmp) / "timetable.sqlite"
        _copy(BENCH_DIR / f"county-x{SCALE}.sqlite", copy)
        db = open_database(sqlite_url(copy), None)
        try:
            import_s, reach_s, note, stop_times = _measure(db, feed)
            with db.sessions() as s:
                ids = list(s.scalars(sa.select(m.Person.id).order_by(m.Person.id).limit(30 * 7)))[::7]
            cycle, today = iter(ids * 10), date.today()

            def lookup() -> None:
                with db.sessions() as s:
                    find_courses_for_person(s, next(cycle), today)

            lookup_ms = median_ms(lookup, repeat=len(ids), warmup=3)
            with db.sessions() as s, s.begin():  # the same people with the typed grid only, for comparison
                s.execute(sa.delete(TimetableReach))
            cycle = iter(ids * 10)
            grid_ms = median_ms(lookup, repeat=len(ids), warmup=3)
        finally:
            db.close()
        size = f"{stop_times:,} stop times, {STOPS:,} stops, {LINES * TRIPS_PER_LINE:,} trips".replace(",", " ")
        results += [
            BenchResult("GTFS import, county feed (SQLite)", 30, import_s, "s", size),
            BenchResult("Reachability, all municipality x location x schedule answers", 60, reach_s, "s", note),
            BenchResult(
                "Course lookup using the timetable answers",
                50,
                lookup_ms,
                "ms",
                f"county x16, 30 people; the same lookups with the typed grid only: {grid_ms:.1f} ms",
            ),
        ]
        results += _postgres(feed)
    return results


def _postgres(feed: Path) -> list[BenchResult]:
    """The same import into an empty migrated PostgreSQL database (skipped when none is running)."""
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = "kim_bench_timetable"
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError:
        return []
    db = open_database(POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}", None)
    try:
        started = time.perf_counter()
        with db.sessions() as s:
            import_timetable(s, feed)
        seconds = time.perf_counter() - started
    finally:
        db.close()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
    return [BenchResult("GTFS import, county feed (PostgreSQL)", 30, seconds, "s", "into an empty database")]


if __name__ == "__main__":
    for result in run():
        print(result)
