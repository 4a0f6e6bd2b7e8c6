"""With English chosen and demo data loaded, the screens full of service-made text show no German."""

from collections.abc import Iterator
from datetime import date

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView, QWidget
from pytestqt.qtbot import QtBot

from kim_desktop.db import models as m
from kim_desktop.db.timetable_models import TimetableRoute, TimetableStop
from kim_desktop.domain.enums import ReferralState
from kim_desktop.services.demo_data import generate_demo_data
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.course_lookup_dialog import CourseLookupDialog
from kim_desktop.ui.main_window import MainWindow
from kim_desktop.ui.pages.case_view import CaseView
from kim_desktop.ui.pages.people_page import PeoplePage
from tests.gui.test_english_ui import GERMAN, english, german_on_screen  # noqa: F401 - english is a fixture

TODAY = date.today()  # the pages compute deadlines and warnings from the real date; demo data is made for it
PENDING = (ReferralState.PROPOSED, ReferralState.RESERVED, ReferralState.REGISTERED)


@pytest.fixture
def demo(ui_context: UiContext, request: pytest.FixtureRequest) -> Iterator[UiContext]:
    """English installed and the demo county in the database."""
    request.getfixturevalue("english")
    generate_demo_data(ui_context.db.sessions, today=TODAY)
    yield ui_context


def _user_data(ctx: UiContext) -> list[str]:
    """Everything the demo put in the database as data (names, places, titles, topics, notes): not UI text."""
    columns = (
        m.Person.family_name, m.Person.given_names, m.Organisation.name, m.Organisation.short_name,
        m.CourseLocation.name, m.CourseLocation.street, m.Municipality.name, m.Course.title, m.Topic.label,
        m.Advisor.display_name, m.CounsellingSession.notes, m.CounsellingSession.next_steps,
        m.CounsellingSession.interpreter_language, m.FollowUp.note, m.FollowUp.outcome, m.ReferralEvent.reason,
        m.Person.first_language, m.WaitingListEntry.note, TimetableStop.name, TimetableRoute.label,
    )  # fmt: skip
    found: set[str] = set()
    with ctx.db.sessions() as session:
        for column in columns:
            found.update(v for v in session.scalars(sa.select(column).distinct()) if v)
    return sorted(found, key=len, reverse=True)


def _cells(view: QTableView, rows: int = 40) -> Iterator[str]:
    model = view.model()
    if model is None:
        return
    for row in range(min(rows, model.rowCount())):
        for column in range(model.columnCount()):
            yield str(model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole) or "")


def german_shown(root: QWidget, data: list[str]) -> list[str]:
    """German on screen (labels, buttons, lists, headers) and in visible table cells, user data taken out."""
    found = []
    for entry in german_on_screen(root):
        text = entry
        for value in data:
            text = text.replace(value, " ")
        if GERMAN.search(text.split(": ", 1)[-1]):
            found.append(entry)
    for view in root.findChildren(QTableView):
        if not view.isVisible():
            continue
        for cell in _cells(view):
            text = cell
            for value in data:
                text = text.replace(value, " ")
            if GERMAN.search(text):
                found.append(f"{view.objectName() or type(view).__name__} cell: {cell!r}")
    return list(dict.fromkeys(found))


def _busy_person(ctx: UiContext) -> int:
    """A person with a pending referral, counselling sessions and a finished follow-up, if the demo has one."""
    with ctx.db.sessions() as session:
        sessions_of = sa.select(sa.func.count(m.CounsellingSession.id)).where(
            m.CounsellingSession.person_id == m.Person.id
        )
        query = (
            sa.select(m.Person.id)
            .join(m.Referral, m.Referral.person_id == m.Person.id)
            .where(m.Referral.state.in_(PENDING))
            .order_by(sessions_of.scalar_subquery().desc(), m.Person.id)
            .limit(1)
        )
        person_id = session.scalar(query)
    assert person_id is not None
    return person_id


def test_people_case_counselling_and_lookup_show_english(qtbot: QtBot, demo: UiContext) -> None:
    data = _user_data(demo)
    window = MainWindow(demo)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    found: list[str] = []

    people = window.show_page("people")
    assert isinstance(people, PeoplePage)
    found += [f"people list: {e}" for e in german_shown(window, data)]

    person_id = _busy_person(demo)
    case = people.open_person(person_id)
    assert isinstance(case, CaseView)
    qtbot.wait(1)
    timeline = [case.timeline.item(i).text() for i in range(case.timeline.count())]
    assert any("Counselling (" in line for line in timeline), timeline
    found += [f"case view: {e}" for e in german_shown(window, data)]

    window.show_page("counselling")
    qtbot.wait(1)
    found += [f"counselling: {e}" for e in german_shown(window, data)]

    dialog = CourseLookupDialog(demo, person_id, window, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.criteria_label.text().startswith("Course type: ")
    dialog.show_excluded.setChecked(True)
    found += [f"course lookup: {e}" for e in german_shown(dialog, data)]
    dialog.put_on_waiting_list()  # what the button does after its question is answered "Yes"
    waiting = dialog.waiting_label.text()
    assert waiting.startswith(("Put on the waiting list: ", "Entry updated: ")) or "module" in waiting, waiting
    found += [f"waiting list: {e}" for e in german_shown(dialog, data)]

    assert not found, "German on the English screens with demo data:\n" + "\n".join(found)
