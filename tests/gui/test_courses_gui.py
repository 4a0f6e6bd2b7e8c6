from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kim_desktop.db import models as m
from kim_desktop.domain.enums import CourseStatus, ReferralState
from kim_desktop.services.course_import import ImportStatus
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.course_import_dialog import CourseImportDialog
from kim_desktop.ui.dialogs.course_lookup_dialog import CourseLookupDialog, open_course_lookup
from kim_desktop.ui.dialogs.lookup_picker import LookupPickerDialog
from kim_desktop.ui.main_window import MainWindow
from kim_desktop.ui.models.courses_table_model import FREE_COLUMN
from kim_desktop.ui.pages.courses_page import CoursesPage
from tests.integration.catalogue_fixtures import TODAY, add_course, add_mother, add_referral, build_network

CARE = dict(childcare_places=8, childcare_min_age_months=12, childcare_max_age_years=6)


def _cells(dialog: CourseLookupDialog) -> list[list[str]]:
    model = dialog.table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_lookup_dialog_shows_reasons_and_relaxing_changes_result(qtbot: QtBot, ui_context: UiContext) -> None:
    s = ui_context.db.sessions
    net = build_network(s)
    amina = add_mother(s, net.village, TODAY + timedelta(weeks=20))
    best = add_course(s, net.vhs, net.vhs_town, **CARE)
    add_course(s, net.bildung, net.bildung_town, start_date=TODAY + timedelta(weeks=1))  # no childcare
    full = add_course(s, net.bildung, net.bildung_town, max_seats=1, **CARE)
    add_referral(s, amina, full, ReferralState.REGISTERED)
    dialog = CourseLookupDialog(ui_context, amina, None, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Passende Kurse für Haddad, Amina"
    assert "Kinderbetreuung nötig: 2 Kinder (1 und 4 J.)" in dialog.criteria_label.text()
    assert dialog.summary_label.text() == (
        "1 Kurs passt (1 ausgeschlossen); 1 weiterer Kurs passt nicht zu Zeiten, Kinderbetreuung oder Fahrweg "
        "(Filter lockern zeigt ihn)"
    )
    rows = _cells(dialog)
    assert rows[0][0] == "1"
    assert rows[0][6].startswith(
        "vormittags passt; Kinderbetreuung für 2 Kinder (1 und 4 J.) vorhanden; Bus 35 Min.; Start in 3 Wochen"
    )
    assert dialog.table.model().index(0, 0).data(Qt.ItemDataRole.UserRole) == best
    assert rows[1][0] == "–" and rows[1][7] == "Ausgeschlossen: kein Platz frei"

    dialog.ignore_childcare.setChecked(True)
    assert dialog.summary_label.text() == "2 Kurse passen (1 ausgeschlossen)"
    assert any(r[7] == "keine Kinderbetreuung" for r in _cells(dialog))
    dialog.show_excluded.setChecked(False)
    dialog.ignore_childcare.setChecked(False)
    assert dialog.table.model().rowCount() == 1


def test_lookup_rows_are_high_enough_for_their_wrapped_reasons(qtbot: QtBot, ui_context: UiContext) -> None:
    s = ui_context.db.sessions
    net = build_network(s)
    amina = add_mother(s, net.village, TODAY + timedelta(weeks=20))
    add_course(s, net.vhs, net.vhs_town, **CARE)
    add_course(s, net.bildung, net.bildung_town, start_date=TODAY + timedelta(weeks=1))  # no childcare
    dialog = CourseLookupDialog(ui_context, amina, None, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.ignore_childcare.setChecked(True)
    table = dialog.table
    assert table.model().rowCount() == 2
    for r in range(table.model().rowCount()):
        # what the delegate needs for the row's tallest cell (the reasons wrap to two or three lines)
        assert table.rowHeight(r) >= table.sizeHintForRow(r) > 2 * table.fontMetrics().height()


def test_waiting_list_asks_first_when_nothing_fits(
    qtbot: QtBot, ui_context: UiContext, no_modal_message_boxes: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    net = build_network(ui_context.db.sessions)
    amina = add_mother(ui_context.db.sessions, net.village, TODAY + timedelta(weeks=20))
    dialog = open_course_lookup(ui_context, amina, None)
    qtbot.addWidget(dialog)
    assert dialog.summary_label.text().startswith("Kein Kurs passt")
    assert dialog.waiting_button.isDefault() and dialog.focusWidget() is dialog.waiting_button
    qtbot.keyClick(dialog.waiting_button, Qt.Key.Key_Return)  # asked, and "no": nothing recorded
    assert no_modal_message_boxes and "auf die Warteliste setzen?" in no_modal_message_boxes[-1]
    with ui_context.db.sessions() as session:
        assert session.scalar(sa.select(sa.func.count(m.WaitingListEntry.id))) == 0
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(ui_context.events.data_changed):
        dialog.waiting_button.click()
    assert dialog.waiting_label.text() == (
        "Auf die Warteliste gesetzt: Alphabetisierungskurs; Modul 1; vormittags; Kinderbetreuung für 2 Kind(er)"
    )
    with ui_context.db.sessions() as session:
        assert session.scalar(sa.select(sa.func.count(m.WaitingListEntry.id))) == 1
    dialog.close()


def test_kurse_page_lists_filters_copies_and_cancels(qtbot: QtBot, main_window: MainWindow) -> None:
    ctx = main_window.ctx
    net = build_network(ctx.db.sessions)
    amina = add_mother(ctx.db.sessions, net.village, TODAY + timedelta(weeks=20))
    first = add_course(ctx.db.sessions, net.vhs, net.vhs_town, max_seats=3, **CARE)
    add_course(ctx.db.sessions, net.bildung, net.bildung_town)
    add_referral(ctx.db.sessions, amina, first, ReferralState.REGISTERED)
    add_referral(ctx.db.sessions, amina, first, ReferralState.RESERVED, TODAY + timedelta(days=400))
    page = main_window.show_page("courses")
    assert isinstance(page, CoursesPage)
    assert page.count_label.text() == "2 von 2 Kursen"
    page.search.setText("Außenstelle")
    assert page.proxy.rowCount() == 0
    page.search.setText("vhs")
    assert page.proxy.rowCount() == 1
    model = page.proxy
    headers = [model.headerData(c, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal) for c in range(5)]
    assert headers[:4] == ["Kursart", "Träger", "Kursort", "Gemeinde"]
    assert model.index(0, FREE_COLUMN).data() == "1"  # 3 seats - 1 registered - 1 reserved
    page.search.setText("")
    page.select_course(first)
    assert page.selected_course_id() == first
    page.copy_selected()
    assert page.count_label.text() == "3 von 3 Kursen"
    page.select_course(first)
    page.cancel_with_reason(first, "Raum fällt weg")
    assert page.message_label.text() == "Kurs abgesagt; 2 Vermittlungen storniert."
    assert page.count_label.text() == "2 von 2 Kursen"
    with ctx.db.sessions() as session:
        assert session.get(m.Course, first).status == CourseStatus.CANCELLED  # type: ignore[union-attr]
    page.include_closed.setChecked(True)
    assert page.count_label.text() == "3 von 3 Kursen"


def test_course_form_saves_and_names_errors(qtbot: QtBot, ui_context: UiContext) -> None:
    from kim_desktop.ui.dialogs.course_form import CourseFormDialog

    net = build_network(ui_context.db.sessions)
    dialog = CourseFormDialog(ui_context, None)
    qtbot.addWidget(dialog)
    dialog.provider.setCurrentIndex(dialog.provider.findData(net.vhs))
    assert [dialog.location.itemText(i) for i in range(dialog.location.count())] == ["Außenstelle Nord", "VHS-Haus"]
    dialog.save()  # no weekday chosen, end = start
    assert "mindestens einen Wochentag" in dialog.error_label.text()
    for box in dialog.weekdays[:5]:
        box.setChecked(True)
    dialog.end.setDate(dialog.start.date().addDays(180))
    with qtbot.waitSignal(ui_context.events.data_changed):
        dialog.save()
    assert dialog.saved_id is not None
    edit = CourseFormDialog(ui_context, dialog.saved_id)
    qtbot.addWidget(edit)
    assert edit.location.currentText() == "Außenstelle Nord"
    assert [b.isChecked() for b in edit.weekdays] == [True] * 5 + [False] * 2


def test_lookup_reachable_from_kurse_page(qtbot: QtBot, main_window: MainWindow) -> None:
    net = build_network(main_window.ctx.db.sessions)
    amina = add_mother(main_window.ctx.db.sessions, net.village, TODAY + timedelta(weeks=20))
    page = main_window.show_page("courses")
    assert isinstance(page, CoursesPage)
    picker = page.open_lookup_picker()
    assert isinstance(picker, LookupPickerDialog)
    qtbot.keyClicks(picker.search, "hadd")
    assert picker.hits.count() == 1
    picker._picked(picker.hits.item(0))
    assert picker.lookup is not None and picker.lookup.person_id == amina
    picker.lookup.close()


def test_import_preview_shows_statuses_and_confirm_writes(qtbot: QtBot, ui_context: UiContext, tmp_path: Path) -> None:
    build_network(ui_context.db.sessions)
    path = tmp_path / "kurse.csv"
    path.write_text(
        "Kursnummer;Kursart;Träger;Kursort;Kursbeginn;Kursende;Wochentage;Uhrzeit von;Uhrzeit bis;UE pro Woche;"
        "Plätze gesamt\n"
        "A-1;Alphabetisierungskurs;VHS;VHS-Haus;11.01.2027;30.07.2027;Mo–Fr;08:30;12:45;25;16\n"
        "A-2;Allgemeiner Integrationskurs;Unbekannt e.V.;Haus;11.01.2027;30.07.2027;Mo–Fr;08:30;12:45;25;25\n"
        "A-3;Allgemeiner Integrationskurs;BW Nord;Zentrum;31.02.2027;30.07.2027;Mo–Fr;08:30;12:45;25;25\n",
        encoding="utf-8",
    )
    dialog = CourseImportDialog(ui_context, path)
    qtbot.addWidget(dialog)
    assert "1 neu, 0 geändert, 0 unverändert, 2 abgelehnt" in dialog.summary_label.text()
    items = dialog.visible_items()
    assert [(r, s) for r, s, _c, _d in items] == [(2, "neu"), (3, "abgelehnt"), (4, "abgelehnt")]
    assert "Spalte „Träger“: „Unbekannt e.V.“ ist kein bekannter Kursträger" in items[1][3]
    assert "Spalte „Kursbeginn“: „31.02.2027“ ist kein gültiges Datum" in items[2][3]
    assert dialog.table.model().index(1, 1).data() == "abgelehnt"
    assert not dialog.apply_button.isEnabled()
    dialog.skip_rejected.setChecked(True)
    assert dialog.apply_button.isEnabled()
    with qtbot.waitSignal(ui_context.events.data_changed):
        dialog.apply_button.click()
    assert dialog.summary_label.text() == "Übernommen: 1 neue und 0 geänderte Kurse (0 unverändert)."
    with ui_context.db.sessions() as session:
        assert session.scalar(sa.select(m.Course.bamf_course_number)) == "A-1"


def test_import_dialog_reports_file_errors(qtbot: QtBot, ui_context: UiContext, tmp_path: Path) -> None:
    path = tmp_path / "kurse.csv"
    path.write_text("Kursart;Träger\nAlpha;VHS\n", encoding="utf-8")
    dialog = CourseImportDialog(ui_context, path)
    qtbot.addWidget(dialog)
    assert "Es fehlen Spalten: Kursort, Kursbeginn" in dialog.summary_label.text()
    assert not dialog.apply_button.isEnabled()


def test_refer_from_lookup_reserves_the_seat_and_the_lookup_follows(qtbot: QtBot, ui_context: UiContext) -> None:
    from kim_desktop.ui.dialogs.refer_dialog import ReferDialog

    s = ui_context.db.sessions
    net = build_network(s)
    amina = add_mother(s, net.village, TODAY + timedelta(weeks=20))
    course = add_course(s, net.vhs, net.vhs_town, max_seats=2, **CARE)
    dialog = CourseLookupDialog(ui_context, amina, None, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    # the best fit comes selected, and Enter on it reserves (the refer button is the default)
    assert dialog.refer_button.isEnabled() and dialog.refer_button.isDefault()
    assert dialog.focusWidget() is dialog.table
    assert _cells(dialog)[0][5] == "2"

    qtbot.mouseClick(dialog.refer_button, Qt.MouseButton.LeftButton)
    refer = dialog.findChild(ReferDialog)
    assert isinstance(refer, ReferDialog) and refer.isVisible()
    assert "Freie Plätze: 2" in refer.summary.text()
    qtbot.mouseClick(refer.reserve_button, Qt.MouseButton.LeftButton)

    assert refer.message.text().startswith("Platz reserviert bis einschließlich")
    assert refer.letter_button.isEnabled()
    with s() as session:
        referral = session.scalars(sa.select(m.Referral).where(m.Referral.person_id == amina)).one()
        assert (referral.course_id, referral.state) == (course, ReferralState.RESERVED)
    # The lookup refreshed on data_changed: one seat fewer.
    assert _cells(dialog)[0][5] == "1"
    refer.close()


def test_reserving_lowers_the_free_seats_shown_despite_an_older_provider_report(
    qtbot: QtBot, ui_context: UiContext
) -> None:
    """Found at the desk: 18 free, reserve, 21 free; the new hold made the provider's report look older."""
    from datetime import datetime, time

    from kim_desktop.ui.dialogs.refer_dialog import ReferDialog

    s = ui_context.db.sessions
    net = build_network(s)
    amina = add_mother(s, net.village, TODAY + timedelta(weeks=20))
    reported_at = datetime.combine(TODAY - timedelta(days=1), time(10))
    add_course(s, net.vhs, net.vhs_town, max_seats=25, booked_reported=7, booked_reported_at=reported_at, **CARE)
    dialog = CourseLookupDialog(ui_context, amina, None, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.table.selectRow(0)
    assert _cells(dialog)[0][5] == "18"
    qtbot.mouseClick(dialog.refer_button, Qt.MouseButton.LeftButton)
    refer = dialog.findChild(ReferDialog)
    assert isinstance(refer, ReferDialog)
    assert "Freie Plätze: 18" in refer.summary.text()
    qtbot.mouseClick(refer.reserve_button, Qt.MouseButton.LeftButton)
    assert refer.message.text().startswith("Platz reserviert bis einschließlich")
    assert _cells(dialog)[0][5] == "17"
    refer.close()


def test_import_that_cancels_referrals_names_them_and_asks_first(
    qtbot: QtBot, ui_context: UiContext, tmp_path: Path
) -> None:
    from tests.integration.test_course_import_safety import cancelling_file

    dialog = CourseImportDialog(ui_context, cancelling_file(ui_context.db, tmp_path))
    qtbot.addWidget(dialog)
    assert "Kurs 215-001: abgesagt – 10 Vermittlungen werden storniert" in dialog.summary_label.text()
    asked: list[list[str]] = []

    def say_no(lines: list[str]) -> bool:
        asked.append(lines)
        return False

    dialog.confirm_consequences = say_no
    dialog.apply_button.click()
    assert asked == [["Kurs 215-001: abgesagt – 10 Vermittlungen werden storniert"]]
    assert dialog.outcome is None and dialog.apply_button.isEnabled()
    with ui_context.db.sessions() as session:
        assert session.scalar(sa.select(sa.func.count(m.Course.id))) == 1  # nothing written
    dialog.confirm_consequences = lambda lines: True
    with qtbot.waitSignal(ui_context.events.data_changed):
        dialog.apply_button.click()
    assert dialog.summary_label.text().endswith("Stornierte Vermittlungen: 10.")
    with ui_context.db.sessions() as session:
        states = set(session.scalars(sa.select(m.Referral.state)))
    assert states == {ReferralState.CANCELLED}


def test_a_large_preview_is_a_model_over_the_preview_lines_not_a_widget_per_cell(
    qtbot: QtBot, ui_context: UiContext, tmp_path: Path
) -> None:
    from kim_desktop.ui.models.import_preview_model import ImportPreviewModel
    from tests.integration.test_course_import_safety import _many_courses

    build_network(ui_context.db.sessions)
    dialog = CourseImportDialog(ui_context, _many_courses(tmp_path, 3_000))
    qtbot.addWidget(dialog)
    model = dialog.table.model()
    assert isinstance(model, ImportPreviewModel)  # 3,000 references; a QTableWidget made 12,000 items
    assert dialog.preview is not None and model.items == list(dialog.preview.items)
    assert model.rowCount() == 3_000
    assert [model.index(2_999, c).data() for c in range(2)] == ["3001", "neu"]
    assert model.index(2_999, 2).data().startswith("Allgemeiner Integrationskurs, VHS, VHS-Haus, ab ")
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None  # new rows are tinted
    dialog.status_filter.setCurrentIndex(dialog.status_filter.findData(ImportStatus.REJECTED.value))
    assert model.rowCount() == 0
