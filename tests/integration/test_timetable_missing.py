"""A course added or moved after the timetable's answers were computed gets its own answers without a full run."""

from datetime import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from kim_desktop.db.models import Course
from kim_desktop.db.timetable_models import TimetableReach
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Role
from kim_desktop.domain.errors import NotAllowed
from kim_desktop.domain.transit_journey import schedule_key
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.timetable_reach import compute_missing_reachability, compute_reachability
from tests.integration.catalogue_fixtures import TODAY, Network
from tests.integration.test_timetable_reach import _course_at, _setup


def _keys(database: OpenDatabase) -> set[str]:
    with database.sessions() as session:
        return set(session.scalars(sa.select(TimetableReach.schedule).distinct()))


def _ready(database: OpenDatabase, tmp_path: Path) -> tuple[Network, object]:
    net = _setup(database, tmp_path)
    morning = _course_at(database, net, time(8, 30), time(12, 45))
    with database.sessions() as session:
        compute_reachability(session, TODAY)
    return net, morning


def test_only_the_new_schedule_is_computed_and_a_gone_one_is_removed(database: OpenDatabase, tmp_path: Path) -> None:
    net, morning = _ready(database, tmp_path)
    with database.sessions() as session:
        assert compute_missing_reachability(session, TODAY).pairs == 0  # nothing missing: nothing computed
    evening = _course_at(database, net, time(18, 0), time(21, 0))
    with database.sessions() as session:
        summary = compute_missing_reachability(session, TODAY)
    assert (summary.schedules, summary.pairs) == (1, 2)  # the evening course, from Dorfhausen and Musterstadt
    assert _keys(database) == {schedule_key(morning), schedule_key(evening)}  # type: ignore[arg-type]
    with database.sessions() as session, session.begin():  # the evening course moves to the afternoon
        course = session.get_one(Course, evening.id)  # type: ignore[attr-defined]
        course.start_time, course.end_time = time(13, 30), time(16, 30)
        moved = schedule_key(course)
    with database.sessions() as session:
        assert compute_missing_reachability(session, TODAY).schedules == 1
    assert _keys(database) == {schedule_key(morning), moved}  # type: ignore[arg-type]


def test_without_a_timetable_nothing_is_loaded_and_readers_are_refused(database: OpenDatabase, tmp_path: Path) -> None:
    with database.sessions() as session:
        assert compute_missing_reachability(session, TODAY).pairs == 0
    with database.sessions() as session, pytest.raises(NotAllowed):
        compute_missing_reachability(session, TODAY, actor=Actor(1, "Leo Lesend", Role.READER))
