"""The letter's way there from the county's timetable: each ride, the walk, the way back, in every language."""

import io
import unicodedata
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from kim_desktop.db.models import Person, Referral
from kim_desktop.domain.enums import ReferralState
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.document_language import letter_languages
from kim_desktop.services.letters import issue_referral_letter
from kim_desktop.services.timetable_import import import_timetable
from kim_desktop.services.timetable_reach import compute_reachability
from kim_desktop.settings import OfficeProfile
from tests.integration.catalogue_fixtures import TODAY, add_course, build_network
from tests.integration.timetable_fixtures import write_small_feed

OFFICE = OfficeProfile(name="Landkreis Musterland", phone="0541 501-0")


def _text(pdf: bytes) -> str:
    return unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def _referral(database: OpenDatabase, tmp_path: Path, start: time, end: time, *, feed: bool = True) -> int:
    net = build_network(database.sessions)
    if feed:
        with database.sessions() as session:
            assert import_timetable(session, write_small_feed(tmp_path)).imported
    course = add_course(database.sessions, net.vhs, net.vhs_town, start_time=start, end_time=end)
    with database.sessions() as session:
        compute_reachability(session, TODAY)
    with database.sessions() as session, session.begin():
        person = Person(family_name="Haddad", given_names="Rania", search_key="haddad rania",
                        birth_date=date(1990, 5, 1), municipality_id=net.village)  # fmt: skip
        session.add(person)
        session.flush()
        referral = Referral(person_id=person.id, course_id=course, state=ReferralState.RESERVED,
                            hold_until=TODAY + timedelta(days=7))  # fmt: skip
        session.add(referral)
        session.flush()
        return referral.id


def _letter(database: OpenDatabase, referral: int, language: str) -> str:
    with database.sessions() as session:
        issued = issue_referral_letter(session, referral, OFFICE, today=TODAY, language=language, record=False)
    return _text(issued.pdf)


def test_the_german_letter_names_each_ride_the_walk_and_the_way_back(database: OpenDatabase, tmp_path: Path) -> None:
    referral = _referral(database, tmp_path, time(8, 30), time(12, 45))
    text = " ".join(_letter(database, referral, "de").split())
    assert "Bus 510 ab Dorfhausen Schule um 07:44 Uhr, an Musterstadt ZOB um 08:19 Uhr." in text
    assert "Von der Haltestelle zum Kursort gehen Sie etwa 10 Minuten zu Fuß." in text
    assert "Zurück: Bus 1 ab Musterstadt ZOB um 12:58 Uhr." in text
    # One course day (a weekday without buses back) fails: the letter says so instead of promising every day.
    assert "Diese Verbindung gibt es nicht an jedem Kurstag." in text
    assert "Mit Bus und Bahn brauchen Sie ab Dorfhausen etwa 50 Minuten." in text


@pytest.mark.parametrize("language", [code for code in letter_languages() if code != "de"])
def test_every_language_writes_the_rides_in_its_own_words(
    database: OpenDatabase, tmp_path: Path, language: str
) -> None:
    referral = _referral(database, tmp_path, time(8, 30), time(12, 45))
    text = _letter(database, referral, language)
    # Stop names and times as the timetable has them, in the translated part too (after the German pages).
    assert text.count("Dorfhausen Schule") >= 2 and text.count("07:44") >= 2 and text.count("12:58") >= 2


def test_without_a_timetable_answer_the_typed_grid_is_used(database: OpenDatabase, tmp_path: Path) -> None:
    referral = _referral(database, tmp_path, time(8, 30), time(12, 45), feed=False)
    text = " ".join(_letter(database, referral, "de").split())
    assert "Bus 510" not in text and "Dorfhausen" in text
