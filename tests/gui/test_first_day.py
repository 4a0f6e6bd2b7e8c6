"""Day one in a new office, from an empty folder, nothing from the demo: first administrator -> set-up assistant ->
municipalities from a GV100AD extract -> provider, location, travel time -> course -> person -> search -> lookup
-> seat -> referral letter PDF."""

from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kim_desktop.db import models as m
from kim_desktop.domain.enums import OrganisationKind, PartOfDay, PermissionKind, ReferralState, Role
from kim_desktop.domain.setup_steps import SetupStep
from kim_desktop.paths import resolve_paths
from kim_desktop.settings import Settings
from kim_desktop.ui.dialogs.first_admin_dialog import FirstAdminDialog
from kim_desktop.ui.dialogs.setup_assistant import SetupAssistant
from kim_desktop.ui.main_window import MainWindow
from kim_desktop.ui.pages.municipalities_panel import MunicipalitiesPanel
from kim_desktop.ui.pages.people_page import PeoplePage
from kim_desktop.ui.pages.settings_office_tab import OfficeTab
from kim_desktop.ui.start_up import StartUp
from kim_desktop.ui.tasks import SyncTaskRunner
from tests.gui.test_start_up import HeldRunner, run_start
from tests.integration.municipality_fixtures import write_gv100

PASSWORD = "Erster-Tag-2026"


def _click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def test_a_new_office_registers_and_refers_its_first_person(qtbot: QtBot, tmp_path: Path) -> None:
    # --- an empty folder: the first start creates the administrator -------------------------------------------
    paths, runner = resolve_paths(tmp_path / "neu", portable=False).create(), HeldRunner()
    start = StartUp(paths, Settings(), runner)

    def person() -> None:
        dialog = start.dialog
        assert isinstance(dialog, FirstAdminDialog)
        dialog.display_name.setText("Katrin Meyer")
        qtbot.keyClicks(dialog.username, "k.meyer")
        qtbot.keyClicks(dialog.password, PASSWORD)
        qtbot.keyClicks(dialog.repeat, PASSWORD)
        dialog.submit()

    ctx = run_start(start, runner, person)
    assert ctx is start.ctx and start.created_first_admin
    assert start.ctx.actor is not None and start.ctx.actor.role == Role.ADMIN
    ctx = start.ctx
    ctx.tasks = SyncTaskRunner()
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)

    # The window says what blocks which task, and the button goes there.
    assert window.setup_banner.isVisible()
    assert "Ohne Gemeinden kann keine Person angelegt werden." in window.setup_banner.label.text()
    assert window.setup_banner.first_step() == SetupStep.MUNICIPALITIES

    # --- the assistant: each step is the screen the office uses later ----------------------------------------
    assistant = window.open_setup_assistant()
    assert isinstance(assistant, SetupAssistant)
    qtbot.waitExposed(assistant)
    assert assistant.width() <= 1366 and assistant.height() <= 768
    assert assistant.title.text() == "1. Büro und Briefkopf"
    office = assistant.page(SetupStep.OFFICE)
    assert isinstance(office, OfficeTab)
    for name, value in (("name", "Gemeinde Bramsche – Integrationsbüro"), ("street", "Hasestraße 11"),
                        ("postcode", "49565"), ("city", "Bramsche"), ("phone", "05461 83-0")):  # fmt: skip
        office.fields[name].setText(value)
    assert office.save()
    assert ctx.settings.office.city == "Bramsche"

    _click(qtbot, assistant.next_button)
    assert assistant.current() == SetupStep.MUNICIPALITIES
    assert "Ohne Gemeinden kann keine Person angelegt werden." in assistant.missing.text()
    panel = assistant.page(SetupStep.MUNICIPALITIES)
    assert isinstance(panel, MunicipalitiesPanel)
    importer = panel.open_import()
    importer.path_edit.setText(str(write_gv100(tmp_path / "GV100AD_30092026.txt")))
    qtbot.keyClicks(importer.county_edit, "03459")
    _click(qtbot, importer.check_button)
    assert "5 neu, 0 geändert, 0 unverändert, 0 fehlerhafte Zeilen" in importer.summary.text()
    assert importer.import_button.isEnabled()
    _click(qtbot, importer.import_button)
    assert not importer.isVisible()
    assert panel.table.rowCount() == 5
    assert assistant.missing.text() == "Dieser Schritt ist erledigt."
    ticks = [assistant.steps.item(step.value).text().endswith("✓") for step in SetupStep]  # type: ignore[union-attr]
    assert ticks == [True, True, False, False, False]

    _click(qtbot, assistant.next_button)
    partners = assistant.page(SetupStep.PARTNERS)
    dialog = partners.open_organisation(None)  # type: ignore[attr-defined]
    dialog.name.setText("Volkshochschule Bramsche")
    dialog.kind.setCurrentIndex(dialog.kind.findData(OrganisationKind.KURSTRAEGER.value))
    dialog.phone.setText("05461 4444")
    _click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert "Ohne Kursorte können keine Kurse angelegt werden." in window.setup_banner.label.text()
    authority = partners.open_organisation(None)  # type: ignore[attr-defined]
    authority.name.setText("Ausländerbehörde Landkreis Osnabrück")
    authority.kind.setCurrentIndex(authority.kind.findData(OrganisationKind.AUSLAENDERBEHOERDE.value))
    _click(qtbot, authority.save_button)
    assert not authority.isVisible()

    _click(qtbot, assistant.next_button)
    locations = assistant.page(SetupStep.LOCATIONS)
    form = locations.open_location(None)  # type: ignore[attr-defined]
    form.name.setText("VHS-Haus am Markt")
    form.street.setText("Markt 3")
    form.postcode.setText("49565")
    form.municipality.setCurrentIndex(form.municipality.findText("Bramsche"))
    _click(qtbot, form.save_button)
    assert not form.isVisible()
    grid = locations.grid  # type: ignore[attr-defined]
    rows = [grid.verticalHeaderItem(r).text() for r in range(grid.rowCount())]
    assert rows == ["Bad Essen", "Bramsche", "Fürstenau", "Hagen am Teutoburger Wald", "Melle"]
    locations.set_minutes(rows.index("Bramsche"), 0, "15")  # type: ignore[attr-defined]
    locations.set_minutes(rows.index("Fürstenau"), 0, "40")  # type: ignore[attr-defined]
    assert not window.setup_banner.isVisible()  # nothing blocks a task any more

    _click(qtbot, assistant.next_button)
    accounts = assistant.page(SetupStep.ACCOUNTS)
    new = accounts.new_account()  # type: ignore[attr-defined]
    new.username.setText("a.krueger")
    new.display_name.setText("Anna Krüger")
    new.role.setCurrentIndex(new.role.findData(Role.ADVISOR.value))
    new.password.setText(PASSWORD)
    new.password_repeat.setText(PASSWORD)
    _click(qtbot, new.save_button)
    assert not new.isVisible()
    assert not assistant.next_button.isEnabled()  # the last step
    _click(qtbot, assistant.finish_button)
    assert not assistant.isVisible()

    # --- a course on the Kurse page --------------------------------------------------------------------------
    courses = window.show_page("courses")
    course_form = courses.open_form(None)  # type: ignore[attr-defined]
    course_form.title_edit.setText("Integrationskurs Vormittag")
    course_form.number.setText("215-001-2026")
    start_day = date.today() + timedelta(days=21)
    course_form.start.setDate(QDate(start_day.year, start_day.month, start_day.day))
    end_day = start_day + timedelta(days=200)
    course_form.end.setDate(QDate(end_day.year, end_day.month, end_day.day))
    for box in course_form.weekdays[:5]:
        box.setChecked(True)
    course_form.save()
    assert course_form.saved_id is not None, course_form.error_label.text()

    # --- a person: the postcode proposes the municipality ----------------------------------------------------
    people = window.show_page("people")
    assert isinstance(people, PeoplePage)
    person_form = people.new_person()
    qtbot.keyClicks(person_form.fields.family_name, "Nasser")
    qtbot.keyClicks(person_form.fields.given_names, "Samira")
    qtbot.keyClicks(person_form.fields.postcode, "49565")
    assert person_form.fields.municipality.currentText() == "Bramsche"
    assert person_form.fields.postcode_hint.text() == "PLZ 49565: Bramsche"
    person_form.fields.birth_date.set_value(date(1994, 5, 17))
    # the entitlement, issued by the authority created in the assistant
    person_form.fields.has_permission.setChecked(True)
    fields = person_form.fields
    fields.permission_kind.setCurrentIndex(fields.permission_kind.findData(PermissionKind.BERECHTIGUNG))
    assert fields.issuer.findText("Ausländerbehörde Landkreis Osnabrück") >= 0
    fields.issuer.setCurrentIndex(fields.issuer.findText("Ausländerbehörde Landkreis Osnabrück"))
    qtbot.keyClicks(fields.file_number, "ABH-2026-0815")
    fields.issued_on.set_value(date.today() - timedelta(days=10))
    for day in range(5):  # mornings, Monday to Friday
        person_form.fields.availability.boxes[(day, PartOfDay.MORNING)].setChecked(True)
    person_form.save()
    assert not person_form.isVisible(), person_form.summary.text()

    # --- found by search, its case, the matching courses, a seat, the letter ---------------------------------
    people.list.search_field.clear()
    qtbot.keyClicks(people.list.search_field, "nasser")
    qtbot.waitUntil(lambda: not people.list.timer.isActive(), timeout=2000)
    assert people.list.model.index(0, 0).data() == "Nasser, Samira"
    qtbot.keyClick(people.list.search_field, Qt.Key.Key_Return)
    _click(qtbot, people.list.open_button)
    assert people.case_view.name_label.text() == "Nasser, Samira"
    _click(qtbot, people.case_view.lookup_button)
    lookup = people.case_view.lookup_dialog
    assert lookup is not None and lookup.isVisible()
    assert lookup.table.model().rowCount() == 1  # the course, best fit first
    assert lookup.table.model().index(0, 0).data() is not None
    lookup.table.selectRow(0)
    _click(qtbot, lookup.refer_button)
    from kim_desktop.ui.dialogs.refer_dialog import ReferDialog

    refer = lookup.findChild(ReferDialog)
    assert isinstance(refer, ReferDialog)
    _click(qtbot, refer.reserve_button)
    assert refer.message.text().startswith("Platz reserviert bis einschließlich"), refer.message.text()
    preview = refer.show_letter()
    assert preview is not None
    pdf_path = tmp_path / "vermittlungsschreiben.pdf"
    preview.save_to(pdf_path)  # type: ignore[attr-defined]
    text = "".join(page.extract_text() for page in PdfReader(pdf_path).pages)
    expected_lines = (
        "Samira Nasser", "17.05.1994", "Allgemeiner Integrationskurs", "VHS-Haus am Markt", "Markt 3, 49565 Bramsche",
        "Volkshochschule Bramsche", "Gemeinde Bramsche – Integrationsbüro", "Hasestraße 11",
        "Mit Bus und Bahn brauchen Sie ab Bramsche etwa 15 Minuten", "2,29 € pro Unterrichtseinheit",
        "Ausländerbehörde Landkreis Osnabrück",
    )  # fmt: skip
    for expected in expected_lines:
        assert expected in text, expected
    # An office that has not given every detail yet: no empty "E-Mail:" or "Sprechzeiten:" in the letter.
    assert "E-Mail: ." not in text and "E-Mail\n" not in text and "Sprechzeiten:\n" not in text

    assert "Musterstadt" not in text and "Musterland" not in text  # nothing from the demo county
    with ctx.db.sessions() as session:
        referral = session.scalars(sa.select(m.Referral)).one()
        assert referral.state == ReferralState.RESERVED
        assert session.scalar(sa.select(sa.func.count()).select_from(m.IssuedDocument)) >= 1
    for dialog_window in (preview, refer, lookup):
        dialog_window.close()
    QApplication.processEvents()
