"""The window shows each role only what it may use; the status bar names who is signed in; the Protokoll page."""

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from kim_desktop.db.models import Advisor
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Role
from kim_desktop.services.accounts import AccountInput, create_first_admin, sign_in
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.main_window import MainWindow
from kim_desktop.ui.pages.audit_page import AuditPage
from kim_desktop.ui.pages.courses_page import CoursesPage

NOW = datetime(2026, 3, 2, 9, 0)
WindowFor = Callable[[Actor | None], MainWindow]


@pytest.fixture
def window_for(qtbot: QtBot, ui_context: UiContext) -> WindowFor:
    def build(actor: Actor | None) -> MainWindow:
        if actor is not None:  # pages record searches by this account: it must exist like a signed-in one does
            with ui_context.db.sessions() as session, session.begin():
                session.add(Advisor(id=actor.advisor_id, username=f"konto{actor.advisor_id}",
                                    display_name=actor.display_name, role=actor.role))  # fmt: skip
        window = MainWindow(replace(ui_context, actor=actor))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return build


def cell(page: AuditPage, row: int, column: int) -> str:
    item = page.table.item(row, column)
    return item.text() if item is not None else ""


def visible_titles(window: MainWindow) -> list[str]:
    nav = window.navigation
    return [nav.item(i).text() for i in range(nav.count()) if not nav.item(i).isHidden()]


def view_menu(window: MainWindow) -> QMenu:
    return next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Ansicht")


def view_menu_titles(window: MainWindow) -> list[str]:
    return [a.text() for a in view_menu(window).actions() if a.isVisible()]


def test_reader_sees_courses_and_reports_only(window_for: WindowFor) -> None:
    window = window_for(Actor(7, "Bernd Schulte", Role.READER))
    assert visible_titles(window) == ["Kurse", "Berichte"]
    assert view_menu_titles(window) == ["Kurse", "Berichte"]
    assert window.current_page_key() == "courses"
    assert window.advisor_label.text() == "Angemeldet: Bernd Schulte (Lesen)"
    page = window.page("courses")
    assert isinstance(page, CoursesPage)
    hidden = (page.new_button, page.edit_button, page.copy_button, page.cancel_button, page.import_button)
    assert all(button.isHidden() for button in hidden)
    assert page.lookup_button.isHidden()
    assert not page.export_button.isHidden()
    assert page.edit_selected() is None


def test_reader_cannot_switch_to_a_hidden_page(window_for: WindowFor) -> None:
    from kim_desktop.domain.errors import KimError

    window = window_for(Actor(7, "Bernd Schulte", Role.READER))
    window.navigation.setCurrentRow(0)  # Personen, hidden: stays on the page shown before
    assert window.stack.currentWidget() is window.page("courses")
    with pytest.raises(KimError):
        window.show_page("people")


def test_advisor_has_no_admin_pages(window_for: WindowFor) -> None:
    window = window_for(Actor(3, "Miriam Albers", Role.ADVISOR))
    assert visible_titles(window) == ["Personen", "Beratung & Wiedervorlagen", "Kurse", "Vermittlungen", "Berichte"]
    assert window.advisor_label.text() == "Angemeldet: Miriam Albers (Beratung)"
    page = window.page("courses")
    assert isinstance(page, CoursesPage)
    assert page.new_button.isHidden() and page.import_button.isHidden()
    assert not page.lookup_button.isHidden()


def test_advisors_reach_each_of_their_pages_with_ctrl_and_its_place_in_the_list(
    qtbot: QtBot, window_for: WindowFor
) -> None:
    """Ctrl+5 did nothing for advisors: it belonged to the hidden Netzwerk page, not to their fifth, Berichte."""
    window = window_for(Actor(3, "Miriam Albers", Role.ADVISOR))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts go to the active window
    titles = visible_titles(window)
    for place in reversed(range(len(titles))):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1.value + place), Qt.KeyboardModifier.ControlModifier)
        current = window.navigation.currentItem()
        assert current is not None and current.text() == titles[place]
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "reports"
    shortcuts = [a.shortcut().toString() for a in view_menu(window).actions() if a.isVisible()]
    assert shortcuts == ["Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4", "Ctrl+5"]
    assert all(a.shortcut().isEmpty() for a in view_menu(window).actions() if not a.isVisible())


def test_the_view_menu_shows_an_ampersand_as_written(window_for: WindowFor) -> None:
    """A literal "&" in a menu text marks an access key (showed as "_"): it must be doubled."""
    window = window_for(Actor(3, "Miriam Albers", Role.ADVISOR))
    texts = view_menu_titles(window)
    assert "Beratung && Wiedervorlagen" in texts
    assert [t.replace("&&", "&") for t in texts] == visible_titles(window)
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            assert "& " not in action.text().replace("&&", ""), action.text()


def test_admin_sees_everything_including_protokoll(window_for: WindowFor) -> None:
    window = window_for(Actor(1, "Claudia Hartmann", Role.ADMIN))
    assert "Protokoll" in visible_titles(window) and "Einstellungen" in visible_titles(window)
    # Everything but the provider's page: a provider's answers are the Kursträger role's, on a network desk.
    assert len(visible_titles(window)) == window.navigation.count() - 1
    assert "Vermittlungen in unsere Kurse" not in visible_titles(window)
    assert window.advisor_label.text() == "Angemeldet: Claudia Hartmann (Administration)"


def test_without_sign_in_everything_stays_visible(window_for: WindowFor) -> None:
    window = window_for(None)
    assert len(visible_titles(window)) == window.navigation.count() - 1  # all but the network desk's page
    assert window.advisor_label.text() == "Angemeldet: —"


def test_protokoll_page_filters_and_exports(qtbot: QtBot, ui_context: UiContext, tmp_path: Path) -> None:
    with ui_context.db.sessions() as session:
        create_first_admin(session, AccountInput("admin", "Petra Verwalt", Role.ADMIN, "Verwaltung-2026"), NOW)
    with ui_context.db.sessions() as session:
        admin = sign_in(session, "admin", "Verwaltung-2026", NOW)
    page = AuditPage(replace(ui_context, actor=admin))
    qtbot.addWidget(page)
    page.from_date.setDate(QDate(NOW.date()))
    page.to_date.setDate(QDate(NOW.date()))
    page.reload()
    texts = {cell(page, r, 2) for r in range(page.table.rowCount())}
    assert texts == {"Konto angelegt", "Anmeldung"}
    page.action.setCurrentIndex(page.action.findData("sign_in"))
    page.reload()
    assert page.table.rowCount() == 1
    assert cell(page, 0, 1) == "Petra Verwalt"
    target = tmp_path / "protokoll.csv"
    page.export(target)
    exported = target.read_text(encoding="utf-8-sig")
    assert exported.startswith("id;zeit;konto_id;wer;aktion")
    assert "sign_in" in exported and "account_created" not in exported
    page.person.setText("abc")
    page.reload()
    assert "nur Ziffern" in page.message_label.text()


def test_protokoll_page_refuses_an_advisor(qtbot: QtBot, ui_context: UiContext) -> None:
    page = AuditPage(replace(ui_context, actor=Actor(3, "Miriam Albers", Role.ADVISOR)))
    qtbot.addWidget(page)
    assert "erlaubt nicht" in page.message_label.text()
    assert page.table.rowCount() == 0
