"""Every focusable control of every page and of the main dialogs has an accessible name (Qt's accessibility API)."""

from dataclasses import replace
from datetime import datetime

import pytest
from PySide6.QtWidgets import QDialog, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Role
from kim_desktop.services.accounts import AccountInput, create_first_admin, sign_in
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.main_window import MainWindow
from kim_desktop.ui.pages.people_page import PeoplePage
from kim_desktop.ui.pages.registry import PAGES
from kim_desktop.ui.pages.reports_page import ReportsPage
from tests.gui.accessibility_helpers import accessible_name, takes_tab_focus, unnamed_controls
from tests.integration.referral_setup import TODAY, Network, build_network

NOW = datetime(2026, 3, 2, 9, 0)


@pytest.fixture
def admin_context(ui_context: UiContext) -> UiContext:
    """The context with a signed-in administrator, so every page exists and every service call is allowed."""
    with ui_context.db.sessions() as session:
        create_first_admin(session, AccountInput("admin", "Petra Verwalt", Role.ADMIN, "Verwaltung-2026"), NOW)
    with ui_context.db.sessions() as session:
        admin: Actor = sign_in(session, "admin", "Verwaltung-2026", NOW)
    return replace(ui_context, actor=admin)


@pytest.fixture
def net(admin_context: UiContext) -> Network:
    return build_network(admin_context.db, max_seats=3)


def shown(qtbot: QtBot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    if isinstance(widget, QDialog):
        widget.open()
    else:
        widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_the_walk_finds_an_unnamed_control_and_accepts_a_named_one(qtbot: QtBot) -> None:
    """The check itself: an icon-only button is reported until it gets a name."""
    root = QWidget()
    button = QPushButton(root)
    button.setObjectName("iconOnly")
    shown(qtbot, root)
    assert takes_tab_focus(button)
    assert unnamed_controls(root) == ["QPushButton#iconOnly < QWidget#?"]
    button.setAccessibleName("Drucken")
    assert accessible_name(button) == "Drucken"
    assert unnamed_controls(root) == []


def test_every_page_of_the_admin_window_names_its_controls(
    qtbot: QtBot, admin_context: UiContext, net: Network
) -> None:
    window = MainWindow(admin_context)
    shown(qtbot, window)
    offenders = {}
    for spec in PAGES:
        if not window.may_open(spec.key):  # the provider's page: not the administrator's
            continue
        page = window.show_page(spec.key)
        qtbot.waitUntil(page.isVisible)
        if found := unnamed_controls(window):
            offenders[spec.key] = found
    people = window.show_page("people")
    assert isinstance(people, PeoplePage)
    people.open_person(net.rania)
    offenders["case view"] = unnamed_controls(window)
    reports = window.show_page("reports")
    assert isinstance(reports, ReportsPage)
    reports.create_report()
    qtbot.waitUntil(lambda: reports.report is not None)
    offenders["report with charts"] = unnamed_controls(window)
    assert {key: found for key, found in offenders.items() if found} == {}


def test_person_and_session_forms_name_their_controls(qtbot: QtBot, admin_context: UiContext, net: Network) -> None:
    from kim_desktop.ui.dialogs.person_form import PersonForm
    from kim_desktop.ui.dialogs.session_form import SessionForm

    assert unnamed_controls(shown(qtbot, PersonForm(admin_context))) == []
    assert unnamed_controls(shown(qtbot, PersonForm(admin_context, net.rania))) == []
    assert unnamed_controls(shown(qtbot, SessionForm(admin_context, net.rania, "Rania Haddad"))) == []


def test_course_dialogs_name_their_controls(qtbot: QtBot, admin_context: UiContext, net: Network) -> None:
    from kim_desktop.ui.dialogs.course_form import CourseFormDialog
    from kim_desktop.ui.dialogs.course_lookup_dialog import CourseLookupDialog
    from kim_desktop.ui.dialogs.refer_dialog import ReferDialog

    assert unnamed_controls(shown(qtbot, CourseFormDialog(admin_context, None))) == []
    assert unnamed_controls(shown(qtbot, CourseFormDialog(admin_context, net.course))) == []
    lookup = CourseLookupDialog(admin_context, net.olena, None, today=TODAY)
    assert unnamed_controls(shown(qtbot, lookup)) == []
    assert unnamed_controls(shown(qtbot, ReferDialog(admin_context, net.olena, net.course, today=TODAY))) == []


def test_search_fields_are_named_even_when_empty(qtbot: QtBot, admin_context: UiContext) -> None:
    """A placeholder text disappears while typing; the accessible name must not depend on it."""
    window = MainWindow(admin_context)
    shown(qtbot, window)
    for key in ("people", "courses"):
        page = window.show_page(key)
        for field in page.findChildren(QLineEdit):
            if field.isVisible() and field.placeholderText():
                assert field.accessibleName(), f"{key}: {field.objectName()}"
