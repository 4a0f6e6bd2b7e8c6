"""With English installed, messages made in domain/ and services/ reach the screen in English."""

import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kim_desktop.i18n import install_language
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.course_lookup_dialog import CourseLookupDialog
from kim_desktop.ui.dialogs.person_form import PersonForm
from tests.gui.people_fixtures import add_reference
from tests.integration.catalogue_fixtures import TODAY, add_course, add_mother, build_network

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def english() -> Iterator[None]:
    """The English catalog compiled and installed for the test; German again afterwards."""
    subprocess.run([sys.executable, "tools/translations.py", "compile"], cwd=ROOT, check=True, capture_output=True)
    install_language("en")
    yield
    install_language("de")


def test_lookup_reasons_are_english(qtbot: QtBot, ui_context: UiContext, english: None) -> None:
    s = ui_context.db.sessions
    net = build_network(s)
    amina = add_mother(s, net.village, TODAY + timedelta(weeks=20))
    add_course(s, net.vhs, net.vhs_town, childcare_places=8, childcare_min_age_months=12, childcare_max_age_years=6)
    add_course(s, net.bildung, net.bildung_town, start_date=TODAY + timedelta(weeks=1))  # no childcare
    dialog = CourseLookupDialog(ui_context, amina, None, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.ignore_childcare.setChecked(True)
    model = dialog.table.model()
    fits = model.index(0, 6).data()
    assert fits.startswith("times fit (mornings); childcare for 2 children (1 and 4 yrs) available; Bus 35 min.")
    assert "starts in 3 weeks" in fits
    assert any(model.index(r, 7).data() == "no childcare" for r in range(model.rowCount()))


def test_person_form_errors_are_english(qtbot: QtBot, ui_context: UiContext, english: None) -> None:
    add_reference(ui_context.db)
    form = PersonForm(ui_context, None)
    form.confirm_discard = lambda: True  # never a blocking message box in a test
    qtbot.addWidget(form)
    form.open()
    qtbot.waitExposed(form)
    qtbot.keyClicks(form.fields.family_name, "Haddad")
    qtbot.keyClicks(form.fields.postcode, "4932")
    form.fields.add_child().birth_date.set_value(date(2999, 1, 1))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    errors = form.fields.errors
    assert errors.message("postcode") == "Postcode: please enter exactly five digits."
    assert errors.message("municipality_id") == "Place of residence (municipality): please choose from the list."
    assert errors.message("children.0.birth_date") == "Child 1, date of birth: must not be in the future."
    assert form.isVisible()
