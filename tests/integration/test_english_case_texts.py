"""Texts the case file and the course lookup build from the database: German by str(), English when translated."""

import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from kim_desktop.db import models as m
from kim_desktop.domain.enums import Channel, ReferralState
from kim_desktop.i18n import install_language, translate_text
from kim_desktop.services.case_file import get_case_file
from kim_desktop.services.counselling import record_session
from kim_desktop.services.course_lookup import find_courses_for_person
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.people_dto import SessionInput
from tests.integration.catalogue_fixtures import TODAY, add_course, add_mother, add_referral, build_network

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def english() -> Iterator[None]:
    """The English catalog compiled and installed for the test; German again afterwards."""
    subprocess.run([sys.executable, "tools/translations.py", "compile"], cwd=ROOT, check=True, capture_output=True)
    install_language("en")
    yield
    install_language("de")


def test_lookup_criteria_lines(sqlite_database: OpenDatabase, english: None) -> None:
    net = build_network(sqlite_database.sessions)
    amina = add_mother(sqlite_database.sessions, net.village, expires_on=TODAY + timedelta(weeks=7))
    with sqlite_database.sessions() as session:
        lines = find_courses_for_person(session, amina, TODAY).person.lines
    expiry = TODAY + timedelta(weeks=7)
    assert lines[1:4] == ("Einstieg: Modul 1", "Zeiten: Mo, Di, Mi, Do, Fr vormittags",
                          "Kinderbetreuung nötig: 2 Kinder (1 und 4 J.)")  # fmt: skip
    assert lines[-1] == f"Berechtigung gültig bis {expiry:%d.%m.%Y}"
    shown = [translate_text(line) for line in lines]
    assert shown[0].startswith("Course type: ")
    assert shown[1:4] == ["Entry: module 1", "Times: Mon, Tue, Wed, Thu, Fri mornings",
                          "Childcare needed: 2 children (1 and 4 yrs)"]  # fmt: skip
    assert "; travels by " in shown[4]
    assert shown[-1] == f"Entitlement valid until {expiry:%d/%m/%Y}"


def test_timeline_and_pending_referral(sqlite_database: OpenDatabase, english: None) -> None:
    s = sqlite_database.sessions
    net = build_network(s)
    amina = add_mother(s, net.village, expires_on=TODAY + timedelta(weeks=30))
    course = add_course(s, net.vhs, net.vhs_town)
    referral = add_referral(s, amina, course, ReferralState.RESERVED, TODAY + timedelta(days=3))
    with s() as session, session.begin():
        session.add(
            m.ReferralEvent(
                referral_id=referral, from_state=None, to_state=ReferralState.PROPOSED, at=datetime(2026, 3, 1, 9, 0)
            )
        )
        session.add(
            m.ReferralEvent(
                referral_id=referral,
                from_state=ReferralState.PROPOSED,
                to_state=ReferralState.RESERVED,
                at=datetime(2026, 3, 2, 9, 0),
                reason="eilig",
            )
        )
    with s() as session:
        record_session(session, SessionInput(amina, datetime(2026, 3, 3, 10, 0), Channel.PHONE,
                                             interpreter_language="ar", next_steps="Anrufen"))  # fmt: skip
    with s() as session:
        case = get_case_file(session, amina, TODAY)
    title, starts = _course(sqlite_database, course)
    start = f"{starts:%d.%m.%Y}"
    talk, reserved, proposed = case.timeline
    assert (talk.title, talk.text) == ("Beratung (Telefon), Dolmetschung: ar", "Nächste Schritte: Anrufen")
    assert (reserved.title, reserved.text) == ("Vermittlung: Platz reserviert", f"Kurs: {title}, "
                                               f"Beginn {start}\neilig")  # fmt: skip
    assert proposed.title == "Vermittlung vorgeschlagen"
    assert case.open_referral is not None and case.open_referral.startswith("Platz reserviert: ")
    assert (translate_text(talk.title), translate_text(talk.text)) == ("Counselling (Phone), interpreting: ar",
                                                                       "Next steps: Anrufen")  # fmt: skip
    assert translate_text(reserved.title) == "Referral: Seat reserved"
    assert translate_text(reserved.text).endswith(f", starts {start.replace('.', '/')}\neilig")
    assert translate_text(proposed.title) == "Referral proposed"
    assert translate_text(case.open_referral).startswith("Seat reserved: ")


def _course(database: OpenDatabase, course_id: int) -> tuple[str, date]:
    """How the timeline names the course (title, else its type) and its start."""
    with database.sessions() as session:
        course = session.get(m.Course, course_id)
        assert course is not None
        return course.title or "Alphabetisierungskurs", course.start_date


def test_topics_and_a_direct_reservation_in_the_timeline(sqlite_database: OpenDatabase, english: None) -> None:
    import sqlalchemy as sa

    from kim_desktop.services.referrals import reserve_seat
    from kim_desktop.services.topics import TopicInput, add_topic

    s = sqlite_database.sessions
    net = build_network(s)
    amina = add_mother(s, net.village, expires_on=TODAY + timedelta(weeks=30))
    course = add_course(s, net.vhs, net.vhs_town, childcare_places=8, childcare_min_age_months=12,
                        childcare_max_age_years=6)  # fmt: skip
    with s() as session:
        own = add_topic(session, TopicInput("Wohnungssuche"))
    with s() as session:
        childcare = session.scalar(sa.select(m.Topic.id).where(m.Topic.code == "childcare"))
    with s() as session:
        record_session(session, SessionInput(amina, datetime(2026, 11, 20, 10, 0), Channel.IN_PERSON,
                                             topic_ids=(childcare, own)))  # fmt: skip
    with s() as session:
        reserve_seat(session, amina, course, today=TODAY)
    with s() as session:
        case = get_case_file(session, amina, TODAY)
    reservation = next(entry for entry in case.timeline if entry.kind == "referral_event")
    # a seat reserved straight from the lookup is no "proposal"
    assert reservation.title == "Vermittlung: Platz reserviert"
    talk = next(entry for entry in case.timeline if entry.kind == "session")
    assert talk.text == "Themen: Kinderbetreuung, Wohnungssuche"
    assert translate_text(talk.text) == "Topics: Childcare, Wohnungssuche"  # the office's own topic as typed
