"""Stammdaten driven as a person would: municipalities (import, merge, retire), topics, the postcode proposal,
the set-up banner and the assistant's size on a 1366x768 screen."""

from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from kim_desktop.db import models as m
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Role
from kim_desktop.domain.setup_steps import SetupStep
from kim_desktop.services.municipalities import MunicipalityInput, add_municipality
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.person_form import PersonForm
from kim_desktop.ui.dialogs.setup_assistant import SetupAssistant
from kim_desktop.ui.main_window import MainWindow
from kim_desktop.ui.pages.settings_page import SettingsPage
from tests.gui.people_fixtures import add_person
from tests.integration.municipality_fixtures import write_gv100


def _click(_qtbot: QtBot, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    button.click()  # as a click or Space on the focused button does


def _settings(qtbot: QtBot, ctx: UiContext) -> SettingsPage:
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentIndex(1)
    assert page.tabs.tabText(1) == "Stammdaten"
    return page


def _names(page: SettingsPage) -> list[str]:
    table = page.reference.municipalities.table
    return [table.item(r, 0).text() for r in range(table.rowCount())]  # type: ignore[union-attr]


def test_import_then_merge_and_retire(
    qtbot: QtBot, ui_context: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ui_context.db.sessions() as s:
        typed = add_municipality(s, MunicipalityInput("Bramsche Stadt", "49565"))
    person = add_person(ui_context.db, typed, "Nasser", "Samira")
    page = _settings(qtbot, ui_context)
    panel = page.reference.municipalities
    assert _names(page) == ["Bramsche Stadt"]
    importer = panel.open_import()
    importer.path_edit.setText(str(write_gv100(tmp_path / "gv.txt")))
    importer.county_edit.setText("03459")
    _click(qtbot, importer.check_button)
    _click(qtbot, importer.import_button)
    assert _names(page) == [
        "Bad Essen",
        "Bramsche",
        "Bramsche Stadt",
        "Fürstenau",
        "Hagen am Teutoburger Wald",
        "Melle",
    ]
    assert panel.status.text() == "6 Gemeinden, 0 ausgeblendet."

    # merge the hand-typed one into the official one: the person moves over
    panel.table.selectRow(_names(page).index("Bramsche Stadt"))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *_a, **_k: ("Bramsche (03459008)", True)))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Yes))
    _click(qtbot, panel.merge_button)
    assert "„Bramsche Stadt“ in „Bramsche“ zusammengeführt: 1 Personen" in panel.message.text()
    assert "Bramsche Stadt" not in _names(page)
    with ui_context.db.sessions() as s:
        moved = s.get(m.Person, person)
        assert moved is not None and moved.municipality is not None and moved.municipality.name == "Bramsche"

    # retire one: the list says so, and the button brings it back
    panel.table.selectRow(_names(page).index("Hagen am Teutoburger Wald"))
    assert panel.retire_button.text() == "Ausblenden"
    _click(qtbot, panel.retire_button)
    row = _names(page).index("Hagen am Teutoburger Wald")
    assert panel.table.item(row, 5).text() == "ausgeblendet"  # type: ignore[union-attr]
    assert panel.status.text() == "4 Gemeinden, 1 ausgeblendet."
    panel.table.selectRow(row)
    assert panel.retire_button.text() == "Wieder anzeigen"


def test_a_broken_file_names_its_lines_and_cannot_be_imported(
    qtbot: QtBot, ui_context: UiContext, tmp_path: Path
) -> None:
    page = _settings(qtbot, ui_context)
    path = tmp_path / "gemeinden.csv"
    path.write_text("Gemeinde;PLZ;AGS\nBelm;49191;03459002\nGlandorf;4921;\n", encoding="utf-8")
    importer = page.reference.municipalities.open_import()
    importer.path_edit.setText(str(path))
    _click(qtbot, importer.check_button)
    assert "1 fehlerhafte Zeilen" in importer.summary.text()
    assert "Nichts wird gespeichert" in importer.summary.text()
    assert "Zeile 3: Spalte PLZ: „4921“ ist keine fünfstellige Postleitzahl." in importer.details.toPlainText()
    assert not importer.import_button.isEnabled()
    importer.path_edit.setText(str(tmp_path / "fehlt.csv"))
    _click(qtbot, importer.check_button)
    assert "fehlt.csv kann nicht gelesen werden" in importer.summary.text()
    assert _names(page) == []
    assert "Ohne Gemeinden kann keine Person angelegt werden" in page.reference.municipalities.status.text()


def test_new_municipality_and_topic_forms(qtbot: QtBot, ui_context: UiContext) -> None:
    page = _settings(qtbot, ui_context)
    form = page.reference.municipalities.open_form(None)
    qtbot.keyClicks(form.name, "Belm")
    qtbot.keyClicks(form.postcodes, "4919")
    _click(qtbot, form.save_button)
    assert form.errors.message("postcodes").startswith("Postleitzahlen: „4919“")
    form.postcodes.setText("49191")
    qtbot.keyClick(form.postcodes, Qt.Key.Key_Return)
    assert not form.isVisible()
    assert _names(page) == ["Belm"]

    page.reference.inner.setCurrentIndex(1)
    topics = page.reference.topics
    dialog = topics.open_form(None)
    qtbot.keyClicks(dialog.label, "Wohnungssuche")
    dialog.barrier.setChecked(True)
    _click(qtbot, dialog.save_button)
    labels = [topics.table.item(r, 0).text() for r in range(topics.table.rowCount())]  # type: ignore[union-attr]
    assert labels[-1] == "Wohnungssuche"


def test_postcode_with_several_municipalities_asks_to_choose(qtbot: QtBot, ui_context: UiContext) -> None:
    with ui_context.db.sessions() as s:
        melle = add_municipality(s, MunicipalityInput("Melle", "49324 49328"))
    with ui_context.db.sessions() as s:
        riemsloh = add_municipality(s, MunicipalityInput("Riemsloh", "49328"))
    form = PersonForm(ui_context, None)
    qtbot.addWidget(form)
    form.show()
    qtbot.keyClicks(form.fields.postcode, "49328")
    assert form.fields.postcode_hint.text() == "PLZ 49328 gehört zu mehreren Gemeinden: Melle, Riemsloh – bitte wählen."
    assert form.fields.municipality.currentData() is None  # nothing chosen for the advisor
    form.fields.postcode.clear()
    qtbot.keyClicks(form.fields.postcode, "49324")
    assert form.fields.municipality.currentData() == melle
    form.fields.municipality.setCurrentIndex(form.fields.municipality.findData(riemsloh))
    form.fields.postcode.clear()
    qtbot.keyClicks(form.fields.postcode, "49324")
    assert form.fields.municipality.currentData() == riemsloh  # a choice made is never overwritten
    qtbot.keyClicks(form.fields.postcode, "9")
    assert not form.fields.postcode_hint.isVisible()
    form.confirm_discard = lambda: True  # type: ignore[method-assign]
    form.reject()


def test_the_banner_tells_an_advisor_whom_to_ask(qtbot: QtBot, ui_context: UiContext) -> None:
    with ui_context.db.sessions() as s, s.begin():
        advisor = m.Advisor(username="ak", display_name="Anna Krüger", role=Role.ADVISOR)
        s.add(advisor)
        s.flush()
        advisor_id = advisor.id
    ui_context.actor = Actor(advisor_id, "Anna Krüger", Role.ADVISOR)
    window = MainWindow(ui_context)
    qtbot.addWidget(window)
    window.show()
    assert window.setup_banner.isVisible()
    assert window.setup_banner.label.text() == (
        "Einrichtung unvollständig: Ohne Gemeinden kann keine Person angelegt werden. (und 1 weiterer Punkt) "
        "Bitte wenden Sie sich an die Administration."
    )
    assert not window.setup_banner.button.isVisible()


def test_the_banner_goes_to_the_step_that_fixes_it(qtbot: QtBot, ui_context: UiContext) -> None:
    with ui_context.db.sessions() as s:
        add_municipality(s, MunicipalityInput("Belm"))
    window = MainWindow(ui_context)
    qtbot.addWidget(window)
    window.show()
    assert "Ohne Kursträger" in window.setup_banner.label.text()
    _click(qtbot, window.setup_banner.button)
    assistant = window.findChild(SetupAssistant)
    assert isinstance(assistant, SetupAssistant) and assistant.isVisible()
    assert assistant.current() == SetupStep.PARTNERS
    assert "Ohne Kursträger können keine Kurse angelegt werden." in assistant.missing.text()
    assistant.close()
    with ui_context.db.sessions() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(m.Organisation)) == 0


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1093, 614)], ids=["100%", "125%"])
def test_the_assistant_fits_an_office_laptop(qtbot: QtBot, ui_context: UiContext, width: int, height: int) -> None:
    assistant = SetupAssistant(ui_context)
    qtbot.addWidget(assistant)
    for step in SetupStep:
        assistant.go(step)
        hint = assistant.minimumSizeHint()
        assert hint.width() <= width - 40 and hint.height() <= height - 60, (step, hint)
    assistant.resize(width - 40, height - 60)
    assistant.show()
    qtbot.waitExposed(assistant)
    for button in (assistant.back_button, assistant.next_button, assistant.finish_button):
        corner = button.mapTo(assistant, button.rect().bottomRight())
        assert assistant.rect().contains(corner)


def test_a_person_form_without_municipalities_says_where_they_come_from(qtbot: QtBot, ui_context: UiContext) -> None:
    form = PersonForm(ui_context, None)
    qtbot.addWidget(form)
    form.show()
    hint = form.fields.postcode_hint
    assert hint.isVisible()
    assert hint.text().startswith("Noch keine Gemeinden angelegt: ohne Gemeinden kann keine Person gespeichert")
    qtbot.keyClicks(form.fields.postcode, "49565")
    assert hint.isVisible() and hint.text().startswith("Noch keine Gemeinden")
    form.confirm_discard = lambda: True  # type: ignore[method-assign]
    form.reject()
