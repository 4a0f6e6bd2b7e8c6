"""What a screen reader gets (Qt's accessible tree, read as the AT-SPI bridge reads it): labels, required, errors."""

from dataclasses import replace
from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QPushButton, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from kim_desktop.domain.enums import Role
from kim_desktop.domain.errors import KimError
from kim_desktop.services.accounts import AccountInput, create_first_admin, sign_in
from kim_desktop.ui.accessibility import is_invalid, mark_heading
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.first_admin_dialog import FirstAdminDialog
from kim_desktop.ui.dialogs.person_form import PersonForm
from kim_desktop.ui.dialogs.session_form import SessionForm
from kim_desktop.ui.dialogs.sign_in_dialog import SignInDialog
from kim_desktop.ui.dialogs.topic_dialog import TopicDialog
from kim_desktop.ui.main_window import MainWindow
from kim_desktop.ui.models import people_table_model
from kim_desktop.ui.pages.case_view import CaseView
from kim_desktop.ui.pages.people_page import PeoplePage
from kim_desktop.ui.widgets.optional_date_edit import OptionalDateEdit
from tests.gui.accessibility_helpers import (
    AccessibleEvents,
    accessible_text,
    form_fields,
    label_for,
    labelled_by,
    own_label,
    role,
    said_as_label,
    takes_tab_focus,
)
from tests.gui.people_fixtures import add_obliged_person, add_person, add_reference

NOW = datetime(2026, 3, 2, 9, 0)
NAME = QAccessible.Text.Name
DESCRIPTION = QAccessible.Text.Description


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch) -> AccessibleEvents:
    return AccessibleEvents(monkeypatch)


@pytest.fixture
def admin_context(ui_context: UiContext) -> UiContext:
    with ui_context.db.sessions() as session:
        create_first_admin(session, AccountInput("admin", "Petra Verwalt", Role.ADMIN, "Verwaltung-2026"), NOW)
    with ui_context.db.sessions() as session:
        admin = sign_in(session, "admin", "Verwaltung-2026", NOW)
    return replace(ui_context, actor=admin)


def opened(qtbot: QtBot, dialog: QWidget) -> QWidget:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def visible_label_text(label: QLabel) -> str:
    return label.text().replace("&", "").rstrip(" :*").strip()


# --- labels -----------------------------------------------------------------------------------------------------


def test_every_person_form_field_is_labelled_by_its_own_label(qtbot: QtBot, admin_context: UiContext) -> None:
    """Not just by the group box: the row's label is reported (labelled-by / label-for), and said by its text."""
    form = opened(qtbot, PersonForm(admin_context))
    layouts = [g.layout() for g in form.findChildren(QGroupBox)]
    fields = [f for layout in layouts if isinstance(layout, QFormLayout) for f in form_fields(layout)]
    assert len(fields) >= 35  # every labelled row of the six groups
    unlinked = []
    for field in fields:
        label = own_label(field)
        if label is None or field not in label_for(label):
            unlinked.append(field.objectName())
            continue
        assert visible_label_text(label) in said_as_label(field), field.objectName()
        assert labelled_by(field)[0] is label, "the own label comes before the group box"
    assert unlinked == []
    # Every other control says what it is itself (check boxes, buttons) or sits in a labelled row.
    for control in form.fields.findChildren(QWidget):
        if takes_tab_focus(control) and control not in fields and not isinstance(control, QCheckBox | QPushButton):
            holders, holder = [], control.parentWidget()
            while holder is not None:
                holders.append(holder)
                holder = holder.parentWidget()
            assert any(h in fields for h in holders) or own_label(control) is not None, control.objectName()


def test_combo_boxes_are_labelled_and_say_their_value(qtbot: QtBot, admin_context: UiContext) -> None:
    """On Linux a combo box's name is its value (Qt); its label comes through labelled-by, with 'Pflichtfeld'."""
    form = opened(qtbot, PersonForm(admin_context))
    combos = [c for c in form.findChildren(QComboBox) if c.isVisibleTo(form)]
    assert len(combos) >= 8
    for combo in combos:
        assert own_label(combo) is not None, combo.objectName()
        assert accessible_text(combo, QAccessible.Text.Value) == combo.currentText()
        assert combo.accessibleName(), combo.objectName()  # used as the name on Windows and macOS
    fields = form.fields
    assert said_as_label(fields.municipality) == "Wohnort (Gemeinde), Pflichtfeld"
    assert said_as_label(fields.permission_kind) == "Art"


def test_required_fields_say_so(qtbot: QtBot, admin_context: UiContext) -> None:
    """Qt has no 'required' state: the '*' becomes 'Pflichtfeld' in the field's name and in its label's name."""
    form = opened(qtbot, PersonForm(admin_context))
    fields = form.fields
    assert accessible_text(fields.family_name, NAME) == "Familienname, Pflichtfeld"
    assert said_as_label(fields.family_name) == "Familienname, Pflichtfeld"
    assert accessible_text(fields.given_names, NAME) == "Vorname(n)"
    assert "Pflichtfeld" not in said_as_label(fields.given_names)
    topic = opened(qtbot, TopicDialog(admin_context))
    assert isinstance(topic, TopicDialog)
    assert accessible_text(topic.label, NAME) == "Thema, Pflichtfeld"
    assert own_label(topic.label) is not None


def test_session_and_sign_in_forms_are_labelled(qtbot: QtBot, admin_context: UiContext) -> None:
    ids = add_reference(admin_context.db)
    pid = add_person(admin_context.db, ids["town"], "Haddad", "Rania")
    session = opened(qtbot, SessionForm(admin_context, pid, "Haddad, Rania"))
    assert isinstance(session, SessionForm)
    for field in (session.held_at, session.channel, session.topics, session.follow_up_on, session.assignee):
        assert own_label(field) is not None, field.objectName()
    assert said_as_label(session.channel) == "Kanal"
    sign = opened(qtbot, SignInDialog(admin_context, None, clock=lambda: NOW))
    assert isinstance(sign, SignInDialog)
    assert own_label(sign.username) is not None
    assert own_label(sign.password) is not None
    assert accessible_text(sign.username, NAME) == "Benutzername"
    first = opened(qtbot, FirstAdminDialog(admin_context, None, clock=lambda: NOW))
    assert isinstance(first, FirstAdminDialog)
    assert accessible_text(first.repeat, NAME) == "Passwort wiederholen"
    assert own_label(first.repeat) is not None


def test_a_date_field_is_one_named_tab_stop_with_a_named_calendar_button(
    qtbot: QtBot, admin_context: UiContext
) -> None:
    form = opened(qtbot, PersonForm(admin_context))
    birth = form.fields.birth_date
    assert isinstance(birth, OptionalDateEdit)
    birth.set_value(date(1991, 4, 3))
    assert accessible_text(birth, NAME) == "Geburtsdatum"
    assert accessible_text(birth, QAccessible.Text.Value) == "03.04.1991"
    button = birth.findChild(QToolButton)
    assert button is not None
    assert not takes_tab_focus(button)
    assert accessible_text(button, NAME) == "Kalender öffnen"
    birth.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(birth, Qt.Key.Key_Tab)
    assert not birth.hasFocus(), "one Tab leaves a filled date field"
    assert form.focusWidget() is form.fields.birth_place


# --- errors -----------------------------------------------------------------------------------------------------


def test_a_failed_save_marks_the_fields_and_alerts(
    qtbot: QtBot, admin_context: UiContext, events: AccessibleEvents
) -> None:
    form = opened(qtbot, PersonForm(admin_context))
    assert isinstance(form, PersonForm)
    form.save()
    family = form.fields.family_name
    message = form.fields.errors.message("family_name")
    assert message
    assert is_invalid(family)
    assert accessible_text(family, DESCRIPTION) == message
    [said] = events.assertive()
    assert said.startswith("Nicht gespeichert. Bitte prüfen: Familienname: ")
    assert message in said
    assert events.alerts() == [form.fields.findChild(QLabel, "error_family_name")]
    # Typing a name and saving again takes the mark away.
    family.setText("Haddad")
    form.save()
    assert not is_invalid(family)
    assert accessible_text(family, DESCRIPTION) == ""


def test_a_small_form_announces_a_refusal(qtbot: QtBot, admin_context: UiContext, events: AccessibleEvents) -> None:
    dialog = opened(qtbot, TopicDialog(admin_context))
    assert isinstance(dialog, TopicDialog)
    dialog.save()
    assert is_invalid(dialog.label)
    assert accessible_text(dialog.label, DESCRIPTION) == dialog.errors.message("label")
    assert len(events.assertive()) == 1
    assert len(events.alerts()) == 1


def test_a_failed_sign_in_is_announced_and_marks_the_password(
    qtbot: QtBot, admin_context: UiContext, events: AccessibleEvents
) -> None:
    dialog = opened(qtbot, SignInDialog(admin_context, None, clock=lambda: NOW))
    assert isinstance(dialog, SignInDialog)
    dialog.submit()
    assert events.assertive() == ["Bitte Benutzername und Passwort eingeben."]
    assert events.alerts() == [dialog.message]
    events.clear()
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClicks(dialog.password, "falsch-falsch")
    dialog.submit()
    assert events.assertive() == [dialog.message.text()]
    assert events.alerts() == [dialog.message]
    assert is_invalid(dialog.password)
    assert accessible_text(dialog.password, DESCRIPTION) == dialog.message.text()
    qtbot.keyClicks(dialog.password, "Verwaltung-2026")
    dialog.submit()
    assert not is_invalid(dialog.password)


def test_first_start_refusals_are_announced(qtbot: QtBot, ui_context: UiContext, events: AccessibleEvents) -> None:
    dialog = opened(qtbot, FirstAdminDialog(ui_context, None, clock=lambda: NOW))
    assert isinstance(dialog, FirstAdminDialog)
    dialog.password.setText("kurz")
    dialog.repeat.setText("lang-genug-aber-anders")
    dialog.submit()
    assert events.assertive() == ["Die beiden Passwörter stimmen nicht überein."]
    assert is_invalid(dialog.repeat)
    dialog.repeat.setText("kurz")
    dialog.submit()
    assert not is_invalid(dialog.repeat)
    assert is_invalid(dialog.username) and is_invalid(dialog.password)
    assert "mindestens 10 Zeichen" in accessible_text(dialog.password, DESCRIPTION)
    assert events.alerts() == [dialog.message, dialog.message]


# --- case view, people list, status bar -------------------------------------------------------------------------


def test_the_case_view_has_headings_says_whose_case_and_tabs_to_the_next_step_first(
    qtbot: QtBot, ui_context: UiContext, events: AccessibleEvents
) -> None:
    ids = add_reference(ui_context.db)
    pid = add_obliged_person(ui_context.db, ids["town"])
    view = CaseView(ui_context)
    qtbot.addWidget(view)
    view.show()
    view.show_person(pid)
    qtbot.waitUntil(lambda: view.case is not None)
    assert role(view.name_label) == QAccessible.Role.Heading
    assert accessible_text(view.name_label, NAME) == "Haddad, Rania"
    headings = [label for label in view.findChildren(QLabel) if role(label) == QAccessible.Role.Heading]
    assert [h.text() for h in headings] == ["Haddad, Rania", "Verlauf (neueste zuerst)"]
    assert accessible_text(view, NAME) == "Fallakte Haddad, Rania"
    assert events.announcements() == ["Fallakte Haddad, Rania"]
    # Tab: back, then the actions with "Passende Kurse" first, and only then the timeline.
    order, widget = [], view.back_button
    for _step in range(20):
        order.append(widget)
        widget = widget.nextInFocusChain()
        while not takes_tab_focus(widget) and widget is not view.back_button:
            widget = widget.nextInFocusChain()
        if widget is view.back_button:
            break
    assert order.index(view.lookup_button) == 1
    assert order.index(view.lookup_button) < order.index(view.timeline)


def test_the_hit_count_is_announced_and_the_table_tells_the_whole_count(
    qtbot: QtBot, ui_context: UiContext, events: AccessibleEvents, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(people_table_model, "PAGE_SIZE", 5)  # 12 people stand in for 300 in pages of 100
    ids = add_reference(ui_context.db)
    for n in range(12):
        add_person(ui_context.db, ids["town"], f"Muster{n:02}", "Anna")
    add_person(ui_context.db, ids["town"], "Haddad", "Rania")
    page = PeoplePage(ui_context)
    qtbot.addWidget(page)
    page.show()
    people = page.list
    qtbot.waitUntil(lambda: people.model.rowCount() == 5)
    assert (
        accessible_text(people.table, DESCRIPTION)
        == "In der Datenbank: 13 Personen · 5 geladen, weitere am Ende der Liste"
    )
    assert events.announcements() == []  # the list as it opens is not announced
    people.search_field.setText("Muster")
    people.run_search()
    assert events.announcements() == ["12 Treffer"]
    people.refresh()
    assert events.announcements() == ["12 Treffer"], "a refresh that finds the same is not said again"
    assert "12 Treffer · 5 geladen" in accessible_text(people.table, DESCRIPTION)
    people.search_field.setText("Haddad")
    people.run_search()
    assert events.announcements()[-1] == "1 Treffer"
    assert accessible_text(people.table, DESCRIPTION) == "1 Treffer"


def test_the_backup_warning_is_announced_once(qtbot: QtBot, ui_context: UiContext, events: AccessibleEvents) -> None:
    window = MainWindow(ui_context)
    qtbot.addWidget(window)
    warning = window.backup_label.text()
    assert warning.startswith("Achtung")
    assert events.announcements() == [warning]
    window.refresh_backup_status()
    assert events.announcements() == [warning], "the same warning is not said again"
    window._backup_failed(KimError("Datenträger voll"))
    assert events.announcements()[-1] == window.backup_label.text()
    assert "fehlgeschlagen" in events.announcements()[-1]


def test_a_marked_heading_keeps_following_its_text(qtbot: QtBot) -> None:
    label = mark_heading(QLabel("Erste"), 2)
    qtbot.addWidget(label)
    label.show()
    assert role(label) == QAccessible.Role.Heading
    label.setText("Zweite")
    assert accessible_text(label, NAME) == "Zweite"
    plain = QLabel("kein Titel")
    qtbot.addWidget(plain)
    assert role(plain) == QAccessible.Role.StaticText


def test_possible_duplicates_are_announced(qtbot: QtBot, admin_context: UiContext, events: AccessibleEvents) -> None:
    ids = add_reference(admin_context.db)
    add_person(admin_context.db, ids["town"], "Haddad", "Rania")
    form = opened(qtbot, PersonForm(admin_context))
    assert isinstance(form, PersonForm)
    form.fields.family_name.setText("Haddad")
    form.fields.given_names.setText("Rania")
    form.fields.municipality.setCurrentIndex(form.fields.municipality.findData(ids["town"]))
    form.save()
    assert form.duplicates_box.isVisible()
    assert events.assertive() == ["Nicht gespeichert: 1 mögliche Dublette(n) gefunden – bitte prüfen."]
    form.confirm_discard = lambda: True  # type: ignore[method-assign]
    form.reject()
