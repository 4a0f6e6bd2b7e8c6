"""Außentermin in the window: take the copy, the status line on the copy, sync with the result in words."""

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kim_desktop.db.engine import sqlite_url
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Role
from kim_desktop.i18n import translate_text
from kim_desktop.services import people
from kim_desktop.services.counselling import list_timeline
from kim_desktop.services.courses import list_courses
from kim_desktop.services.database import open_database
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.outreach_sync_dialog import OutreachSyncDialog
from kim_desktop.ui.dialogs.outreach_take_dialog import OutreachTakeDialog
from kim_desktop.ui.dialogs.refer_dialog import ReferDialog
from kim_desktop.ui.main_window import MainWindow
from kim_desktop.ui.models.courses_table_model import FREE_COLUMN, CoursesTableModel
from tests.integration.outreach_setup import TODAY, newcomer
from tests.integration.referral_setup import build_network


def test_take_work_offline_and_sync_in_the_window(qtbot: QtBot, ui_context: UiContext, tmp_path: Path) -> None:
    net = build_network(ui_context.db)
    actor = Actor(net.advisor, "Anna Krüger", Role.ADVISOR)
    office = replace(ui_context, actor=actor)
    target = tmp_path / "laptop.kim"
    take = OutreachTakeDialog(office)
    qtbot.addWidget(take)
    take.towns.item(0).setCheckState(Qt.CheckState.Checked)
    take.target.setText(str(target))
    take.passphrase.setText("Außentermin-2026")
    take.repeat.setText("Außentermin-2026")
    take.save()
    assert take.taken is not None and target.exists()
    assert take.taken.counts["people"] == 3

    copy = open_database(sqlite_url(target), None)
    try:
        laptop = replace(office, db=copy)
        window = MainWindow(laptop)
        qtbot.addWidget(window)
        assert window.outreach_label.isVisibleTo(window)
        assert window.outreach_label.text().startswith("Außentermin – offline seit ")
        with copy.sessions() as s:
            people.register_person(s, newcomer(town=take.chosen_towns()[0]), actor=actor, today=TODAY)
        sync = OutreachSyncDialog(laptop)
        qtbot.addWidget(sync)
        assert "1 neue Person" in sync.going.text()
        assert sync.sync_button.isVisibleTo(sync) and not sync.import_button.isVisibleTo(sync)
        sync.server.setText(ui_context.db.url)
        sync.sync_now()
        assert "1 neue Person übertragen" in sync.outcome_label.text()
        assert "Nichts zu übertragen" in sync.going.text()
    finally:
        copy.close()


def test_at_the_office_the_sync_dialog_reads_a_file(qtbot: QtBot, ui_context: UiContext) -> None:
    window = MainWindow(ui_context)
    qtbot.addWidget(window)
    assert not window.outreach_label.isVisibleTo(window)
    sync = OutreachSyncDialog(ui_context)
    qtbot.addWidget(sync)
    assert sync.import_button.isVisibleTo(sync) and not sync.sync_button.isVisibleTo(sync)


def test_a_possible_duplicate_is_decided_in_the_dialog(qtbot: QtBot, ui_context: UiContext, tmp_path: Path) -> None:
    from kim_desktop.ui.dialogs.outreach_sync_dialog import DuplicateChoice
    from tests.integration.outreach_setup import go_out

    outing = go_out(ui_context.db, tmp_path)
    with ui_context.db.sessions() as s:  # the office registered her meanwhile
        existing = people.register_person(s, newcomer(town=outing.town), actor=outing.actor, today=TODAY)
    copy = open_database(sqlite_url(outing.taken.path), None)
    try:
        with copy.sessions() as s:
            people.register_person(s, newcomer(town=outing.town), actor=outing.actor, today=TODAY)
        laptop = replace(ui_context, db=copy, actor=outing.actor)
        sync = OutreachSyncDialog(laptop)
        qtbot.addWidget(sync)
        sync.server.setText(ui_context.db.url)
        sync.sync_now()
        assert "vielleicht schon im Büro erfasst" in sync.outcome_label.text()
        choice = sync.decisions.itemAt(0).widget()
        assert isinstance(choice, DuplicateChoice) and choice.people.currentData() == existing
        same = next(b for b in choice.findChildren(QPushButton) if b.text() == "Ist diese Person")
        same.click()
        assert "zusammengeführt" in sync.outcome_label.text()
        assert "Nichts zu übertragen" in sync.going.text()
    finally:
        copy.close()


def test_fields_changed_on_both_sides_are_chosen_in_the_window(
    qtbot: QtBot, ui_context: UiContext, tmp_path: Path
) -> None:
    from PySide6.QtTest import QTest

    from kim_desktop.ui.dialogs.outreach_decisions_dialog import OutreachDecisionsDialog
    from tests.integration.outreach_setup import go_out
    from tests.integration.test_outreach_decisions import edit_on_both_sides

    outing = go_out(ui_context.db, tmp_path)
    copy = open_database(sqlite_url(outing.taken.path), None)
    try:
        edit_on_both_sides(ui_context.db, copy, outing)
        laptop = replace(ui_context, db=copy, actor=outing.actor)
        sync = OutreachSyncDialog(laptop)
        qtbot.addWidget(sync)
        sync.server.setText(ui_context.db.url)
        sync.sync_now()
        assert "bitte wählen" in sync.outcome_label.text()
        assert sync.choose_button.isVisibleTo(sync) and sync.choose_button.text() == "Felder wählen (2) …"
        qtbot.mouseClick(sync.choose_button, Qt.MouseButton.LeftButton)
        fields = sync.fields_dialog
        assert isinstance(fields, OutreachDecisionsDialog)
        shown = [(r.decision.label, r.office.text(), r.laptop.text()) for r in fields.rows]
        assert shown == [
            ("Telefon", "Büro: 0151 2000000", "Laptop: 0151 1000000"),
            ("E-Mail", "Büro: rania@example.org", "Laptop: offline@example.org"),
        ]
        phone, email = fields.rows
        qtbot.mouseClick(fields.apply_button, Qt.MouseButton.LeftButton)  # nothing picked: nothing happens
        assert fields.outcome_label.text() == "Bitte zuerst je Feld einen Wert wählen."
        qtbot.mouseClick(phone.laptop, Qt.MouseButton.LeftButton)
        email.office.setFocus()
        QTest.keyClick(email.office, Qt.Key.Key_Space)  # picked by keyboard
        assert email.choice() == "office"
        qtbot.mouseClick(fields.apply_button, Qt.MouseButton.LeftButton)
        assert fields.outcome_label.text() == "2 Felder entschieden."
        assert fields.heading.text() == "Keine offenen Entscheidungen." and fields.rows == []
        fields.reject()
        assert not sync.choose_button.isVisibleTo(sync)
        with ui_context.db.sessions() as s:
            now = people.get_person_details(s, outing.net.rania).data
        assert (now.phone, now.email, now.street) == ("0151 1000000", "rania@example.org", "Birkenweg 2")
    finally:
        copy.close()


def test_a_seat_taken_offline_is_marked_in_the_case_and_the_course_lookup(
    qtbot: QtBot, ui_context: UiContext, tmp_path: Path
) -> None:
    from kim_desktop.services import referrals
    from kim_desktop.ui.dialogs.course_lookup_dialog import CourseLookupDialog
    from kim_desktop.ui.models.course_matches_model import COURSE_COLUMN
    from kim_desktop.ui.pages.case_view import CaseView
    from tests.integration.outreach_setup import go_out

    outing = go_out(ui_context.db, tmp_path, max_seats=3)
    net = outing.net
    copy = open_database(sqlite_url(outing.taken.path), None)
    try:
        with copy.sessions() as s:
            referrals.reserve_seat(s, net.rania, net.course, actor=outing.actor, today=TODAY)
        laptop = replace(ui_context, db=copy, actor=outing.actor)
        view = CaseView(laptop)
        qtbot.addWidget(view)
        view.show_person(net.rania)
        assert "Vermittlung: Platz reserviert – vorläufig (Außentermin): " in view.facts_label.text()
        with copy.sessions() as s:
            headings = [translate_text(entry.title) for entry in list_timeline(s, net.rania)]
        assert "Vermittlung: Platz reserviert – vorläufig (Außentermin)" in headings
        lookup = CourseLookupDialog(laptop, net.olena, None, today=TODAY)
        qtbot.addWidget(lookup)
        course = next(r for r in lookup.model.rows if r.course_id == net.course)
        assert course.cells[COURSE_COLUMN].endswith("\n1 Platz vorläufig (Außentermin)")
        assert all("vorläufig" not in r.cells[COURSE_COLUMN] for r in lookup.model.rows if r.course_id != net.course)
        # the catalogue's "Frei" column and the refer dialog say it too
        with copy.sessions() as s:
            catalogue = list_courses(s, TODAY)
        table = CoursesTableModel()
        table.set_rows(catalogue)
        row = next(i for i, r in enumerate(catalogue) if r.id == net.course)
        free = table.index(row, FREE_COLUMN)
        assert table.data(free) == f"{catalogue[row].free} · 1 vorläufig reserviert"
        assert "Davon 1 Platz vorläufig reserviert (Außentermin)" in table.data(free, Qt.ItemDataRole.ToolTipRole)
        refer = ReferDialog(laptop, net.olena, net.course, today=TODAY)
        qtbot.addWidget(refer)
        summary = refer.summary.text()
        assert "1 weiterer Platz ist auf diesem Außentermin vorläufig reserviert." in summary
        assert "Vorläufig (Außentermin):</b> Der Platz wird erst beim Abgleich im Büro bestätigt" in summary
    finally:
        copy.close()
    at_desk = ReferDialog(replace(ui_context, actor=outing.actor), net.olena, net.course, today=TODAY)
    qtbot.addWidget(at_desk)
    assert "vorläufig" not in at_desk.summary.text().lower()  # at the office a hold is a hold
    with ui_context.db.sessions() as s:
        office = list_courses(s, TODAY)
    table.set_rows(office)
    assert [table.data(table.index(i, FREE_COLUMN)) for i in range(len(office))] == [str(r.free) for r in office]
    at_office = CaseView(replace(ui_context, actor=outing.actor))  # the office's own holds are not provisional
    qtbot.addWidget(at_office)
    with ui_context.db.sessions() as s:
        referrals.reserve_seat(s, net.tesfaye, net.course, actor=outing.actor, today=TODAY)
    at_office.show_person(net.tesfaye)
    facts = at_office.facts_label.text()
    assert "Vermittlung: Platz reserviert: " in facts and "vorläufig" not in facts


def test_the_preview_shows_what_goes_up_and_what_came_down(
    qtbot: QtBot, ui_context: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlalchemy as sa

    from kim_desktop.db.models import Person
    from kim_desktop.services import outreach_journal, referrals
    from tests.integration.outreach_setup import go_out

    monkeypatch.setattr(outreach_journal, "wall_clock", lambda: datetime(2026, 3, 4, 9, 0))  # on the day
    outing = go_out(ui_context.db, tmp_path, max_seats=3)
    with ui_context.db.sessions() as s:  # at the office meanwhile: a seat taken
        referrals.reserve_seat(s, outing.net.olena, outing.net.course, actor=outing.actor, today=TODAY)
    copy = open_database(sqlite_url(outing.taken.path), None)
    try:
        with copy.sessions() as s:
            people.register_person(s, newcomer(town=outing.town), actor=outing.actor, today=TODAY)
        sync = OutreachSyncDialog(replace(ui_context, db=copy, actor=outing.actor))
        qtbot.addWidget(sync)
        sync.server.setText(ui_context.db.url)
        qtbot.mouseClick(sync.preview_button, Qt.MouseButton.LeftButton)
        assert sync.going.text() == "Ins Büro gehen: 1 neue Person"
        assert sync.coming.text() == (
            "Aus dem Büro (kommt mit „Kopie auffrischen“): freie Plätze geändert: Integrationskurs Vormittag: 2 statt 3"
        )
        assert sync.outcome_label.text() == ""  # nothing applied yet
        with ui_context.db.sessions() as s:
            assert s.scalar(sa.select(sa.func.count()).select_from(Person).where(Person.family_name == "Yilmaz")) == 0
    finally:
        copy.close()


def test_open_field_decisions_wait_at_the_office_after_the_window_was_closed(
    qtbot: QtBot, ui_context: UiContext, tmp_path: Path
) -> None:
    from tests.integration.outreach_setup import go_out
    from tests.integration.test_outreach_decisions import edited_on_both_sides

    outing = go_out(ui_context.db, tmp_path)
    edited_on_both_sides(ui_context.db, outing)  # synced earlier (say by file); nobody chose yet
    office = replace(ui_context, actor=outing.actor)
    sync = OutreachSyncDialog(office)  # at the office, a new window
    qtbot.addWidget(sync)
    assert sync.choose_button.isVisibleTo(sync) and sync.choose_button.text() == "Felder wählen (2) …"
    sync.choose_fields()
    fields = sync.fields_dialog
    assert fields is not None and [r.decision.label for r in fields.rows] == ["Telefon", "E-Mail"]
    assert fields.office_url is None  # the office's own database
