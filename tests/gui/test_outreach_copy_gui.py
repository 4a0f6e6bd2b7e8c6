"""The copy the window runs on: refreshed or deleted from the menu once synced, and closed to new work when expired."""

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from kim_desktop.db.engine import sqlite_url
from kim_desktop.services import people
from kim_desktop.services.database import open_database
from kim_desktop.services.outreach_lifecycle import copy_state
from kim_desktop.settings import Settings, load_settings
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.main_window import MainWindow
from tests.integration.outreach_setup import TODAY, Outing, go_out, newcomer


@pytest.fixture
def on_the_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """The computer's clock on a day the copy is valid (taken 02.03.2026 for 14 days)."""
    from kim_desktop.services import outreach_journal

    monkeypatch.setattr(outreach_journal, "wall_clock", lambda: datetime(2026, 3, 4, 9, 0))


def _window_on_copy(qtbot: QtBot, ctx: UiContext, outing: Outing) -> tuple[MainWindow, UiContext]:
    copy = open_database(sqlite_url(outing.taken.path), None)
    url = sqlite_url(outing.taken.path)
    laptop = replace(ctx, db=copy, actor=outing.actor, settings=Settings(database_url=url))
    window = MainWindow(laptop)
    qtbot.addWidget(window)
    return window, laptop


def _yes(monkeypatch: pytest.MonkeyPatch) -> None:
    yes = staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "question", yes)


def test_the_copy_is_deleted_from_the_menu_once_everything_is_at_the_office(
    qtbot: QtBot, ui_context: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    no_modal_message_boxes: list[str], on_the_day: None,
) -> None:  # fmt: skip
    outing = go_out(ui_context.db, tmp_path)
    window, laptop = _window_on_copy(qtbot, ui_context, outing)
    menu = window.outreach
    assert menu.delete.isVisible() and menu.refresh.isVisible() and not menu.take.isEnabled()
    with laptop.db.sessions() as s:
        people.register_person(s, newcomer(town=outing.town), actor=outing.actor, today=TODAY)
    _yes(monkeypatch)
    menu.delete.trigger()  # a registration is not at the office yet: refused, the copy stays
    assert no_modal_message_boxes[-1] == "1 Vorgänge sind noch nicht im Büro angekommen: bitte zuerst abgleichen."
    assert outing.taken.path.exists() and window.centralWidget().isEnabled()
    sync = menu.open_sync()
    qtbot.addWidget(sync)
    sync.server.setText(ui_context.db.url)
    sync.sync_now()
    assert "1 neue Person übertragen" in sync.outcome_label.text() and menu.office_url == ui_context.db.url
    sync.reject()
    menu.delete.trigger()
    assert not outing.taken.path.exists()
    assert (
        "Die Kopie ist gelöscht. Beim nächsten Start verbindet sich KIM Desktop wieder mit dem Büro."
        in (no_modal_message_boxes[-1])
    )
    assert not window.centralWidget().isEnabled()  # the closed copy is not used any more: restart
    assert load_settings(laptop.paths.settings_file).database_url == ui_context.db.url  # back to the office


def test_the_copy_is_refreshed_from_the_menu_with_the_same_towns(
    qtbot: QtBot, ui_context: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    no_modal_message_boxes: list[str], on_the_day: None,
) -> None:  # fmt: skip
    outing = go_out(ui_context.db, tmp_path)
    window, _laptop = _window_on_copy(qtbot, ui_context, outing)
    asked: list[str] = []

    def server(_parent: object, _title: str, label: str, **kwargs: str) -> tuple[str, bool]:
        asked.append(kwargs.get("text", ""))
        return ui_context.db.url, True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(server))
    window.outreach.office_url = "postgresql+psycopg://kim@server/kim"  # remembered from the sync: offered
    window.outreach.refresh.trigger()
    assert asked == ["postgresql+psycopg://kim@server/kim"]
    assert no_modal_message_boxes[-1].startswith("Kopie aufgefrischt, gültig bis ")
    state = copy_state(outing.taken.path)
    assert state.copy.copy_id != outing.taken.copy.copy_id
    assert state.copy.municipality_ids == (outing.town,) and state.still_open == 0


def test_an_expired_copy_offers_only_sync_and_delete(
    qtbot: QtBot, ui_context: UiContext, tmp_path: Path, no_modal_message_boxes: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from kim_desktop.services import outreach_journal

    outing = go_out(ui_context.db, tmp_path)  # taken 02.03.2026 for 14 days
    monkeypatch.setattr(outreach_journal, "wall_clock", lambda: datetime(2026, 3, 16, 7, 59))
    valid, _laptop = _window_on_copy(qtbot, ui_context, outing)
    assert "abgelaufen" not in valid.outreach_label.text() and valid.centralWidget().isEnabled()
    valid.ctx.db.close()
    monkeypatch.setattr(outreach_journal, "wall_clock", lambda: datetime(2026, 3, 16, 8, 0))
    window, _laptop = _window_on_copy(qtbot, ui_context, outing)
    menu = window.outreach
    assert window.outreach_label.text().endswith("Kopie abgelaufen am 16.03.2026: bitte abgleichen")
    assert no_modal_message_boxes[-1].startswith("Diese Außentermin-Kopie ist am 16.03.2026 abgelaufen.")
    assert not window.centralWidget().isEnabled() and not menu.refresh.isEnabled() and not menu.take.isEnabled()
    assert menu.sync.isEnabled() and menu.delete.isEnabled()
