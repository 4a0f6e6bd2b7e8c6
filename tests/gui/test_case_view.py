"""The case view: header with warnings, recording a session that then shows in the timeline, hooks for others."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kim_desktop.ui.context import UiContext
from kim_desktop.ui.pages.case_view import CaseView
from tests.gui.people_fixtures import add_obliged_person, add_person, add_reference


def open_case(qtbot: QtBot, ctx: UiContext, person_id: int) -> CaseView:
    view = CaseView(ctx)
    qtbot.addWidget(view)
    view.show_person(person_id)
    view.show()
    return view


def test_header_shows_essentials_and_warnings(qtbot: QtBot, ui_context: UiContext) -> None:
    ids = add_reference(ui_context.db)
    pid = add_obliged_person(ui_context.db, ids["town"])
    view = open_case(qtbot, ui_context, pid)
    assert view.name_label.text() == "Haddad, Rania"
    assert "geb. 03.04.1991" in view.facts_label.text()
    assert "Verpflichtung" in view.facts_label.text()
    warning = view.findChild(QLabel, "warning_obligation_register")
    assert warning is not None
    assert "unverzüglich" in warning.text()
    assert view.timeline.item(0).text() == "Noch keine Beratung erfasst."


def test_names_with_markup_are_shown_as_typed(qtbot: QtBot, ui_context: UiContext) -> None:
    ids = add_reference(ui_context.db)
    pid = add_person(ui_context.db, ids["town"], "<b>Fett</b>", "حسين", first_language="<i>ar</i>")
    view = open_case(qtbot, ui_context, pid)
    assert view.name_label.text() == "<b>Fett</b>, حسين"
    assert view.name_label.textFormat() == Qt.TextFormat.PlainText
    assert "&lt;i&gt;ar&lt;/i&gt;" in view.facts_label.text()


def test_record_session_and_see_it_in_the_timeline(qtbot: QtBot, ui_context: UiContext) -> None:
    ids = add_reference(ui_context.db)
    pid = add_obliged_person(ui_context.db, ids["town"])
    view = open_case(qtbot, ui_context, pid)
    qtbot.mouseClick(view.session_button, Qt.MouseButton.LeftButton)
    form = view.session_form
    assert form is not None
    assert form.isVisible()
    form.confirm_discard = lambda: True
    qtbot.keyClicks(form.interpreter, "ar")
    form.check_topic("Kinderbetreuung")
    qtbot.keyClicks(form.notes, "Kita-Platz fehlt")
    qtbot.keyClicks(form.next_steps, "Kita anfragen")
    form.follow_up_on.set_value(date.today())
    form.assignee.setCurrentIndex(form.assignee.findData(ids["advisor"]))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible(), form.summary.text()
    first = view.timeline.item(0).text()
    assert "Beratung (persönlich), Dolmetschung: ar" in first
    assert "Themen: Kinderbetreuung" in first
    assert "Kita-Platz fehlt" in first
    assert "Kita anfragen" in view.follow_ups_label.text()


def test_session_form_refuses_a_date_far_ahead(qtbot: QtBot, ui_context: UiContext) -> None:
    ids = add_reference(ui_context.db)
    pid = add_obliged_person(ui_context.db, ids["town"])
    view = open_case(qtbot, ui_context, pid)
    form = view.record_session()
    assert form is not None
    form.confirm_discard = lambda: True
    form.held_at.setDateTime(form.held_at.dateTime().addDays(3))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert form.errors.message("held_at") == "Datum und Uhrzeit: mehr als einen Tag in der Zukunft."
    form.reject()


def test_other_features_add_buttons(qtbot: QtBot, ui_context: UiContext) -> None:
    ids = add_reference(ui_context.db)
    pid = add_obliged_person(ui_context.db, ids["town"])
    view = open_case(qtbot, ui_context, pid)
    called: list[int] = []
    button = view.add_action_button("Passende Kurse", called.append)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert called == [pid]


def test_course_lookup_opens_from_the_case(qtbot: QtBot, ui_context: UiContext) -> None:
    from datetime import timedelta

    from PySide6.QtCore import Qt as QtCore

    from kim_desktop.ui.dialogs.course_lookup_dialog import CourseLookupDialog
    from kim_desktop.ui.pages.case_view import CaseView
    from tests.integration.catalogue_fixtures import TODAY, add_course, add_mother, build_network

    net = build_network(ui_context.db.sessions)
    amina = add_mother(ui_context.db.sessions, net.village, TODAY + timedelta(weeks=20))
    add_course(ui_context.db.sessions, net.vhs, net.vhs_town)
    view = CaseView(ui_context)
    qtbot.addWidget(view)
    view.show()
    view.show_person(amina)
    assert view.lookup_button.text() == "Passende Kurse …"

    qtbot.mouseClick(view.lookup_button, QtCore.MouseButton.LeftButton)

    dialog = view.lookup_dialog
    assert isinstance(dialog, CourseLookupDialog) and dialog.isVisible()
    assert dialog.person_id == amina
    assert dialog.windowTitle() == "Passende Kurse für Haddad, Amina"
    assert "Kinderbetreuung nötig: 2 Kinder" in dialog.criteria_label.text()
    dialog.close()


def test_opening_a_case_as_a_signed_in_advisor_is_audited(qtbot: QtBot, ui_context: UiContext) -> None:
    import sqlalchemy as sa

    from kim_desktop.db.models import AuditEvent
    from kim_desktop.domain.access import Actor
    from kim_desktop.domain.enums import Role

    ref = add_reference(ui_context.db)
    person = add_person(ui_context.db, ref["town"], "Yilmaz", "Emine")
    ui_context.actor = Actor(ref["advisor"], "Anna Krüger", Role.ADVISOR)
    view = CaseView(ui_context)
    qtbot.addWidget(view)
    view.show_person(person)
    with ui_context.db.sessions() as session:
        reads = session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "case_read", AuditEvent.person_id == person)
        ).all()
    assert [r.advisor_id for r in reads] == [ref["advisor"]]
