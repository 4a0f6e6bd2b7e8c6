"""The demo county's timetable: generated through the GTFS reader, and a village that reaches mornings only."""

from datetime import date, time
from pathlib import Path

import sqlalchemy as sa

from kim_desktop.db import models as m
from kim_desktop.db.timetable_models import TimetableReach
from kim_desktop.domain.transit_journey import schedule_key
from kim_desktop.exchange.gtfs_reader import read_feed
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.demo_data import generate_demo_data
from kim_desktop.services.demo_timetable import DemoPlace, write_demo_feed
from kim_desktop.services.timetable_journeys import journey_for

TODAY = date(2026, 11, 23)


def test_hollwinkel_reaches_the_morning_course_in_town_but_not_the_evening_one(database: OpenDatabase) -> None:
    generate_demo_data(database.sessions, today=TODAY)
    with database.sessions() as session:
        village = session.scalar(sa.select(m.Municipality).where(m.Municipality.name == "Hollwinkel"))
        assert village is not None
        town_courses = session.scalars(
            sa.select(m.Course).join(m.CourseLocation).join(m.Municipality)
            .where(m.Municipality.name == "Musterstadt", m.Course.end_date >= TODAY)
        ).all()  # fmt: skip
        answers = {
            (r.location_id, r.schedule): r
            for r in session.scalars(sa.select(TimetableReach).where(TimetableReach.municipality_id == village.id))
        }
        mornings = [c for c in town_courses if c.start_time == time(8, 30) and c.end_time == time(12, 45)]
        evenings = [c for c in town_courses if c.start_time >= time(17, 0)]
        assert mornings and evenings
        reached = [c for c in mornings if answers[(c.location_id, schedule_key(c))].reachable]
        assert reached
        assert not any(answers[(c.location_id, schedule_key(c))].reachable for c in evenings)
        journey = journey_for(session, village.id, reached[0].location_id, reached[0])
    assert journey is not None and journey.every_day
    assert journey.text().startswith("Bus 530 ab Hollwinkel")
    assert all(leg.departure < time(13, 31) for leg in journey.back.legs[:1])


def test_demo_feed_is_a_valid_gtfs_feed(tmp_path: Path) -> None:
    places = [DemoPlace(1, "Musterstadt", 52.3, 8.05, True), DemoPlace(2, "Hollwinkel", 52.268, 7.912)]
    locations = [DemoPlace(7, "VHS Musterstadt (Markt 1)", 52.301, 8.051, False, 1, "Markt 1")]
    feed = read_feed(write_demo_feed(tmp_path / "demo.zip", places, locations, TODAY))
    assert feed.problems.errors == []
    assert {r.label for r in feed.routes} == {"Stadtbus 1", "RB 61", "510"}
    assert len(feed.trips) > 50  # the town bus every 20 minutes, expanded from frequencies.txt
