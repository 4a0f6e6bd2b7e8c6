"""The people page as an advisor uses it: type to search, open a case, go back, register from the search."""

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.models import people_table_model
from kim_desktop.ui.pages.people_page import PeoplePage
from tests.gui.people_fixtures import add_obliged_person, add_person, add_reference


@pytest.fixture
def page(qtbot: QtBot, ui_context: UiContext) -> PeoplePage:
    widget = PeoplePage(ui_context)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    return widget


def shown_names(page: PeoplePage) -> list[str]:
    model = page.list.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def type_search(qtbot: QtBot, page: PeoplePage, text: str) -> None:
    page.list.search_field.clear()
    qtbot.keyClicks(page.list.search_field, text)
    qtbot.waitUntil(lambda: not page.list.timer.isActive(), timeout=2000)


def test_search_as_you_type_with_umlauts_and_status(qtbot: QtBot, ui_context: UiContext, page: PeoplePage) -> None:
    ids = add_reference(ui_context.db)
    add_person(ui_context.db, ids["town"], "Özdemir", "Ayşe")
    add_person(ui_context.db, ids["town"], "<b>Bold</b>", "Test")
    add_obliged_person(ui_context.db, ids["town"])
    page.show()
    qtbot.waitExposed(page)
    assert page.list.count_label.text() == "In der Datenbank: 3 Personen"
    type_search(qtbot, page, "oezd")
    assert shown_names(page) == ["Özdemir, Ayşe"]
    assert page.list.count_label.text() == "1 Treffer"
    type_search(qtbot, page, "<b>")
    assert shown_names(page) == ["<b>Bold</b>, Test"]
    type_search(qtbot, page, "03.04.1991")
    assert shown_names(page) == ["Haddad, Rania"]
    model = page.list.model
    assert model.index(0, 3).data() == "Verpflichtung"
    assert model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole) == "Aktenzeichen: ABH-1"


def test_enter_and_double_click_open_the_case_and_back(qtbot: QtBot, ui_context: UiContext, page: PeoplePage) -> None:
    ids = add_reference(ui_context.db)
    add_obliged_person(ui_context.db, ids["town"])
    page.show()
    type_search(qtbot, page, "haddad")
    qtbot.keyClick(page.list.search_field, Qt.Key.Key_Return)
    assert page.list.table.hasFocus() or page.list.table.currentIndex().isValid()
    qtbot.mouseClick(page.list.open_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.case_view
    assert page.case_view.name_label.text() == "Haddad, Rania"
    qtbot.mouseClick(page.case_view.back_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.list


def test_list_fetches_pages_lazily(
    qtbot: QtBot, ui_context: UiContext, page: PeoplePage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(people_table_model, "PAGE_SIZE", 5)
    ids = add_reference(ui_context.db)
    for n in range(12):
        add_person(ui_context.db, ids["town"], f"Person{n:02d}")
    page.show()
    model = page.list.model
    assert model.rowCount() == 5
    assert model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 12
    assert not model.canFetchMore()


def test_list_reloads_after_a_change(qtbot: QtBot, ui_context: UiContext, page: PeoplePage) -> None:
    ids = add_reference(ui_context.db)
    page.show()
    assert shown_names(page) == []
    add_person(ui_context.db, ids["town"], "Neu")
    ui_context.events.data_changed.emit(DataKind.PEOPLE)
    assert shown_names(page) == ["Neu"]


def test_new_person_takes_the_typed_name(qtbot: QtBot, ui_context: UiContext, page: PeoplePage) -> None:
    add_reference(ui_context.db)
    page.show()
    type_search(qtbot, page, "Ivanova Olga")
    form = page.new_person()
    assert form.fields.family_name.text() == "Ivanova"
    assert form.fields.given_names.text() == "Olga"
    form.confirm_discard = lambda: True
    form.reject()


def test_a_search_text_the_service_refuses_shows_its_message_not_an_error(
    qtbot: QtBot, ui_context: UiContext, page: PeoplePage
) -> None:
    ids = add_reference(ui_context.db)
    add_person(ui_context.db, ids["town"], "Özdemir", "Ayşe")
    page.show()
    qtbot.waitExposed(page)
    page.list.search_field.setText("1" * 25_000)  # pasted, not typed
    page.list.run_search()
    qtbot.waitUntil(lambda: page.list.count_label.text().startswith("Suchfeld"), timeout=2000)
    assert page.list.count_label.text() == "Suchfeld: bitte höchstens 100 Zeichen eingeben (eingegeben: 25000)."
    assert shown_names(page) == []
    page.list.search_field.setText("Özdemir\x00")
    page.list.run_search()
    qtbot.waitUntil(lambda: page.list.count_label.text() == "1 Treffer", timeout=2000)
    assert shown_names(page) == ["Özdemir, Ayşe"]


def test_two_of_one_family_stay_apart_in_a_narrow_name_column(
    qtbot: QtBot, ui_context: UiContext, page: PeoplePage
) -> None:
    from PySide6.QtGui import QFontMetrics

    ids = add_reference(ui_context.db)
    for given in ("Mohammad Abdulrahman Khaled", "Mohammad Abdulkarim Khaled"):
        add_person(ui_context.db, ids["town"], "Al-Homsi", given)
    page.resize(1093 - 230, 600)  # a 1366-px laptop at 125 % less the navigation
    page.show()
    qtbot.waitExposed(page)
    table = page.list.table
    metrics = QFontMetrics(table.font())
    shown = []
    for row in range(2):
        index = page.list.model.index(row, 0)
        full = index.data()
        shown.append(metrics.elidedText(full, Qt.TextElideMode.ElideMiddle, table.columnWidth(0) - 8))
        assert index.data(Qt.ItemDataRole.ToolTipRole) == full
    assert shown[0] != shown[1]  # elided in the middle if at all: the given names stay apart
    assert all(text.startswith("Al-Homsi, Mohammad Abdul") for text in shown)
    assert table.columnWidth(0) >= 255  # the other columns gave way
    assert table.columnWidth(1) == table.columnWidth(4) == 95  # the dates are never cut: they tell people apart
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    page.list.name_delegate.initStyleOption(option, page.list.model.index(0, 0))
    assert option.textElideMode == Qt.TextElideMode.ElideMiddle
