"""After courses change at an administrator's desk, the new course schedules get their timetable answers."""

from datetime import time
from pathlib import Path

import sqlalchemy as sa
from pytestqt.qtbot import QtBot

from kim_desktop.db.timetable_models import TimetableReach
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Role
from kim_desktop.services.timetable_reach import compute_reachability
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.reachability_keeper import ReachabilityKeeper
from tests.integration.catalogue_fixtures import TODAY
from tests.integration.test_timetable_reach import _course_at, _setup


def _answers(ctx: UiContext) -> int:
    with ctx.db.sessions() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(TimetableReach)) or 0


def test_a_course_added_gets_answers_once_changes_settle(qtbot: QtBot, ui_context: UiContext, tmp_path: Path) -> None:
    net = _setup(ui_context.db, tmp_path)
    _course_at(ui_context.db, net, time(8, 30), time(12, 45))
    with ui_context.db.sessions() as session:
        compute_reachability(session, TODAY)
    before = _answers(ui_context)
    ui_context.actor = Actor(1, "Petra Verwalt", Role.ADMIN)
    keeper = ReachabilityKeeper(ui_context)
    network_changes: list[str] = []
    ui_context.events.data_changed.connect(network_changes.append)
    _course_at(ui_context.db, net, time(18, 0), time(21, 0))
    ui_context.events.data_changed.emit(DataKind.COURSES)
    ui_context.events.data_changed.emit(DataKind.COURSES)  # a burst: one computation after it settles
    assert keeper.timer.isActive()
    qtbot.waitUntil(lambda: keeper.last is not None, timeout=5000)
    assert keeper.last is not None and keeper.last.schedules == 1
    assert _answers(ui_context) == before + 2
    assert DataKind.NETWORK in network_changes


def test_a_reader_desk_computes_nothing(ui_context: UiContext) -> None:
    ui_context.actor = Actor(1, "Leo Lesend", Role.READER)
    keeper = ReachabilityKeeper(ui_context)
    ui_context.events.data_changed.emit(DataKind.COURSES)
    assert not keeper.timer.isActive()
