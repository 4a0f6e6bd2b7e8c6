"""Einstellungen driven as a person would: letterhead and language, rules, backups and restore, the server."""

import json
import stat
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from kim_desktop.db.engine import sqlite_path
from kim_desktop.db.migrate import SCHEMA_HEAD
from kim_desktop.db.models import Advisor, AuditEvent, Person
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Role
from kim_desktop.services.privacy import erase_person
from kim_desktop.services.server_passwords import url_to_connect
from kim_desktop.settings import load_settings
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.main_window import MainWindow
from kim_desktop.ui.pages.settings_page import SettingsPage
from kim_desktop.ui.pages.settings_rules_tab import VALUE
from tests.conftest import POSTGRES_URL
from tests.integration.cli_accounts import add_cli_accounts
from tests.integration.data_safety_helpers import add_people, count_rows
from tests.integration.encryption_fixtures import use_memory_keyring


def _page(qtbot: QtBot, ctx: UiContext) -> SettingsPage:
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def _settings_page(window: MainWindow) -> SettingsPage:
    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    return page


def _logo(tmp_path: Path) -> Path:
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("#1565c0"))
    path = tmp_path / "wappen.png"
    assert image.save(str(path))
    return path


# --- Briefkopf ---------------------------------------------------------------------------------------------------


def test_letterhead_and_language_are_saved_to_the_private_settings_file(
    qtbot: QtBot, ui_context: UiContext, tmp_path: Path
) -> None:
    page = _page(qtbot, ui_context)
    office = page.office
    changes: list[str] = []
    ui_context.events.data_changed.connect(changes.append)
    office.fields["name"].clear()
    qtbot.keyClicks(office.fields["name"], "Integrationsbuero Landkreis Musterau")
    office.fields["street"].setText("Marktstraße 1")
    qtbot.keyClicks(office.fields["postcode"], "49999")
    qtbot.keyClicks(office.fields["city"], "Musterau")
    qtbot.keyClicks(office.fields["phone"], "04471 123-45")
    qtbot.keyClicks(office.fields["email"], "integration@musterau.de")
    office.fields["opening_hours"].setText("Mo–Fr 8:30–12:30")
    office.choose_logo(_logo(tmp_path))
    assert office.logo_preview.pixmap() is not None and not office.logo_preview.pixmap().isNull()
    office.language.setCurrentIndex(office.language.findData("en"))
    qtbot.mouseClick(office.save_button, Qt.MouseButton.LeftButton)

    assert "Gespeichert." in office.message.text()
    assert "nächsten Start" in office.message.text()
    saved = load_settings(ui_context.paths.settings_file)
    assert saved.office.name == "Integrationsbuero Landkreis Musterau"
    assert saved.office.street == "Marktstraße 1"
    assert (saved.office.postcode, saved.office.city) == ("49999", "Musterau")
    assert saved.office.opening_hours == "Mo–Fr 8:30–12:30"
    assert saved.office.logo_path == str(tmp_path / "wappen.png")
    assert saved.language == "en"
    assert ui_context.settings == saved
    assert stat.S_IMODE(ui_context.paths.settings_file.stat().st_mode) == 0o600
    assert changes == [DataKind.SETTINGS]


def test_wrong_postcode_email_and_logo_are_refused_and_nothing_is_saved(
    qtbot: QtBot, ui_context: UiContext, tmp_path: Path
) -> None:
    page = _page(qtbot, ui_context)
    office = page.office
    qtbot.keyClicks(office.fields["postcode"], "4999")
    qtbot.keyClicks(office.fields["email"], "integration.musterau.de")
    office.choose_logo(tmp_path / "fehlt.png")
    qtbot.mouseClick(office.save_button, Qt.MouseButton.LeftButton)
    text = office.message.text()
    assert "Postleitzahl hat fünf Ziffern" in text
    assert "E-Mail-Adresse" in text
    assert "fehlt.png gibt es nicht" in text
    assert not ui_context.paths.settings_file.exists()


# --- Regeln ------------------------------------------------------------------------------------------------------


def _type_into_value_cell(qtbot: QtBot, page: SettingsPage, key: str, text: str) -> None:
    table = page.rules.table
    item = table.item(page.rules.row_of(key), VALUE)
    assert item is not None
    table.setCurrentItem(item)
    table.editItem(item)
    editor = table.findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits the typed value a moment later (queued), as it does for a person.
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)


def test_rules_table_shows_every_rule_and_refuses_an_invalid_value_naming_it(
    qtbot: QtBot, ui_context: UiContext
) -> None:
    page = _page(qtbot, ui_context)
    page.show_tab(page.rules)
    table = page.rules.table
    assert table.rowCount() == len(page.rules.rows) > 20
    r = page.rules.row_of("reservation_hold_days")
    assert table.item(r, 0).text() == "Platzreservierung gilt (Tage)"  # type: ignore[union-attr]

    _type_into_value_cell(qtbot, page, "reservation_hold_days", "drei")
    assert "„Platzreservierung gilt (Tage)“: „drei“ passt nicht" in page.rules.message.text()
    assert table.item(r, VALUE).text() == "3"  # type: ignore[union-attr]


def test_a_changed_rule_is_saved_marked_and_can_be_reset(qtbot: QtBot, ui_context: UiContext) -> None:
    page = _page(qtbot, ui_context)
    page.show_tab(page.rules)
    changes: list[str] = []
    ui_context.events.data_changed.connect(changes.append)
    _type_into_value_cell(qtbot, page, "travel_subsidy_min_km", "2,5")
    r = page.rules.row_of("travel_subsidy_min_km")
    item = page.rules.table.item(r, VALUE)
    assert item is not None and item.text() == "2,5" and item.font().bold()
    assert "Gespeichert: Fahrtkostenzuschuss ab Entfernung (km) = 2,5" in page.rules.message.text()
    assert changes == [DataKind.SETTINGS]

    page.rules.table.selectRow(r)
    assert page.rules.reset_button.isEnabled()
    qtbot.mouseClick(page.rules.reset_button, Qt.MouseButton.LeftButton)
    item = page.rules.table.item(r, VALUE)
    assert item is not None and item.text() == "3" and not item.font().bold()
    assert not page.rules.reset_button.isEnabled()


# --- Sicherung ---------------------------------------------------------------------------------------------------


def test_back_up_now_grows_the_list_and_updates_the_status_line(
    qtbot: QtBot, main_window: MainWindow, tmp_path: Path
) -> None:
    page = _settings_page(main_window)
    page.show_tab(page.backup)
    backup = page.backup
    assert backup.table.rowCount() == 0
    assert backup.status.text() == "Achtung: Es gibt noch keine Sicherung der Datenbank."

    qtbot.mouseClick(backup.backup_button, Qt.MouseButton.LeftButton)
    assert backup.table.rowCount() == 1
    assert backup.status.text().startswith("Letzte Sicherung: ")
    assert main_window.backup_label.text() == backup.status.text()
    assert "Gesichert: " in backup.message.text()
    assert backup.table.item(0, 1).text() == "von Hand"  # type: ignore[union-attr]
    assert f"Schema {SCHEMA_HEAD}" in backup.table.item(0, 2).text()  # type: ignore[union-attr]

    usb = tmp_path / "usb-stick"
    usb.mkdir()
    backup.set_second_dir(usb)
    assert load_settings(main_window.ctx.paths.settings_file).second_backup_dir == str(usb)
    qtbot.mouseClick(backup.backup_button, Qt.MouseButton.LeftButton)
    # the newest backup of the day in each folder: rotation keeps one per day, so the first one was replaced
    assert backup.table.rowCount() == 2
    assert {backup.table.item(row, 3).text() for row in range(2)} == {str(main_window.ctx.paths.backup_dir), str(usb)}  # type: ignore[union-attr]
    assert f"Zweite Kopie in {usb}" in backup.message.text()


def test_a_backup_from_the_window_is_recorded_as_an_export(qtbot: QtBot, ui_context: UiContext) -> None:
    admin = add_cli_accounts(ui_context.db.sessions)
    page = _page(qtbot, replace(ui_context, actor=admin))
    page.show_tab(page.backup)
    qtbot.mouseClick(page.backup.backup_button, Qt.MouseButton.LeftButton)
    assert "Gesichert: " in page.backup.message.text()
    with ui_context.db.sessions() as session:
        entries = session.execute(
            sa.select(AuditEvent.actor, AuditEvent.details).where(
                AuditEvent.action == "exported", AuditEvent.entity_type == "database"
            )
        ).all()
    ((actor, details),) = entries
    assert actor == "Claudia Hartmann"
    assert json.loads(details)["copy"] == [None, "backup"]
    assert str(ui_context.paths.backup_dir) in json.loads(details)["target"][1]


def test_restore_replaces_the_database_and_asks_for_a_restart(
    qtbot: QtBot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch, no_modal_message_boxes: list[str]
) -> None:
    ctx = main_window.ctx
    database = sqlite_path(ctx.db.url)
    assert database is not None
    add_people(ctx.db, 2)
    page = _settings_page(main_window)
    page.show_tab(page.backup)
    qtbot.mouseClick(page.backup.backup_button, Qt.MouseButton.LeftButton)
    add_people(ctx.db, 3, prefix="Spaeter")
    assert count_rows(database, "people") == 5

    page.backup.table.selectRow(0)
    assert page.backup.restore_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Yes))
    qtbot.mouseClick(page.backup.restore_button, Qt.MouseButton.LeftButton)

    assert count_rows(database, "people") == 2
    assert "Wiederhergestellt aus" in page.backup.message.text()
    central = main_window.centralWidget()
    assert central is not None and not central.isEnabled()
    assert main_window.statusBar().currentMessage() == "Bitte KIM Desktop neu starten"
    assert any("Bitte KIM Desktop neu starten" in text for text in no_modal_message_boxes)
    kinds = {page.backup.table.item(r, 1).text() for r in range(page.backup.table.rowCount())}  # type: ignore[union-attr]
    assert "vor einer Wiederherstellung" in kinds  # the state before the restore was kept


def test_restore_after_an_erasure_warns_that_the_person_was_erased_again(
    qtbot: QtBot, main_window: MainWindow, monkeypatch: pytest.MonkeyPatch, no_modal_message_boxes: list[str]
) -> None:
    ctx = main_window.ctx
    database = sqlite_path(ctx.db.url)
    assert database is not None
    with ctx.db.sessions() as session, session.begin():
        admin = Advisor(username="verwalt", display_name="Petra Verwalt", role=Role.ADMIN)
        session.add(admin)
        session.flush()
        actor = Actor(admin.id, admin.display_name, admin.role)
    add_people(ctx.db, 2)
    page = _settings_page(main_window)
    page.show_tab(page.backup)
    qtbot.mouseClick(page.backup.backup_button, Qt.MouseButton.LeftButton)
    with ctx.db.sessions() as session:
        person_id = session.scalar(sa.select(sa.func.min(Person.id)))
    assert person_id is not None
    with ctx.db.sessions() as session:
        erase_person(session, actor, person_id, datetime.now())

    page.backup.table.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Yes))
    qtbot.mouseClick(page.backup.restore_button, Qt.MouseButton.LeftButton)

    assert count_rows(database, "people") == 1  # the erased person stayed erased
    assert "1 Person(en)" in page.backup.message.text() and "erneut gelöscht" in page.backup.message.text()


def test_restore_not_confirmed_changes_nothing(qtbot: QtBot, main_window: MainWindow) -> None:
    ctx = main_window.ctx
    database = sqlite_path(ctx.db.url)
    assert database is not None
    page = _settings_page(main_window)
    page.show_tab(page.backup)
    qtbot.mouseClick(page.backup.backup_button, Qt.MouseButton.LeftButton)
    add_people(ctx.db, 1)
    page.backup.table.selectRow(0)
    qtbot.mouseClick(page.backup.restore_button, Qt.MouseButton.LeftButton)  # the autouse fixture answers No
    assert count_rows(database, "people") == 1
    central = main_window.centralWidget()
    assert central is not None and central.isEnabled()


# --- Datenbank ---------------------------------------------------------------------------------------------------


def test_database_tab_names_the_database_and_a_closed_port_is_unreachable(qtbot: QtBot, ui_context: UiContext) -> None:
    page = _page(qtbot, ui_context)
    page.show_tab(page.database)
    tab = page.database
    assert tab.in_use.text() == f"In Benutzung: {ui_context.db.description}"
    qtbot.keyClicks(tab.host, "127.0.0.1")
    tab.port.setValue(1)
    qtbot.mouseClick(tab.test_button, Qt.MouseButton.LeftButton)
    assert "127.0.0.1:1 ist nicht erreichbar" in tab.message.text()
    assert tab.message.styleSheet() == "color: #b00020;"


def test_missing_server_fields_are_named(qtbot: QtBot, ui_context: UiContext) -> None:
    page = _page(qtbot, ui_context)
    page.show_tab(page.database)
    tab = page.database
    tab.database.clear()
    qtbot.mouseClick(tab.test_button, Qt.MouseButton.LeftButton)
    assert tab.message.text() == "Bitte ausfüllen: Server, Datenbank"


def test_saving_the_server_connection_keeps_the_password_in_the_keyring_not_in_the_file(
    qtbot: QtBot, ui_context: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring = use_memory_keyring(monkeypatch)
    page = _page(qtbot, ui_context)
    page.show_tab(page.database)
    tab = page.database
    qtbot.keyClicks(tab.host, "kim-server")
    tab.password.setText("geheim")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    saved = load_settings(ui_context.paths.settings_file)
    assert saved.database_url == "postgresql+psycopg://kim@kim-server:5432/kim"
    assert "geheim" not in ui_context.paths.settings_file.read_text(encoding="utf-8")
    assert list(keyring.store.values()) == ["geheim"]
    assert url_to_connect(saved.database_url) == "postgresql+psycopg://kim:geheim@kim-server:5432/kim"
    assert stat.S_IMODE(ui_context.paths.settings_file.stat().st_mode) == 0o600
    assert "nächsten Start" in tab.message.text() and "Schlüsselbund" in tab.message.text()
    assert "geheim" not in tab.configured.text()
    assert tab.local_button.isVisible()
    qtbot.mouseClick(tab.local_button, Qt.MouseButton.LeftButton)
    assert load_settings(ui_context.paths.settings_file).database_url == ""


@pytest.mark.postgres
def test_moving_the_data_to_the_server_and_switching_to_it(
    qtbot: QtBot,
    main_window: MainWindow,
    postgres_template: tuple[sa.Engine, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    admin, _template = postgres_template
    name = "kim_settings_move_test"
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        add_people(main_window.ctx.db, 4)
        page = _settings_page(main_window)
        page.show_tab(page.database)
        tab = page.database
        server = sa.make_url(POSTGRES_URL)
        qtbot.keyClicks(tab.host, server.host or "127.0.0.1")
        tab.port.setValue(server.port or 5432)
        tab.database.setText(name)
        tab.user.setText(server.username or "postgres")
        monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Yes))
        qtbot.mouseClick(tab.move_button, Qt.MouseButton.LeftButton)
        assert "Prüfsumme jeder Tabelle stimmen überein" in tab.message.text()
        saved = load_settings(main_window.ctx.paths.settings_file)
        assert sa.make_url(saved.database_url).database == name
        central = main_window.centralWidget()
        assert central is not None and not central.isEnabled()
        tab.test_connection()  # the buttons are greyed out now; the test itself still works
        assert "4 Personen gespeichert" in tab.message.text()
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
