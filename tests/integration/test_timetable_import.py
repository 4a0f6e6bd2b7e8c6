"""Importing a GTFS feed: a valid one stored whole with stops matched, broken ones refused with file and line."""

import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from kim_desktop.db.timetable_models import TimetableFeed, TimetableStop, TimetableStopLink, TimetableStopTime
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.timetable_import import import_timetable
from tests.integration.catalogue_fixtures import build_network
from tests.integration.timetable_fixtures import feed_files, trip, write_small_feed


def _count(database: OpenDatabase, table: type) -> int:
    with database.sessions() as session:
        return int(session.scalar(sa.select(sa.func.count()).select_from(table)) or 0)


def test_valid_feed_is_stored_and_stops_suggested(database: OpenDatabase, tmp_path: Path) -> None:
    build_network(database.sessions)
    with database.sessions() as session:
        summary = import_timetable(session, write_small_feed(tmp_path))
    assert summary.imported and summary.errors == ()
    assert summary.agencies == ("Verkehrsgemeinschaft Musterkreis",)
    assert (summary.stops, summary.routes, summary.trips, summary.stop_times) == (4, 2, 6, 14)
    assert (summary.first_day.isoformat(), summary.last_day.isoformat()) == ("2026-11-01", "2027-12-31")
    assert _count(database, TimetableStopTime) == 14
    with database.sessions() as session:
        links = session.execute(
            sa.select(TimetableStopLink.municipality_id, TimetableStopLink.location_id, TimetableStop.name,
                      TimetableStopLink.walk_minutes, TimetableStopLink.confirmed)
            .join(TimetableStop, TimetableStop.id == TimetableStopLink.stop_id)
        ).all()  # fmt: skip
    # Dorfhausen by name (both stops), every Musterstadt location at the town's central stop, all unconfirmed.
    names = sorted({name for _, _, name, _, _ in links})
    assert names == ["Dorfhausen Kirche", "Dorfhausen Schule", "Musterstadt Markt", "Musterstadt ZOB"]
    assert {(name, walk) for m, loc, name, walk, _ in links if loc is not None} == {("Musterstadt ZOB", 10)}
    assert not any(confirmed for *_, confirmed in links)
    assert summary.matched_places == 5  # two municipalities, three locations


def test_frequencies_expand_and_missing_times_are_interpolated(database: OpenDatabase, tmp_path: Path) -> None:
    files = feed_files()
    rows = trip("f1", "1", "weekdays", ("zob", "06:00:00"), ("markt", ""), ("dk", "06:30:00"))
    path = write_small_feed(
        tmp_path,
        stop_times_txt=files["stop_times.txt"] + rows,
        trips_txt=files["trips.txt"] + [{"route_id": "1", "service_id": "weekdays", "trip_id": "f1"}],
        frequencies_txt=[{"trip_id": "f1", "start_time": "06:00:00", "end_time": "07:00:00", "headway_secs": "900"}],
    )
    with database.sessions() as session:
        summary = import_timetable(session, path)
    assert summary.imported, summary.errors
    assert summary.trips == 6 + 4  # 06:00, 06:15, 06:30, 06:45
    with database.sessions() as session:
        times = session.execute(
            sa.select(TimetableStopTime.arrival).join(TimetableStop).where(TimetableStop.gtfs_id == "markt")
        ).scalars()
        assert {6 * 3600 + 15 * 60 + k * 900 for k in range(4)} <= set(times)


_ST = feed_files()["stop_times.txt"]
_BAD_TIME = {"trip_id": "s1", "arrival_time": "25:61:00", "departure_time": "07:44:00", "stop_id": "ds",
             "stop_sequence": "2"}  # fmt: skip
_NOWHERE = {"trip_id": "s1", "arrival_time": "09:00:00", "departure_time": "09:00:00", "stop_id": "nowhere",
            "stop_sequence": "9"}  # fmt: skip
_CAL = feed_files()["calendar.txt"]
_STOPS = feed_files()["stops.txt"]
BROKEN = [
    ({"stop_times_txt": [_ST[0], _BAD_TIME, *_ST[2:]]},
     "stop_times.txt Zeile 3: arrival_time '25:61:00' ist keine Uhrzeit"),
    ({"stop_times_txt": [*_ST, _NOWHERE]}, "stop_times.txt Zeile 16: stop_id 'nowhere' fehlt in stops.txt"),
    ({"trips_txt": [*feed_files()["trips.txt"], {"route_id": "999", "service_id": "school", "trip_id": "x"}]},
     "trips.txt Zeile 8: route_id '999' fehlt in routes.txt"),
    ({"calendar_txt": [{**_CAL[0], "start_date": "2026-11-01"}, *_CAL[1:]]},
     "calendar.txt Zeile 2: start_date '2026-11-01' ist kein Datum (JJJJMMTT)"),
    ({"stops_txt": [{**_STOPS[0], "stop_lat": "north"}, *_STOPS[1:]]},
     "stops.txt Zeile 2: stop_lat 'north' ist keine Koordinate"),
    ({"stop_times_txt": trip("s1", "510", "school", ("dk", "08:00:00"), ("zob", "07:00:00"))},
     "stop_times.txt Zeile 3: Uhrzeit liegt vor der des vorigen Halts"),
    ({"routes_txt": [{"route_id": "510", "route_short_name": "510"}]}, "routes.txt Zeile 1: Spalte route_type fehlt"),
]  # fmt: skip


@pytest.mark.parametrize(("changes", "message"), BROKEN)
def test_broken_feed_names_file_and_line_and_imports_nothing(
    database: OpenDatabase, tmp_path: Path, changes: dict[str, list[dict[str, str]]], message: str
) -> None:
    with database.sessions() as session:
        import_timetable(session, write_small_feed(tmp_path / ".." / tmp_path.name))  # a feed already there
    (tmp_path / "broken").mkdir()
    with database.sessions() as session:
        summary = import_timetable(session, write_small_feed(tmp_path / "broken", **changes))
    assert not summary.imported
    assert message in summary.errors, summary.errors
    assert _count(database, TimetableStopTime) == 14  # the earlier feed stays, untouched
    assert _count(database, TimetableFeed) == 1


def test_missing_file_and_not_a_zip(database: OpenDatabase, tmp_path: Path) -> None:
    path = tmp_path / "feed.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("gtfs/agency.txt", "agency_name\nX\n")
    with database.sessions() as session:
        summary = import_timetable(session, path)
    assert "stops.txt: Datei fehlt im Fahrplan" in summary.errors
    assert "calendar.txt: weder calendar.txt noch calendar_dates.txt vorhanden" in summary.errors
    text = tmp_path / "fahrplan.zip"
    text.write_text("kein zip")
    with database.sessions() as session:
        assert not import_timetable(session, text).imported
    assert _count(database, TimetableFeed) == 0
