"""GTFS feeds (zip of CSV files) read with the csv module, streamed, every broken value named by file and line."""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kim_desktop.domain.text import N_, Text
from kim_desktop.domain.transit_days import Service
from kim_desktop.exchange.gtfs_fields import (
    BadValueError,
    Problems,
    parse_coordinate,
    parse_date,
    parse_int,
    parse_time,
)
from kim_desktop.exchange.gtfs_trips import read_stop_times, read_trips

REQUIRED = {
    "agency.txt": ("agency_name",),
    "stops.txt": ("stop_id", "stop_name"),
    "routes.txt": ("route_id", "route_type"),
    "trips.txt": ("route_id", "service_id", "trip_id"),
    "stop_times.txt": ("trip_id", "stop_id", "stop_sequence"),
}
_WEEKDAY_COLUMNS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class GtfsStop:
    """A stop or platform where vehicles halt."""

    gtfs_id: str
    name: str
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class GtfsRoute:
    """A line: its label as riders know it and its GTFS route_type."""

    gtfs_id: str
    label: str
    route_type: int


@dataclass(frozen=True)
class GtfsTrip:
    """A trip with its stops (stop id, arrival, departure in seconds of the service day)."""

    gtfs_id: str
    route: str
    service: str
    headsign: str
    stops: tuple[tuple[str, int, int], ...]


@dataclass
class GtfsFeed:
    """A whole feed as read, with the problems found; `problems.errors` empty means it may be imported."""

    agencies: list[str] = field(default_factory=list)
    stops: list[GtfsStop] = field(default_factory=list)
    routes: list[GtfsRoute] = field(default_factory=list)
    services: dict[str, Service] = field(default_factory=dict)
    trips: list[GtfsTrip] = field(default_factory=list)
    transfers: list[tuple[str, str, int | None]] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)

    @property
    def stop_time_count(self) -> int:
        """Stop times of all trips (frequencies expanded)."""
        return sum(len(t.stops) for t in self.trips)

    def service_days(self) -> tuple[date | None, date | None]:
        """First and last day any service runs (calendar ranges and added days)."""
        days = [d for s in self.services.values() for d in (s.start, s.end, *s.added) if d is not None]
        return (min(days), max(days)) if days else (None, None)


class _Table:
    """Rows of one CSV file of the feed with its column positions."""

    def __init__(self, name: str, reader: "Iterator[list[str]]", header: list[str]) -> None:
        self.name = name
        self._rows = reader
        self.columns = {column.strip(): i for i, column in enumerate(header)}

    def rows(self, problems: Problems) -> Iterator[tuple[int, dict[str, str]]]:
        """(line number, {column: value}) for each non-empty row."""
        line = 1
        width = len(self.columns)
        for row in self._rows:
            line += 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != width:
                problems.error(self.name, line, Text(N_("{count} Felder statt {width}"), count=len(row), width=width))
                continue
            yield line, {column: row[i].strip() for column, i in self.columns.items()}


def read_feed(path: Path) -> GtfsFeed:
    """Read a GTFS zip; problems are collected, never raised (a missing or unreadable file is an error too)."""
    feed = GtfsFeed()
    problems = feed.problems
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        problems.error(path.name, None, Text(N_("keine lesbare ZIP-Datei ({reason})"), reason=str(exc)))
        return feed
    with archive:
        members = {Path(name).name: name for name in archive.namelist() if not name.endswith("/")}
        for name in REQUIRED:
            if name not in members:
                problems.error(name, None, Text(N_("Datei fehlt im Fahrplan")))
        if "calendar.txt" not in members and "calendar_dates.txt" not in members:
            problems.error("calendar.txt", None, Text(N_("weder calendar.txt noch calendar_dates.txt vorhanden")))
        if problems.errors:
            return feed

        def table(name: str) -> Iterator[_Table]:
            if name not in members:
                return
            with archive.open(members[name]) as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
                reader = csv.reader(text)
                try:
                    header = next(reader, [])
                    found = _Table(name, reader, header)
                    missing = [c for c in REQUIRED.get(name, ()) if c not in found.columns]
                    for column in missing:
                        problems.error(name, 1, Text(N_("Spalte {column} fehlt"), column=column))
                    if not missing:
                        yield found
                except (UnicodeDecodeError, csv.Error) as exc:
                    problems.error(name, None, Text(N_("nicht lesbar ({reason})"), reason=str(exc)))

        for t in table("agency.txt"):
            feed.agencies = [row["agency_name"] for _, row in t.rows(problems)]
        for t in table("stops.txt"):
            _read_stops(t, feed)
        for t in table("routes.txt"):
            _read_routes(t, feed)
        for t in table("calendar.txt"):
            _read_calendar(t, feed)
        for t in table("calendar_dates.txt"):
            _read_calendar_dates(t, feed)
        trips: dict[str, tuple[str, str, str]] = {}
        for t in table("trips.txt"):
            trips = read_trips(t.rows(problems), feed, problems)
        frequencies: list[tuple[int, str, int, int, int]] = []
        for t in table("frequencies.txt"):
            frequencies = _read_frequencies(t, problems)
        for t in table("stop_times.txt"):
            feed.trips = read_stop_times(t.rows(problems), trips, feed, frequencies, problems)
        for t in table("transfers.txt"):
            _read_transfers(t, feed)
    return feed


def _read_stops(t: _Table, feed: GtfsFeed) -> None:
    seen: set[str] = set()
    for line, row in t.rows(feed.problems):
        stop_id = row["stop_id"]
        if stop_id in seen:
            feed.problems.error(t.name, line, Text(N_("stop_id '{value}' doppelt"), value=stop_id))
            continue
        seen.add(stop_id)
        if row.get("location_type", "") not in ("", "0"):
            continue  # stations, entrances and nodes: no vehicle halts there
        try:
            lat = parse_coordinate(row["stop_lat"], "stop_lat", 90) if row.get("stop_lat") else None
            lon = parse_coordinate(row["stop_lon"], "stop_lon", 180) if row.get("stop_lon") else None
        except BadValueError as bad:
            feed.problems.error(t.name, line, bad.message)
            continue
        if not row["stop_name"]:
            feed.problems.warn(t.name, line, Text(N_("Haltestelle '{value}' ohne Namen"), value=stop_id))
        feed.stops.append(GtfsStop(stop_id, row["stop_name"] or stop_id, lat, lon))


def _read_routes(t: _Table, feed: GtfsFeed) -> None:
    for line, row in t.rows(feed.problems):
        try:
            route_type = parse_int(row["route_type"], "route_type", 0, 1799)
        except BadValueError as bad:
            feed.problems.error(t.name, line, bad.message)
            continue
        label = row.get("route_short_name") or row.get("route_long_name") or row["route_id"]
        feed.routes.append(GtfsRoute(row["route_id"], label, route_type))


def _read_calendar(t: _Table, feed: GtfsFeed) -> None:
    for line, row in t.rows(feed.problems):
        try:
            mask = 0
            for bit, column in enumerate(_WEEKDAY_COLUMNS):
                mask |= parse_int(row.get(column, ""), column, 0, 1) << bit
            start = parse_date(row.get("start_date", ""), "start_date")
            end = parse_date(row.get("end_date", ""), "end_date")
        except BadValueError as bad:
            feed.problems.error(t.name, line, bad.message)
            continue
        if end < start:
            feed.problems.error(t.name, line, Text(N_("end_date liegt vor start_date")))
        feed.services[row.get("service_id", "")] = Service(mask, start, end)


def _read_calendar_dates(t: _Table, feed: GtfsFeed) -> None:
    added: dict[str, set[date]] = {}
    removed: dict[str, set[date]] = {}
    for line, row in t.rows(feed.problems):
        try:
            day = parse_date(row.get("date", ""), "date")
            kind = parse_int(row.get("exception_type", ""), "exception_type", 1, 2)
        except BadValueError as bad:
            feed.problems.error(t.name, line, bad.message)
            continue
        (added if kind == 1 else removed).setdefault(row.get("service_id", ""), set()).add(day)
    for service_id in added.keys() | removed.keys():
        base = feed.services.get(service_id, Service())
        feed.services[service_id] = Service(
            base.weekdays_mask, base.start, base.end,
            frozenset(added.get(service_id, ())), frozenset(removed.get(service_id, ())),
        )  # fmt: skip


def _read_frequencies(t: _Table, problems: Problems) -> list[tuple[int, str, int, int, int]]:
    found = []
    for line, row in t.rows(problems):
        try:
            start = parse_time(row.get("start_time", ""), "start_time")
            end = parse_time(row.get("end_time", ""), "end_time")
            headway = parse_int(row.get("headway_secs", ""), "headway_secs", 60, 86_400)
        except BadValueError as bad:
            problems.error(t.name, line, bad.message)
            continue
        if end <= start:
            problems.error(t.name, line, Text(N_("end_time liegt nicht nach start_time")))
            continue
        found.append((line, row.get("trip_id", ""), start, end, headway))
    return found


def _read_transfers(t: _Table, feed: GtfsFeed) -> None:
    known = {s.gtfs_id for s in feed.stops}
    for line, row in t.rows(feed.problems):
        origin, target = row.get("from_stop_id", ""), row.get("to_stop_id", "")
        if origin not in known or target not in known:
            feed.problems.warn(t.name, line, Text(N_("Umstieg zwischen unbekannten Haltestellen übergangen")))
            continue
        try:
            kind = parse_int(row.get("transfer_type") or "0", "transfer_type", 0, 5)
            seconds = parse_int(row.get("min_transfer_time") or "0", "min_transfer_time", 0, 86_400)
        except BadValueError as bad:
            feed.problems.error(t.name, line, bad.message)
            continue
        if kind == 3:
            feed.transfers.append((origin, target, None))
        elif kind <= 2:  # 4 and 5 (staying seated between trips) are not stop changes
            feed.transfers.append((origin, target, seconds or 60))
