"""Stops per place: confirmed choices survive a new feed, the state line, and the answers per place."""

from datetime import time
from pathlib import Path

import pytest

from kim_desktop.domain.errors import ValidationFailed
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.timetable_answers import answers_of_place
from kim_desktop.services.timetable_import import import_timetable
from kim_desktop.services.timetable_reach import compute_reachability
from kim_desktop.services.timetable_stops import search_stops, set_place_stops, stop_matches, timetable_status
from tests.integration.catalogue_fixtures import TODAY, add_course, build_network
from tests.integration.timetable_fixtures import write_small_feed


def test_confirmed_stop_survives_a_new_feed_and_answers_follow(database: OpenDatabase, tmp_path: Path) -> None:
    net = build_network(database.sessions)
    add_course(database.sessions, net.vhs, net.vhs_town, start_time=time(18, 0), end_time=time(21, 15))
    with database.sessions() as session:
        assert timetable_status(session).file_name is None
    with database.sessions() as session:
        import_timetable(session, write_small_feed(tmp_path))
    with database.sessions() as session:
        kirche = search_stops(session, "dorf kir")
    assert [s.name for s in kirche] == ["Dorfhausen Kirche"]
    with database.sessions() as session:
        set_place_stops(session, net.village, None, [(kirche[0].stop_id, 8)])
    with database.sessions() as session, pytest.raises(ValidationFailed):
        set_place_stops(session, net.village, None, [(kirche[0].stop_id, 500)])

    (tmp_path / "again").mkdir()
    with database.sessions() as session:
        import_timetable(session, write_small_feed(tmp_path / "again"))
    with database.sessions() as session:
        village = next(p for p in stop_matches(session) if p.municipality_id == net.village)
    assert village.confirmed and [(s.name, s.walk_minutes) for s in village.stops] == [("Dorfhausen Kirche", 8)]

    with database.sessions() as session:
        compute_reachability(session, TODAY)
    with database.sessions() as session:
        status = timetable_status(session)
        rows = answers_of_place(session, net.village, None)
    assert status.file_name == "feed.zip" and status.answers == 2 and status.computed_at is not None
    assert [(r.location, r.schedule, r.reachable) for r in rows] == [
        ("VHS-Haus (Musterstadt)", "Mo–Fr 18:00–21:15 (14.12.26–20.09.27)", False)
    ]
    assert rows[0].text.startswith("mit Bus und Bahn nicht erreichbar an Kurstagen: keine Verbindung, die vor 18:00")
