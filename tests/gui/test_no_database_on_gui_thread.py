"""The dialogs and actions moved off the GUI thread open no session there: their database work waits for the worker."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QInputDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from kim_desktop.services.network_locations import list_locations
from kim_desktop.services.referrals import reserve_seat
from kim_desktop.ui.context import UiContext
from tests.integration.referral_setup import TODAY, Network, build_network


@dataclass
class HeldTaskRunner:
    """Queues work and runs it only when told, noting whether a session is opened outside queued work."""

    queued: list[tuple[Callable[[], Any], Callable[[Any], None]]] = field(default_factory=list)
    in_work: bool = False
    outside: int = 0

    def run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
        label: str = "",
        parent: QWidget | None = None,
    ) -> None:
        """Hold the work for run_held()."""
        self.queued.append((work, on_success))

    def run_held(self) -> None:
        """Run what is queued (and what that queues), as the worker would, then call back."""
        while self.queued:
            work, on_success = self.queued.pop(0)
            self.in_work = True
            try:
                result = work()
            finally:
                self.in_work = False
            on_success(result)

    def shutdown(self) -> None:
        """Nothing to stop."""


@pytest.fixture
def held(ui_context: UiContext) -> Iterator[tuple[UiContext, HeldTaskRunner, Network]]:
    net = build_network(ui_context.db)
    runner = HeldTaskRunner()
    factory = ui_context.db.sessions

    def sessions() -> Session:
        if not runner.in_work:
            runner.outside += 1
        return factory()

    db = replace(ui_context.db, sessions=sessions)
    yield replace(ui_context, db=db, tasks=runner), runner, net


def _location(ctx: UiContext) -> int:
    with ctx.db.sessions() as session:
        return list_locations(session)[0].id


def test_forms_load_their_choices_on_the_worker(qtbot: QtBot, held: tuple[UiContext, HeldTaskRunner, Network]) -> None:
    from kim_desktop.ui.dialogs.course_form import CourseFormDialog
    from kim_desktop.ui.dialogs.location_dialog import LocationDialog
    from kim_desktop.ui.dialogs.organisation_dialog import OrganisationDialog

    ctx, runner, net = held
    runner.in_work = True
    location_id = _location(ctx)
    runner.in_work = False
    dialogs: list[QDialog] = [
        LocationDialog(ctx, location_id),
        CourseFormDialog(ctx, net.course),
        OrganisationDialog(ctx, net.provider),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
    location, course, organisation = dialogs
    assert runner.outside == 0 and len(runner.queued) == 3
    assert isinstance(location, LocationDialog) and not location.save_button.isEnabled()

    runner.run_held()

    assert runner.outside == 0
    assert location.save_button.isEnabled() and location.name.text() and location.provider.count() > 0
    assert isinstance(course, CourseFormDialog) and course.provider.count() > 0 and course.title_edit.text()
    assert isinstance(organisation, OrganisationDialog) and organisation.name.text()


def test_a_letter_is_recorded_on_the_worker_before_it_is_saved(
    qtbot: QtBot, held: tuple[UiContext, HeldTaskRunner, Network], tmp_path: Path
) -> None:
    from kim_desktop.ui.dialogs.letter_preview_dialog import LetterPreviewDialog

    ctx, runner, net = held
    with ctx.db.sessions() as session:
        referral = reserve_seat(session, net.rania, net.course, actor_id=net.advisor, today=TODAY).referral_id
    runner.outside = 0
    preview = LetterPreviewDialog(ctx, referral, today=TODAY)
    qtbot.addWidget(preview)
    runner.run_held()
    target = tmp_path / "brief.pdf"

    preview.save_to(target)

    assert runner.outside == 0 and not target.exists()  # recording waits for the worker
    runner.run_held()
    assert target.read_bytes().startswith(b"%PDF") and runner.outside == 0


def test_cancelling_a_course_counts_its_referrals_on_the_worker(
    qtbot: QtBot, held: tuple[UiContext, HeldTaskRunner, Network], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kim_desktop.ui.pages.courses_page import CoursesPage

    ctx, runner, net = held
    asked: list[str] = []
    monkeypatch.setattr(QInputDialog, "getText", lambda _p, _t, text: (asked.append(text), ("", False))[1])
    page = CoursesPage(ctx)
    qtbot.addWidget(page)
    page.reload()
    runner.run_held()
    page.select_course(net.course)
    assert page.selected_course_id() == net.course

    page._ask_cancel()

    assert runner.outside == 0 and asked == []
    runner.run_held()
    assert runner.outside == 0 and len(asked) == 1 and "storniert" in asked[0]
