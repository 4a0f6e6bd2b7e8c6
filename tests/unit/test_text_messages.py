"""Messages from domain/ and services/: German by str(), English through translate_text once English is installed."""

import copy
import gettext
import pickle
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, time, timedelta
from pathlib import Path

import pytest

from kim_desktop import i18n
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.case_warnings import PermissionFacts, expiry_warning
from kim_desktop.domain.enums import CourseType, PartOfDay, PermissionKind, Role
from kim_desktop.domain.errors import FieldError, KimError, NotAllowed, ValidationFailed
from kim_desktop.domain.matching import CourseFacts, MatchCriteria, Relaxation, judge_course
from kim_desktop.domain.rules_table import Rules
from kim_desktop.domain.schedule import weekday_mask
from kim_desktop.domain.text import N_, Text, joined, verbatim
from kim_desktop.i18n import error_text, install_language, translate_text
from kim_desktop.services.people_dto import ChildInput, PersonInput
from kim_desktop.services.person_validation import person_errors

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 23)  # a Monday
COURSE = CourseFacts(
    course_id=1,
    course_type=CourseType.ALPHA,
    provider="VHS",
    location="VHS Haus",
    municipality="Musterstadt",
    start_date=TODAY + timedelta(weeks=3),
    end_date=TODAY + timedelta(weeks=40),
    current_module=1,
    weekdays_mask=weekday_mask(range(5)),
    start_time=time(8, 30),
    end_time=time(12, 45),
    ue_per_week=25,
    max_seats=16,
    free_seats=6,
    childcare_places=8,
    childcare_min_age_months=12,
    childcare_max_age_years=6,
    location_municipality_id=2,
    travel_minutes=35,
)
CRITERIA = MatchCriteria(
    course_types=frozenset({CourseType.ALPHA}),
    preferred_type=CourseType.ALPHA,
    entry_module=1,
    availability=frozenset((d, PartOfDay.MORNING) for d in range(5)),
    childcare_needed=True,
    child_ages_months=(14, 50),
    max_travel_minutes=45,
    municipality_id=1,
)


@pytest.fixture
def english() -> Iterator[None]:
    """The English catalog compiled and installed for the test; German again afterwards."""
    subprocess.run([sys.executable, "tools/translations.py", "compile"], cwd=ROOT, check=True, capture_output=True)
    install_language("en")
    yield
    install_language("de")


def test_text_is_its_german_rendering_and_keeps_template_and_parameters() -> None:
    text = Text(N_("Die Berechtigung ist am {day:%d.%m.%Y} abgelaufen."), day=date(2026, 3, 1))
    assert text == "Die Berechtigung ist am 01.03.2026 abgelaufen."
    assert str(text) == "Die Berechtigung ist am 01.03.2026 abgelaufen."
    assert text.template == "Die Berechtigung ist am {day:%d.%m.%Y} abgelaufen."
    assert dict(text.args) == {"day": date(2026, 3, 1)}
    with pytest.raises(AttributeError):
        text.extra = 1  # type: ignore[attr-defined]


def test_text_survives_copy_and_pickle_with_its_template() -> None:
    text = Text(N_("{count} Kinder"), count=3)
    for clone in (copy.deepcopy(text), pickle.loads(pickle.dumps(text))):
        assert clone == "3 Kinder"
        assert clone.template == "{count} Kinder"
        assert dict(clone.args) == {"count": 3}


def test_verbatim_and_joined_keep_user_text_as_it_is() -> None:
    odd = verbatim("Name {mit} Klammern")
    assert odd == "Name {mit} Klammern"
    both = joined([Text(N_("keine Kinderbetreuung")), odd], "; ")
    assert both == "keine Kinderbetreuung; Name {mit} Klammern"
    assert translate_text("nur ein str") == "nur ein str"


def test_match_reasons_render_german_and_english(english: None) -> None:
    match = judge_course(COURSE, CRITERIA, Rules.defaults(), TODAY, Relaxation())
    assert "Kinderbetreuung für 2 Kinder (1 und 4 J.) vorhanden" in match.fits
    assert "Bus 35 Min." in match.fits
    shown = [translate_text(reason) for reason in match.fits]
    assert "times fit (mornings)" in shown
    assert "childcare for 2 children (1 and 4 yrs) available" in shown
    assert "Bus 35 min." in shown
    assert "starts in 3 weeks" in shown

    far = judge_course(
        replace(COURSE, travel_minutes=70, free_seats=0), CRITERIA, Rules.defaults(), TODAY, Relaxation()
    )
    assert far.excluded == "Bus 70 Min. (Grenze 45 Min.); kein Platz frei"
    assert far.excluded is not None
    assert translate_text(far.excluded) == "Bus 70 min. (limit 45 min.); no free seat"


def test_case_warning_renders_german_and_english(english: None) -> None:
    permission = PermissionFacts(PermissionKind.BERECHTIGUNG, False, date(2026, 1, 5), date(2026, 4, 1), None)
    warning = expiry_warning(permission, None, date(2026, 3, 2), Rules.defaults())
    assert warning is not None
    assert str(warning.text) == "Die Berechtigung läuft in 30 Tagen ab (01.04.2026)."
    assert translate_text(warning.text) == "The entitlement expires in 30 days (01/04/2026)."


def test_validation_error_names_the_field_in_german_and_english(english: None) -> None:
    data = PersonInput(
        "Haddad",
        "Rania",
        birth_date=date(1990, 1, 1),
        municipality_id=1,
        postcode="123",
        children=(ChildInput(birth_date=date(2030, 1, 1)),),
    )
    errors = {e.field: e.message for e in person_errors(data, date(2026, 3, 2))}
    assert errors["postcode"] == "Postleitzahl: bitte genau fünf Ziffern eingeben."
    assert errors["children.0.birth_date"] == "Kind 1, Geburtsdatum: darf nicht in der Zukunft liegen."
    assert translate_text(errors["postcode"]) == "Postcode: please enter exactly five digits."
    assert translate_text(errors["children.0.birth_date"]) == "Child 1, date of birth: must not be in the future."
    failed = ValidationFailed([FieldError(name, message) for name, message in errors.items()])
    assert str(failed) == "; ".join(errors.values())
    assert (
        error_text(failed)
        == "Postcode: please enter exactly five digits.; Child 1, date of birth: must not be in the future."
    )


def test_refusal_renders_german_and_english(english: None) -> None:
    with pytest.raises(NotAllowed) as caught:
        require(Actor(1, "Lea Lesen", Role.READER), Action.EDIT_CASES)
    assert str(caught.value) == "Ihre Rolle „Lesen“ erlaubt nicht: Falldaten bearbeiten."
    assert error_text(caught.value) == 'Your role "Read only" does not allow you to edit case data.'


def test_error_text_shows_other_errors_as_they_read(english: None) -> None:
    assert error_text(KimError("schon übersetzt")) == "schon übersetzt"
    assert error_text(OSError("disk on fire")) == "disk on fire"


class _BrokenCatalog(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return "{missing} " + message


def test_a_broken_translation_falls_back_to_german(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_translation", _BrokenCatalog())
    assert translate_text(Text(N_("{free} Plätze frei"), free=4)) == "4 Plätze frei"
