"""Keyboard use: every page by shortcut, Tab reaches every control without getting stuck, focus is visible."""

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kim_desktop.domain.enums import Role
from kim_desktop.services.accounts import AccountInput, create_first_admin, sign_in
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.main_window import MainWindow
from kim_desktop.ui.pages.registry import PAGES
from kim_desktop.ui.style import apply_style
from tests.gui.accessibility_helpers import describe, takes_tab_focus
from tests.integration.referral_setup import Network, build_network

NOW = datetime(2026, 3, 2, 9, 0)


@pytest.fixture
def admin_window(qtbot: QtBot, ui_context: UiContext) -> MainWindow:
    with ui_context.db.sessions() as session:
        create_first_admin(session, AccountInput("admin", "Petra Verwalt", Role.ADMIN, "Verwaltung-2026"), NOW)
    with ui_context.db.sessions() as session:
        admin = sign_in(session, "admin", "Verwaltung-2026", NOW)
    build_network(ui_context.db, max_seats=3)  # rows in the tables, so Tab meets filled views
    window = MainWindow(replace(ui_context, actor=admin))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    return window


@pytest.fixture
def app_style(qapp: QApplication) -> Iterator[None]:
    """The app's own look (as app.main() sets it), undone afterwards so other tests see Qt's default."""
    style, palette = qapp.style().name(), qapp.palette()
    apply_style(qapp, dark=False)
    yield
    qapp.setStyleSheet("")
    qapp.setStyle(style)
    qapp.setPalette(palette)


def unchecked_radio(widget: QWidget) -> bool:
    return isinstance(widget, QRadioButton) and not widget.isChecked()


def focused() -> QWidget | None:
    return QApplication.focusWidget()


SECTIONS_PER_FIELD = 5  # a date-and-time field takes Tab from day to month, year, hour and minute, then moves on


def tab_through(qtbot: QtBot, start: QWidget, presses: int) -> list[QWidget]:
    """Press Tab `presses` times from start; the widget that has focus after each press.

    Fails when focus leaves the window or stays on one widget longer than a date field's sections.
    """
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(start.hasFocus)
    visited: list[QWidget] = []
    same = 0
    for _press in range(presses):
        widget = focused()
        assert widget is not None, "focus left the window"
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        after = focused()
        assert after is not None, "focus left the window"
        same = same + 1 if after is widget else 0
        assert same < SECTIONS_PER_FIELD, f"Tab is stuck in {describe(widget)}"
        visited.append(after)
    return visited


def test_every_page_opens_with_its_shortcut(qtbot: QtBot, admin_window: MainWindow) -> None:
    shown = [spec.key for spec in PAGES if admin_window.may_open(spec.key)]  # as the navigation counts them
    assert len(shown) <= 10, "more pages than digit shortcuts"
    for number in reversed(range(len(shown))):  # backwards: the first page is already on screen
        key = Qt.Key(Qt.Key.Key_1.value + number) if number < 9 else Qt.Key.Key_0  # the tenth page is Ctrl+0
        qtbot.keyClick(admin_window, key, Qt.KeyboardModifier.ControlModifier)
        assert admin_window.current_page_key() == shown[number]


def page_views(page: QWidget) -> Iterator[str]:
    """Show each tab of each tab widget on the page in turn (the page itself first); yields a label."""
    yield "page"
    for tabs in page.findChildren(QTabWidget):
        if tabs.isVisible():
            for index in range(1, tabs.count()):
                tabs.setCurrentIndex(index)
                yield tabs.tabText(index)


# The provider's page is not the administrator's (tests/gui/test_network_provider_gui.py drives it).
@pytest.mark.parametrize("key", [spec.key for spec in PAGES if not spec.network_only])
def test_tab_reaches_every_control_of_the_page_and_never_sticks(
    qtbot: QtBot, admin_window: MainWindow, key: str
) -> None:
    page = admin_window.show_page(key)
    qtbot.waitUntil(page.isVisible)
    missed = {}
    for view in page_views(page):
        # Of a group of radio buttons only the checked one is in the Tab order; arrow keys choose among them.
        controls = [w for w in page.findChildren(QWidget) if takes_tab_focus(w) and not unchecked_radio(w)]
        assert controls, f"{view}: not a single control to reach"
        visited = tab_through(qtbot, admin_window.navigation, presses=SECTIONS_PER_FIELD * len(controls) + 3)
        if lost := [describe(w) for w in controls if w not in visited]:
            missed[view] = lost
        assert admin_window.navigation in visited, f"{view}: Tab does not come back round to the navigation"
    assert missed == {}


def test_tab_moves_on_from_a_filled_table(qtbot: QtBot, admin_window: MainWindow) -> None:
    """Read-only lists do not swallow Tab cell by cell (arrow keys move between rows)."""
    page = admin_window.show_page("people")
    table = page.findChild(QTableView, "peopleTable")
    assert table is not None
    qtbot.waitUntil(lambda: table.model().rowCount() > 0)
    table.setCurrentIndex(table.model().index(0, 0))
    visited = tab_through(qtbot, table, presses=1)
    assert visited[0] is not table


@pytest.mark.parametrize("dialog_name", ["person", "session", "course"])
def test_tab_goes_through_the_forms_and_leaves_text_areas(
    qtbot: QtBot, ui_context: UiContext, dialog_name: str
) -> None:
    net: Network = build_network(ui_context.db, max_seats=3)
    dialog: QDialog
    if dialog_name == "person":
        from kim_desktop.ui.dialogs.person_form import PersonForm

        dialog = PersonForm(ui_context, net.rania)
    elif dialog_name == "session":
        from kim_desktop.ui.dialogs.session_form import SessionForm

        dialog = SessionForm(ui_context, net.rania, "Rania Haddad")
    else:
        from kim_desktop.ui.dialogs.course_form import CourseFormDialog

        dialog = CourseFormDialog(ui_context, net.course)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    controls = [w for w in dialog.findChildren(QWidget) if takes_tab_focus(w)]
    visited = tab_through(qtbot, controls[0], presses=SECTIONS_PER_FIELD * len(controls) + 2)
    assert [describe(w) for w in controls if w not in visited] == []


def test_ctrl_l_locks_once_the_lock_is_connected(qtbot: QtBot, admin_window: MainWindow) -> None:
    locked: list[bool] = []
    assert not admin_window.lock_action.isEnabled()
    admin_window.lock_action.triggered.connect(lambda: locked.append(True))
    admin_window.lock_action.setEnabled(True)
    qtbot.keyClick(admin_window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert locked == [True]


def test_focus_is_visibly_marked(qtbot: QtBot, app_style: None) -> None:
    """With the app's style, each kind of control looks different while Tab has put the focus on it."""
    root = QWidget()
    layout = QVBoxLayout(root)
    table = QTableWidget(2, 2)
    table.setTabKeyNavigation(False)
    combo = QComboBox()
    combo.addItems(["eins", "zwei"])
    anchor = QLineEdit("Anfang")
    controls = [QLineEdit("Text"), QPushButton("Knopf"), QCheckBox("Kästchen"), combo, table]
    for widget in (anchor, *controls):
        layout.addWidget(widget)
    qtbot.addWidget(root)
    root.show()
    root.activateWindow()
    qtbot.waitActive(root)
    unmarked = []
    for before, widget in zip((anchor, *controls), controls, strict=False):
        before.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(before.hasFocus)
        qtbot.keyClick(before, Qt.Key.Key_Tab)  # a real Tab: styles mark focus only after keyboard moves
        qtbot.waitUntil(widget.hasFocus)
        with_focus = widget.grab().toImage()
        anchor.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(anchor.hasFocus)
        if with_focus == widget.grab().toImage():
            unmarked.append(type(widget).__name__)
    assert unmarked == []


def test_the_lock_overlay_hides_what_is_underneath(qtbot: QtBot) -> None:
    """Sperren must cover the case data: the overlay paints its own dark background."""
    from PySide6.QtWidgets import QLabel

    from kim_desktop.domain.access import Actor
    from kim_desktop.ui.idle_lock import LockOverlay

    window = QWidget()
    window.resize(400, 300)
    QVBoxLayout(window).addWidget(QLabel("Fallakte"))
    qtbot.addWidget(window)
    window.show()
    overlay = LockOverlay(window, Actor(1, "Anna Krüger", Role.ADVISOR))
    overlay.setGeometry(window.rect())
    overlay.show()
    overlay.raise_()
    image = window.grab().toImage()
    assert image.pixelColor(5, 5).name() == "#2b3a4a"


def test_ctrl_q_quits_even_where_the_platform_has_no_quit_key(qtbot: QtBot, admin_window: MainWindow) -> None:
    from PySide6.QtGui import QAction, QKeySequence

    from kim_desktop.i18n import _

    quit_action = next(a for a in admin_window.findChildren(QAction) if a.text() == _("&Beenden"))
    assert quit_action.shortcuts(), "Datei → Beenden has a keyboard shortcut"
    if not QKeySequence.keyBindings(QKeySequence.StandardKey.Quit):  # offscreen / Linux without a theme
        assert QKeySequence("Ctrl+Q") in quit_action.shortcuts()
