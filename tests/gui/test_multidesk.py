"""Several desks on one database: lists follow other desks' changes; a lost server keeps the form's input."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kim_desktop.db.engine import sqlite_path, sqlite_url
from kim_desktop.domain.enums import PartOfDay
from kim_desktop.paths import resolve_paths
from kim_desktop.services import change_feed
from kim_desktop.services.database import OpenDatabase, open_database
from kim_desktop.services.people_search import search_people
from kim_desktop.settings import Settings, load_settings
from kim_desktop.ui import change_watcher
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.person_form import PersonForm
from kim_desktop.ui.events import AppEvents
from kim_desktop.ui.main_window import MainWindow
from kim_desktop.ui.pages.people_page import PeoplePage
from kim_desktop.ui.pages.settings_page import SettingsPage
from kim_desktop.ui.tasks import SyncTaskRunner
from tests.gui.people_fixtures import add_person, add_reference
from tests.integration.data_safety_helpers import count_rows
from tests.server_outage import server_down

on_postgres = pytest.mark.parametrize(
    "database", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
UNREACHABLE = "Server nicht erreichbar – Eingaben bleiben erhalten"


@pytest.fixture
def server_window(qtbot: QtBot, database: OpenDatabase, tmp_path: Path) -> Iterator[MainWindow]:
    """The main window of a desk working with the (test) PostgreSQL server."""
    paths = resolve_paths(tmp_path / "data", portable=False).create()
    ctx = UiContext(db=database, paths=paths, settings=Settings(), tasks=SyncTaskRunner(), events=AppEvents())
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


@pytest.fixture
def other_desk(database: OpenDatabase) -> Iterator[OpenDatabase]:
    """The same database opened by another desk."""
    other = open_database(database.url, None)
    yield other
    other.close()


def _listed_names(page: PeoplePage) -> list[str]:
    return [page.list.model.row_at(r).family_name for r in range(page.list.model.rowCount())]


@on_postgres
def test_the_people_list_follows_another_desk_and_keeps_the_selection(
    qtbot: QtBot, server_window: MainWindow, other_desk: OpenDatabase
) -> None:
    town = add_reference(other_desk)["town"]
    add_person(other_desk, town, "Berger", "Ben")
    keep = add_person(other_desk, town, "Yilmaz", "Ayse")
    page = server_window.show_page("people")
    assert isinstance(page, PeoplePage)
    page.list.run_search()  # the page searched when the window opened, before these people existed
    assert _listed_names(page) == ["Berger", "Yilmaz"]
    page.list.table.selectRow(1)
    watcher = server_window.watch_other_desks()

    add_person(other_desk, town, "Aydin", "Ali")  # another desk registers someone who sorts first

    qtbot.waitUntil(lambda: _listed_names(page) == ["Aydin", "Berger", "Yilmaz"], timeout=10_000)
    assert page.list.current_person_id() == keep
    watcher.stop()


def test_on_sqlite_another_program_s_change_refreshes_the_list(
    qtbot: QtBot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(change_feed, "SQLITE_POLL_SECONDS", 0.05)
    page = main_window.show_page("people")
    assert isinstance(page, PeoplePage)
    assert _listed_names(page) == []
    main_window.watch_other_desks()
    other = open_database(main_window.ctx.db.url, None)  # e.g. a CLI import on the same PC
    try:
        town = add_reference(other)["town"]
        add_person(other, town, "Nowak", "Jan")
        qtbot.waitUntil(lambda: _listed_names(page) == ["Nowak"], timeout=10_000)
    finally:
        other.close()


def _fill_the_form(qtbot: QtBot, form: PersonForm, town: int) -> None:
    fields = form.fields
    qtbot.keyClicks(fields.family_name, "Haddad")
    qtbot.keyClicks(fields.given_names, "Samira")
    fields.birth_date.set_value(date(1988, 3, 14))
    fields.municipality.setCurrentIndex(fields.municipality.findData(town))
    qtbot.keyClicks(fields.postcode, "49324")
    qtbot.keyClicks(fields.street, "Lindenstrasse 4")
    qtbot.keyClicks(fields.phone, "0151 7654321")
    qtbot.keyClicks(fields.first_language, "Arabisch")
    qtbot.mouseClick(fields.availability.boxes[(2, PartOfDay.MORNING)], Qt.MouseButton.LeftButton)
    fields.has_permission.setChecked(True)
    qtbot.keyClicks(fields.file_number, "ABH-77")
    fields.add_child().birth_date.set_value(date(2021, 6, 1))
    fields.special_needs.setPlainText("Termine nur vormittags")


@on_postgres
def test_a_lost_server_keeps_the_form_s_input_and_saving_works_when_it_is_back(
    qtbot: QtBot, server_window: MainWindow, database: OpenDatabase, postgres_template: tuple[sa.Engine, str]
) -> None:
    ctx = server_window.ctx
    town = add_reference(database)["town"]
    form = PersonForm(ctx, None, server_window)
    form.confirm_discard = lambda: True
    qtbot.addWidget(form)
    form.open()
    qtbot.waitExposed(form)
    _fill_the_form(qtbot, form, town)
    typed = form.fields.collect()
    status = server_window.server_status
    assert not status.isVisible()
    name = sa.make_url(database.url).database
    assert name is not None

    with server_down(postgres_template[0], name):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

        assert form.isVisible()
        assert "nicht erreichbar" in form.summary.text() and "Eingaben bleiben erhalten" in form.summary.text()
        assert form.fields.collect() == typed
        assert form.save_button.isEnabled()
        qtbot.waitUntil(status.isVisible)
        assert status.label.text() == UNREACHABLE
        qtbot.mouseClick(status.retry_button, Qt.MouseButton.LeftButton)  # still down: the line stays
        qtbot.wait(50)
        assert status.isVisible() and status.label.text() == UNREACHABLE

    qtbot.mouseClick(status.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not status.isVisible())
    assert server_window.statusBar().currentMessage() == "Server wieder erreichbar"
    saved: list[int] = []
    form.saved.connect(saved.append)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert saved, form.summary.text()
    assert not form.isVisible()
    with database.sessions() as session:
        assert [(p.family_name, p.given_names) for p in search_people(session, "")] == [("Haddad", "Samira")]


@on_postgres
def test_the_watcher_notices_a_lost_server_and_its_return(
    qtbot: QtBot,
    server_window: MainWindow,
    database: OpenDatabase,
    postgres_template: tuple[sa.Engine, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(change_watcher, "RECONNECT_SECONDS", 0.2)
    status = server_window.server_status
    server_window.watch_other_desks()
    name = sa.make_url(database.url).database
    assert name is not None
    with server_down(postgres_template[0], name):
        qtbot.waitUntil(status.isVisible, timeout=10_000)  # nobody saved anything: the listening connection broke
    qtbot.waitUntil(lambda: not status.isVisible(), timeout=10_000)


@on_postgres
def test_moving_the_server_s_data_into_a_local_file_from_the_window(
    qtbot: QtBot,
    server_window: MainWindow,
    database: OpenDatabase,
    monkeypatch: pytest.MonkeyPatch,
    no_modal_message_boxes: list[str],
) -> None:
    ctx = server_window.ctx
    town = add_reference(database)["town"]
    for family in ("Haddad", "Nowak", "Tesfay"):
        add_person(database, town, family, "Mira")
    old_local = open_database(sqlite_url(ctx.paths.database_file), None)  # the file from before the server
    add_person(old_local, add_reference(old_local)["town"], "Alt", "Otto")
    old_local.close()
    page = server_window.show_page("settings")
    assert isinstance(page, SettingsPage)
    page.show_tab(page.database)
    tab = page.database
    assert tab.to_local_button.isEnabled() and not tab.move_button.isEnabled()
    asked: list[str] = []

    def yes(_parent: object, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(yes))

    qtbot.mouseClick(tab.to_local_button, Qt.MouseButton.LeftButton)

    assert "werden in eine lokale Datei" in asked[0]  # confirmed before anything was copied
    assert "Prüfsumme jeder Tabelle stimmen überein" in tab.to_local_message.text()
    saved = load_settings(ctx.paths.settings_file).database_url
    copy = sqlite_path(saved)
    assert copy is not None and copy != ctx.paths.database_file and "vom-server" in copy.name
    assert str(copy) in tab.to_local_message.text()
    assert count_rows(copy, "people") == 3
    assert count_rows(ctx.paths.database_file, "people") == 1  # the old local file is left as it was
    central = server_window.centralWidget()
    assert central is not None and not central.isEnabled()
    assert any("neu starten" in text for text in no_modal_message_boxes)
    with database.sessions() as session:
        assert len(search_people(session, "")) == 3  # the server keeps everything
