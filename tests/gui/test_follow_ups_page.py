"""Meine Wiedervorlagen: due and overdue follow-ups, filter by advisor, open the case, mark done with outcome."""

from datetime import date, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kim_desktop.db.models import FollowUp
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.pages.follow_ups_page import CounsellingPage
from tests.gui.people_fixtures import add_obliged_person, add_person, add_reference


def setup_follow_ups(ctx: UiContext) -> dict[str, int]:
    ids = add_reference(ctx.db)
    ids["rania"] = add_obliged_person(ctx.db, ids["town"])
    ids["olga"] = add_person(ctx.db, ids["town"], "Ivanova", "Olga")
    today = date.today()
    with ctx.db.sessions() as session, session.begin():
        session.add_all([
            FollowUp(person_id=ids["rania"], due_on=today - timedelta(days=3), assigned_to_id=ids["advisor"],
                     note="Anmeldung nachweisen"),
            FollowUp(person_id=ids["olga"], due_on=today, assigned_to_id=None, note="Kita klären"),
            FollowUp(person_id=ids["olga"], due_on=today + timedelta(days=5), note="später"),
        ])  # fmt: skip
    return ids


def make_page(qtbot: QtBot, ctx: UiContext) -> CounsellingPage:
    page = CounsellingPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_due_and_overdue_are_listed_oldest_first(qtbot: QtBot, ui_context: UiContext) -> None:
    setup_follow_ups(ui_context)
    page = make_page(qtbot, ui_context)
    tree = page.follow_ups.tree
    assert tree.topLevelItemCount() == 2
    assert tree.topLevelItem(0).text(0).endswith("(3 T. überfällig)")
    assert tree.topLevelItem(0).text(1) == "Haddad, Rania"
    assert tree.topLevelItem(1).text(0).endswith("(heute)")
    assert page.follow_ups.status_label.text() == "2 fällig, davon 1 überfällig"


def test_filter_by_advisor(qtbot: QtBot, ui_context: UiContext) -> None:
    ids = setup_follow_ups(ui_context)
    page = make_page(qtbot, ui_context)
    combo = page.follow_ups.advisor_filter
    combo.setCurrentIndex(combo.findData(ids["advisor"]))
    tree = page.follow_ups.tree
    assert [tree.topLevelItem(i).text(3) for i in range(tree.topLevelItemCount())] == ["Anna Krüger", "offen"]


def test_enter_opens_the_case_and_back_returns(qtbot: QtBot, ui_context: UiContext) -> None:
    setup_follow_ups(ui_context)
    page = make_page(qtbot, ui_context)
    tree = page.follow_ups.tree
    tree.setFocus()
    tree.setCurrentItem(tree.topLevelItem(0))
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.case_view
    assert page.case_view.name_label.text() == "Haddad, Rania"
    qtbot.mouseClick(page.case_view.back_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.follow_ups


def test_done_asks_for_outcome_and_removes_it(qtbot: QtBot, ui_context: UiContext) -> None:
    setup_follow_ups(ui_context)
    page = make_page(qtbot, ui_context)
    tree = page.follow_ups.tree
    tree.setCurrentItem(tree.topLevelItem(0))
    dialog = page.follow_ups.ask_outcome()
    assert dialog is not None
    assert "Haddad, Rania" in dialog.labelText()
    dialog.setTextValue("Anmeldung liegt vor")
    dialog.accept()
    assert tree.topLevelItemCount() == 1
    assert tree.topLevelItem(0).text(1) == "Ivanova, Olga"
    page.open_case(setup_person := int(tree.topLevelItem(0).data(1, Qt.ItemDataRole.UserRole)))
    assert setup_person


def test_empty_outcome_is_refused(qtbot: QtBot, ui_context: UiContext) -> None:
    setup_follow_ups(ui_context)
    page = make_page(qtbot, ui_context)
    follow_up_id = int(page.follow_ups.tree.topLevelItem(0).data(0, Qt.ItemDataRole.UserRole))
    page.follow_ups.complete(follow_up_id, "  ")
    assert page.follow_ups.status_label.text().startswith("Ergebnis:")
    assert page.follow_ups.tree.topLevelItemCount() == 2
