"""Counselling services on SQLite and PostgreSQL: sessions with topics, timeline, follow-ups."""

from datetime import date, datetime

import pytest

from kim_desktop.db.models import Advisor, FollowUp, Municipality
from kim_desktop.domain.enums import Channel, Role
from kim_desktop.domain.errors import NotFound, ValidationFailed
from kim_desktop.services.counselling import (
    complete_follow_up,
    list_advisors,
    list_due_follow_ups,
    list_timeline,
    list_topics,
    record_session,
)
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.people import register_person
from kim_desktop.services.people_dto import PersonInput, SessionInput

NOW = datetime(2026, 3, 2, 11, 0)
TODAY = NOW.date()


@pytest.fixture
def setup(database: OpenDatabase) -> dict[str, int]:
    with database.sessions() as session, session.begin():
        town = Municipality(name="Melle", postcodes="49324")
        anna = Advisor(username="ak", display_name="Anna Krüger", role=Role.ADVISOR)
        ben = Advisor(username="bo", display_name="Ben Otte", role=Role.ADVISOR)
        session.add_all([town, anna, ben])
        session.flush()
        ids = {"town": town.id, "anna": anna.id, "ben": ben.id}
    with database.sessions() as session:
        ids["person"] = register_person(
            session, PersonInput("Haddad", "Rania", municipality_id=ids["town"]), actor_id=None, today=TODAY
        )
    with database.sessions() as session:
        ids["other"] = register_person(
            session, PersonInput("Abebe", "Tesfaye", municipality_id=ids["town"]), actor_id=None, today=TODAY
        )
    return ids


def record(db: OpenDatabase, data: SessionInput, actor: int | None) -> int:
    with db.sessions() as session:
        return record_session(session, data, actor_id=actor, now=NOW)


def test_session_with_topics_and_follow_up(database: OpenDatabase, setup: dict[str, int]) -> None:
    with database.sessions() as session:
        topics = list_topics(session)
        advisors = list_advisors(session)
    assert topics[0].label == "Kursvermittlung"
    assert [a.label for a in advisors] == ["Anna Krüger", "Ben Otte"]
    childcare = next(t.id for t in topics if t.label == "Kinderbetreuung")
    record(
        database,
        SessionInput(
            setup["person"], datetime(2026, 3, 2, 10, 15), Channel.IN_PERSON, interpreter_language="ar",
            topic_ids=(topics[0].id, childcare), notes="Kita-Platz fehlt", next_steps="Kita anfragen",
            follow_up_on=date(2026, 3, 9), follow_up_assignee_id=setup["ben"],
        ),
        setup["anna"],
    )  # fmt: skip
    with database.sessions() as session:
        timeline = list_timeline(session, setup["person"])
        due_later = list_due_follow_ups(session, date(2026, 3, 9), advisor_id=setup["ben"])
        not_yet = list_due_follow_ups(session, TODAY)
        for_anna = list_due_follow_ups(session, date(2026, 3, 9), advisor_id=setup["anna"])
    assert len(timeline) == 1
    assert timeline[0].title == "Beratung (persönlich), Dolmetschung: ar"
    assert (
        timeline[0].text
        == "Themen: Kursvermittlung, Kinderbetreuung\nKita-Platz fehlt\nNächste Schritte: Kita anfragen"
    )
    assert timeline[0].advisor_name == "Anna Krüger"
    assert [(f.person_name, f.assigned_to_name, f.note) for f in due_later] == [
        ("Haddad, Rania", "Ben Otte", "Kita anfragen")
    ]
    assert not_yet == []
    assert for_anna == []


def test_due_follow_ups_today_and_overdue_newest_due_last(database: OpenDatabase, setup: dict[str, int]) -> None:
    with database.sessions() as session, session.begin():
        session.add_all([
            FollowUp(person_id=setup["person"], due_on=date(2026, 2, 20), assigned_to_id=setup["anna"], note="alt"),
            FollowUp(person_id=setup["other"], due_on=TODAY, assigned_to_id=setup["ben"], note="heute"),
            FollowUp(person_id=setup["other"], due_on=date(2026, 3, 3), assigned_to_id=setup["anna"], note="morgen"),
            FollowUp(person_id=setup["other"], due_on=date(2026, 3, 1), assigned_to_id=None, note="offen"),
        ])  # fmt: skip
    with database.sessions() as session:
        office = list_due_follow_ups(session, TODAY)
        anna = list_due_follow_ups(session, TODAY, advisor_id=setup["anna"])
    assert [(f.note, f.days_overdue) for f in office] == [("alt", 10), ("offen", 1), ("heute", 0)]
    assert [f.note for f in anna] == ["alt", "offen"]


def test_complete_follow_up_needs_outcome_and_shows_in_timeline(database: OpenDatabase, setup: dict[str, int]) -> None:
    record(database, SessionInput(setup["person"], NOW, Channel.VIDEO, follow_up_on=TODAY), setup["anna"])
    with database.sessions() as session:
        (due,) = list_due_follow_ups(session, TODAY)
    assert due.assigned_to_name == "Anna Krüger"  # nobody named: the advisor who held the session
    with database.sessions() as session, pytest.raises(ValidationFailed) as caught:
        complete_follow_up(session, due.id, "   ", actor_id=setup["anna"])
    assert caught.value.errors[0].field == "outcome"
    with database.sessions() as session:
        complete_follow_up(session, due.id, "Kita-Platz zugesagt", actor_id=setup["anna"], now=NOW)
    with database.sessions() as session:
        assert list_due_follow_ups(session, TODAY) == []
        timeline = list_timeline(session, setup["person"])
        with pytest.raises(ValidationFailed):
            complete_follow_up(session, due.id, "nochmal", actor_id=None)
        with pytest.raises(NotFound):
            complete_follow_up(session, 999_999, "x", actor_id=None)
    assert [e.kind for e in timeline] == ["follow_up_done", "session"] or [e.kind for e in timeline] == [
        "session",
        "follow_up_done",
    ]
    done = next(e for e in timeline if e.kind == "follow_up_done")
    assert "Ergebnis: Kita-Platz zugesagt" in done.text


def test_session_validation(database: OpenDatabase, setup: dict[str, int]) -> None:
    with pytest.raises(ValidationFailed) as caught:
        record(
            database,
            SessionInput(setup["person"], datetime(2026, 3, 4, 9, 0), Channel.PHONE, follow_up_on=date(2026, 3, 1)),
            None,
        )
    assert {e.field for e in caught.value.errors} == {"held_at", "follow_up_on"}
    with pytest.raises(ValidationFailed):
        record(database, SessionInput(setup["person"], NOW, Channel.PHONE, topic_ids=(999_999,)), None)
    with pytest.raises(NotFound):
        record(database, SessionInput(999_999, NOW, Channel.PHONE), None)
    with database.sessions() as session:
        assert list_timeline(session, setup["person"]) == []
