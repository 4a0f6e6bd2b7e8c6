"""One language resolver for every document: the same person gets the same second language in each of them."""

from datetime import date, datetime, time

import pytest

from kim_desktop.db.models import Person
from kim_desktop.domain.consent_scope import ConsentPurpose, DataCategory
from kim_desktop.domain.errors import ValidationFailed
from kim_desktop.services.access_request import collect_access_report
from kim_desktop.services.appointment_letters import AppointmentRequest, appointment_letter
from kim_desktop.services.consent_form import ConsentFormRequest, consent_form
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.letters import issue_referral_letter
from kim_desktop.settings import OfficeProfile
from tests.integration.privacy_fixtures import World, build_world

NOW = datetime(2026, 3, 2, 11, 0)
OFFICE = OfficeProfile(name="Landkreis Melle", phone="05422 1234", email="kim@melle.example")

# (letter language stored, first language stored) -> the second language every document prints
CASES = [
    (None, "fa", "fa"),
    ("AR", "fa", "ar"),  # typed in capitals: still Arabic, everywhere (the access request used to fall back)
    (" ti ", None, "ti"),
    ("xx", "ru", "ru"),  # no texts for the chosen code: the first language, if there are texts for it
    ("xx", "zz", "de"),  # none at all: German only
    (None, None, "de"),
]


def _languages(database: OpenDatabase, world: World, asked: str | None = None) -> set[str]:
    with database.sessions() as session:
        referral = issue_referral_letter(
            session, world.referral, OFFICE, actor=world.advisor, today=NOW.date(), language=asked, record=False
        ).language
    with database.sessions() as session:
        invitation = appointment_letter(
            session, world.person, AppointmentRequest(date(2026, 3, 9), time(9, 0)), OFFICE,
            language=asked, record=False, actor=world.advisor, today=NOW.date(),
        ).language  # fmt: skip
    request = ConsentFormRequest(
        world.person, ConsentPurpose.COURSE_REGISTRATION, frozenset({DataCategory.IDENTITY}), (world.provider,),
        language=asked,
    )  # fmt: skip
    with database.sessions() as session:
        form = consent_form(session, world.advisor, request, OFFICE, NOW).language
    found = {referral, invitation, form}
    if asked is None:
        with database.sessions() as session:
            found.add(collect_access_report(session, world.admin, world.person, NOW).language)
    return found


@pytest.mark.parametrize(("letter_language", "first_language", "expected"), CASES)
def test_every_document_takes_the_same_second_language(
    database: OpenDatabase, letter_language: str | None, first_language: str | None, expected: str
) -> None:
    with database.sessions() as session, session.begin():
        world = build_world(session)
        person = session.get_one(Person, world.person)
        person.letter_language, person.first_language = letter_language, first_language
    assert _languages(database, world) == {expected}


def test_a_language_asked_for_wins_everywhere_and_an_unknown_one_is_refused_everywhere(database: OpenDatabase) -> None:
    with database.sessions() as session, session.begin():
        world = build_world(session)
    assert _languages(database, world, "UK") == {"uk"}
    with database.sessions() as session, pytest.raises(ValidationFailed):
        issue_referral_letter(session, world.referral, OFFICE, actor=world.advisor, today=NOW.date(), language="so")
    with database.sessions() as session, pytest.raises(ValidationFailed):
        appointment_letter(session, world.person, AppointmentRequest(date(2026, 3, 9), time(9, 0)), OFFICE,
                           language="so", actor=world.advisor)  # fmt: skip
