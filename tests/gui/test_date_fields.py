"""Date fields that may stay empty: typed digits become the date, a slip is marked, the calendar is optional."""

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from kim_desktop.services.people import get_person_details
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.person_form import PersonForm
from kim_desktop.ui.widgets.optional_date_edit import OptionalDateEdit
from tests.gui.people_fixtures import add_person, add_reference


def empty_field(qtbot: QtBot) -> OptionalDateEdit:
    field = OptionalDateEdit()
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    assert field.value() is None and field.text() == ""
    return field


@pytest.mark.parametrize(
    ("typed", "shown", "expected"),
    [
        ("14.01.1991", "14.01.1991", date(1991, 1, 14)),
        ("14011991", "14.01.1991", date(1991, 1, 14)),
        ("4.1.91", "04.01.1991", date(1991, 1, 4)),
        ("3.11.30", "03.11.2030", date(2030, 11, 3)),
    ],
)
def test_typing_into_an_empty_field_gives_the_date(qtbot: QtBot, typed: str, shown: str, expected: date) -> None:
    field = empty_field(qtbot)
    qtbot.keyClicks(field, typed)
    assert field.value() == expected  # read while still typing (Enter saves a form from within the field)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.text() == shown
    assert field.value() == expected and field.error() is None


def test_a_slip_stays_as_typed_and_is_marked_until_corrected(qtbot: QtBot) -> None:
    field = empty_field(qtbot)
    qtbot.keyClicks(field, "31.02.2020")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.text() == "31.02.2020"
    assert field.value() is None
    assert field.property("invalid") is True
    assert "ist kein Datum" in field.accessibleDescription()
    qtbot.keyClicks(field, "x")  # letters are not taken at all
    assert field.text() == "31.02.2020"
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    assert field.property("invalid") is False
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.value() is None and field.error() is None  # empty is allowed


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: a popup cannot raise or grab the keyboard
def test_a_date_can_be_cleared_and_picked_from_the_calendar(qtbot: QtBot) -> None:
    field = empty_field(qtbot)
    field.set_value(date(2026, 3, 2))
    assert field.text() == "02.03.2026"
    field.clear_value()
    assert field.value() is None
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = field.calendar
    assert calendar is not None and calendar.isVisible()
    assert (calendar.yearShown(), calendar.monthShown()) == (date.today().year, date.today().month)
    calendar.clicked.emit(QDate(2026, 4, 13))
    assert field.value() == date(2026, 4, 13) and not calendar.isVisible()


def test_typed_dates_are_saved_with_the_person(qtbot: QtBot, ui_context: UiContext) -> None:
    ids = add_reference(ui_context.db)
    form = PersonForm(ui_context)
    form.confirm_discard = lambda: True
    qtbot.addWidget(form)
    form.open()
    qtbot.waitExposed(form)
    saved: list[int] = []
    form.saved.connect(saved.append)
    fields = form.fields
    qtbot.keyClicks(fields.family_name, "Haddad")
    fields.municipality.setCurrentIndex(fields.municipality.findData(ids["town"]))
    qtbot.keyClicks(fields.birth_date, "17051990")
    fields.has_permission.setChecked(True)
    qtbot.keyClicks(fields.issued_on, "1.2.26")
    qtbot.keyClick(fields.issued_on, Qt.Key.Key_Return)
    assert saved, form.summary.text()
    with ui_context.db.sessions() as session:
        details = get_person_details(session, saved[0])
    assert details.data.birth_date == date(1990, 5, 17)
    assert details.current_permission is not None
    assert details.current_permission.issued_on == date(2026, 2, 1)


def test_enter_on_a_slip_marks_it_and_saves_nothing(qtbot: QtBot, ui_context: UiContext) -> None:
    ids = add_reference(ui_context.db)
    form = PersonForm(ui_context)
    form.confirm_discard = lambda: True
    qtbot.addWidget(form)
    form.open()
    qtbot.waitExposed(form)
    saved: list[int] = []
    form.saved.connect(saved.append)
    qtbot.keyClicks(form.fields.family_name, "Haddad")
    form.fields.municipality.setCurrentIndex(form.fields.municipality.findData(ids["town"]))
    qtbot.keyClicks(form.fields.birth_date, "31.02.1990")
    qtbot.keyClick(form.fields.birth_date, Qt.Key.Key_Return)
    assert saved == [] and form.isVisible()  # not stored without the birth date that was typed
    assert form.fields.birth_date.property("invalid") is True
    assert form.fields.errors.typed_errors()[0].field == "birth_date"
    form.save_button.click()  # the mouse path: refused beside the field as well
    assert saved == [] and form.isVisible()
    assert form.fields.errors.message("birth_date") != ""
    assert form.summary.isVisible()


def test_the_small_forms_refuse_a_slip_beside_the_field(qtbot: QtBot, ui_context: UiContext) -> None:
    from kim_desktop.ui.dialogs.organisation_dialog import OrganisationDialog
    from kim_desktop.ui.dialogs.session_form import SessionForm

    ids = add_reference(ui_context.db)
    partner = OrganisationDialog(ui_context)
    qtbot.addWidget(partner)
    partner.show()
    partner.name.setText("Migrationsberatung Süd")
    qtbot.keyClicks(partner.signed_on, "1.13.2026")
    qtbot.mouseClick(partner.save_button, Qt.MouseButton.LeftButton)
    assert partner.isVisible()
    assert "ist kein Datum" in partner.errors.message("agreement_signed_on")

    person = add_person(ui_context.db, ids["town"], "Haddad", "Rania")
    session_form = SessionForm(ui_context, person, "Rania Haddad")
    qtbot.addWidget(session_form)
    session_form.show()
    qtbot.keyClicks(session_form.follow_up_on, "30.02.27")
    qtbot.mouseClick(session_form.save_button, Qt.MouseButton.LeftButton)
    assert session_form.isVisible()
    assert "ist kein Datum" in session_form.errors.message("follow_up_on")
