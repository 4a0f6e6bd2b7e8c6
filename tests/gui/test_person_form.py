"""The person form driven like a person would: type, click save, see errors beside the fields, duplicates."""

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kim_desktop.domain.enums import PartOfDay
from kim_desktop.services.people import get_person_details, update_person
from kim_desktop.services.people_search import search_people
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.person_form import PersonForm
from tests.gui.people_fixtures import add_person, add_reference


def open_form(qtbot: QtBot, ctx: UiContext, person_id: int | None = None) -> PersonForm:
    form = PersonForm(ctx, person_id)
    form.confirm_discard = lambda: True  # never a blocking message box in a test
    qtbot.addWidget(form)
    form.open()
    qtbot.waitExposed(form)
    return form


def test_register_with_keyboard_and_enter_saves(qtbot: QtBot, ui_context: UiContext) -> None:
    ids = add_reference(ui_context.db)
    form = open_form(qtbot, ui_context)
    saved: list[int] = []
    form.saved.connect(saved.append)
    qtbot.keyClicks(form.fields.family_name, "O'Brien-Smith")
    form.fields.given_names.setText("Zoë 🙂")
    form.fields.birth_date.set_value(date(1990, 5, 17))
    form.fields.municipality.setCurrentIndex(form.fields.municipality.findData(ids["town"]))
    qtbot.keyClicks(form.fields.postcode, "49324")
    qtbot.keyClicks(form.fields.phone, "0151 2345678")
    qtbot.mouseClick(form.fields.availability.boxes[(0, PartOfDay.MORNING)], Qt.MouseButton.LeftButton)
    form.fields.has_permission.setChecked(True)
    qtbot.keyClicks(form.fields.file_number, "ABH-ML-7")
    form.fields.add_child().birth_date.set_value(date(2022, 2, 2))
    qtbot.keyClick(form.fields.phone, Qt.Key.Key_Return)
    assert saved, form.summary.text()
    with ui_context.db.sessions() as session:
        details = get_person_details(session, saved[0])
    assert details.data.family_name == "O'Brien-Smith"
    assert details.data.given_names == "Zoë 🙂"
    assert details.data.availability == {(0, PartOfDay.MORNING)}
    assert details.current_permission is not None
    assert details.current_permission.file_number == "ABH-ML-7"
    assert [c.birth_date for c in details.children] == [date(2022, 2, 2)]
    assert not form.isVisible()


def test_errors_appear_next_to_the_right_fields_and_nothing_is_saved(qtbot: QtBot, ui_context: UiContext) -> None:
    add_reference(ui_context.db)
    form = open_form(qtbot, ui_context)
    qtbot.keyClicks(form.fields.family_name, "Haddad")
    qtbot.keyClicks(form.fields.postcode, "4932")
    qtbot.keyClicks(form.fields.email, "kein-at-zeichen")
    form.fields.has_permission.setChecked(True)
    form.fields.issued_on.set_value(date(2026, 2, 1))
    form.fields.expires_on.set_value(date(2026, 1, 1))
    form.fields.add_child().birth_date.set_value(date(2999, 1, 1))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    errors = form.fields.errors
    assert errors.message("postcode") == "Postleitzahl: bitte genau fünf Ziffern eingeben."
    assert errors.message("municipality_id") == "Wohnort (Gemeinde): bitte aus der Liste wählen."
    assert errors.message("email").startswith("E-Mail:")
    assert errors.message("permission.expires_on").startswith("Gültig bis:")
    assert errors.message("children.0.birth_date").startswith("Kind 1, Geburtsdatum:")
    assert errors.message("family_name") == ""
    assert "border" in form.fields.postcode.styleSheet()
    assert form.summary.isVisible()
    assert form.isVisible()
    with ui_context.db.sessions() as session:
        assert search_people(session, "") == []
    # Correcting the fields clears the marks and saves.
    form.fields.postcode.setText("49324")
    form.fields.email.clear()
    form.fields.municipality.setCurrentIndex(1)
    form.fields.expires_on.set_value(date(2027, 1, 1))
    form.fields._children[0].birth_date.set_value(date(2020, 1, 1))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible(), form.summary.text()


def test_duplicates_are_shown_before_creating(qtbot: QtBot, ui_context: UiContext) -> None:
    ids = add_reference(ui_context.db)
    existing = add_person(ui_context.db, ids["town"], "Özdemir", "Ayşe", birth_date=date(1990, 5, 17))
    form = open_form(qtbot, ui_context)
    opened: list[int] = []
    form.open_existing.connect(opened.append)
    qtbot.keyClicks(form.fields.family_name, "Oezdemir")
    qtbot.keyClicks(form.fields.given_names, "Ayse")
    form.fields.birth_date.set_value(date(1990, 5, 17))
    form.fields.municipality.setCurrentIndex(1)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.duplicates_box.isVisible()
    assert "Özdemir, Ayşe · 17.05.1990 · Melle" in form.duplicates_list.item(0).text()
    qtbot.mouseClick(form.open_duplicate_button, Qt.MouseButton.LeftButton)
    assert opened == [existing]
    assert not form.isVisible()


def test_create_anyway_after_duplicate_warning(qtbot: QtBot, ui_context: UiContext) -> None:
    ids = add_reference(ui_context.db)
    add_person(ui_context.db, ids["town"], "Haddad", "Rania")
    form = open_form(qtbot, ui_context)
    qtbot.keyClicks(form.fields.family_name, "Haddad")
    qtbot.keyClicks(form.fields.given_names, "Rania")
    form.fields.municipality.setCurrentIndex(1)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.duplicates_box.isVisible()
    qtbot.mouseClick(form.create_anyway_button, Qt.MouseButton.LeftButton)
    with ui_context.db.sessions() as session:
        assert len(search_people(session, "haddad")) == 2


def test_edit_shows_stored_values_and_escape_asks_about_changes(qtbot: QtBot, ui_context: UiContext) -> None:
    ids = add_reference(ui_context.db)
    pid = add_person(ui_context.db, ids["town"], "Иванова", "Ольга", phone="0170 1234567")
    form = open_form(qtbot, ui_context, pid)
    assert form.fields.family_name.text() == "Иванова"
    assert form.fields.phone.text() == "0170 1234567"
    asked: list[bool] = []
    form.confirm_discard = lambda: asked.append(True) or False
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert asked == []  # nothing changed: closes without asking
    assert not form.isVisible()
    form = open_form(qtbot, ui_context, pid)
    form.confirm_discard = lambda: asked.append(True) or False
    qtbot.keyClicks(form.fields.street, "Hauptstr. 1")
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert asked == [True]
    assert form.isVisible()  # the advisor chose to keep editing


def test_a_save_after_another_desk_saved_names_the_changed_fields_and_keeps_the_input(
    qtbot: QtBot, ui_context: UiContext
) -> None:
    ids = add_reference(ui_context.db)
    pid = add_person(ui_context.db, ids["town"], "Haddad", "Amina", phone="0170 1234567")
    form = open_form(qtbot, ui_context, pid)
    with ui_context.db.sessions() as session:  # another desk changes phone and street and saves first
        other = get_person_details(session, pid)
        changed = replace(other.data, phone="0170 7654321", street="Lindenweg 3")
        update_person(session, pid, changed, expected_version=other.version)
    form.fields.email.setText("amina@example.org")
    form.save()
    assert form.isVisible()
    assert form.summary.text() == (
        "Die Person wurde nicht gespeichert. Inzwischen an einem anderen Platz geändert: Straße, Hausnummer, "
        "Telefon. Bitte neu laden."
    )
    assert form.fields.email.text() == "amina@example.org"  # the input stays
