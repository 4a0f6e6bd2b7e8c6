"""The retention job on a fixture with fixed dates: exactly the due records go, the counts reports use stay."""

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from kim_desktop.db.models import Advisor, AuditEvent, CounsellingSession, Person, Referral, session_topics
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Channel, Role
from kim_desktop.domain.errors import NotAllowed
from kim_desktop.domain.retention import RetentionKind, add_months, cutoff, is_due
from kim_desktop.domain.rules_table import Rules
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.retention import apply_retention, records_due_for_erasure

TODAY = date(2026, 3, 2)  # 36 months back: 2023-03-02 is due today, 2023-03-03 is not
NOW = datetime(2026, 3, 2, 8, 0)
RULES = Rules.defaults()


def test_month_arithmetic() -> None:
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 2, 29), -12) == date(2023, 2, 28)
    assert is_due(date(2023, 3, 2), 36, TODAY) and not is_due(date(2023, 3, 3), 36, TODAY)
    assert cutoff(TODAY, 36) == date(2023, 3, 3)
    assert not is_due(None, 36, TODAY)


def _person(session: sa.orm.Session, name: str, **fields: object) -> int:
    person = Person(family_name=name, given_names="X", search_key=name.lower(), **fields)
    session.add(person)
    session.flush()
    return person.id


def _counselled(session: sa.orm.Session, person_id: int, at: datetime, topic_id: int = 1) -> None:
    session.add(CounsellingSession(person_id=person_id, held_at=at, channel=Channel.PHONE, notes="Notiz",
                                   next_steps="Schritt"))  # fmt: skip
    session.flush()
    last = session.scalar(sa.select(sa.func.max(CounsellingSession.id)))
    session.execute(session_topics.insert().values(session_id=last, topic_id=topic_id))


@pytest.fixture
def setup(database: OpenDatabase) -> dict[str, int]:
    with database.sessions() as session, session.begin():
        admin = Advisor(username="admin", display_name="Petra Verwalt", role=Role.ADMIN)
        session.add(admin)
        ids = {
            "ended_due": _person(session, "EndedDue", counselling_ended_on=date(2023, 3, 2)),
            "ended_kept": _person(session, "EndedKept", counselling_ended_on=date(2023, 3, 3)),
            "notes_due": _person(session, "NotesDue"),
            "notes_kept": _person(session, "NotesKept"),
            "test_due": _person(session, "TestDue", placement_test_date=date(2023, 3, 2), placement_test_result="A1"),
            "test_kept": _person(session, "TestKept", placement_test_date=date(2023, 3, 3), placement_test_result="A2"),
        }
        session.flush()
        ids["admin"] = admin.id
        _counselled(session, ids["ended_due"], datetime(2022, 6, 1, 9))
        _counselled(session, ids["notes_due"], datetime(2023, 1, 10, 9))
        _counselled(session, ids["notes_due"], datetime(2023, 3, 2, 17, 30))  # last contact: due today
        _counselled(session, ids["notes_kept"], datetime(2023, 3, 3, 8))
        _counselled(session, ids["notes_kept"], datetime(2026, 2, 2, 8))  # recent quarter, for the report counts
        session.add_all([
            AuditEvent(at=datetime(2021, 3, 2, 12), actor="A", action="case_read", entity_type="person"),
            AuditEvent(at=datetime(2021, 3, 3, 0), actor="A", action="case_read", entity_type="person"),
        ])  # fmt: skip
    return ids


def _report_counts(db: OpenDatabase) -> tuple[int, ...]:
    """What the quarterly report counts for the recent quarter, plus all sessions of people who stay."""
    with db.sessions() as session:
        recent = CounsellingSession.held_at >= datetime(2026, 1, 1)
        return (
            session.scalar(sa.select(sa.func.count()).select_from(CounsellingSession).where(recent)) or 0,
            session.scalar(sa.select(sa.func.count(sa.distinct(CounsellingSession.person_id))).where(recent)) or 0,
            session.scalar(sa.select(sa.func.count()).select_from(session_topics)) or 0,
            session.scalar(sa.select(sa.func.count()).select_from(Referral)) or 0,
        )


def test_exactly_the_due_records_go(database: OpenDatabase, setup: dict[str, int]) -> None:
    admin = Actor(setup["admin"], "Petra Verwalt", Role.ADMIN)
    with database.sessions() as session:
        due = records_due_for_erasure(session, admin, TODAY, RULES)
    assert [(d.kind, d.person_id, d.due_since) for d in due if d.kind != RetentionKind.AUDIT] == [
        (RetentionKind.PERSON, setup["ended_due"], date(2026, 3, 2)),
        (RetentionKind.COUNSELLING_NOTES, setup["notes_due"], date(2026, 3, 2)),
        (RetentionKind.PLACEMENT_TEST, setup["test_due"], date(2026, 3, 2)),
    ]
    assert [d.label for d in due if d.kind == RetentionKind.AUDIT] == ["Protokolleintrag (case_read)"]
    sessions_before = _report_counts(database)
    with database.sessions() as session:
        result = apply_retention(session, admin, due, TODAY, RULES, NOW)
    assert result.counts == {kind: 1 for kind in RetentionKind}
    with database.sessions() as session:
        names = set(session.scalars(sa.select(Person.family_name)))
        assert names == {"EndedKept", "NotesDue", "NotesKept", "TestDue", "TestKept"}
        notes = dict(
            session.execute(
                sa.select(CounsellingSession.person_id, sa.func.max(CounsellingSession.notes)).group_by(
                    CounsellingSession.person_id
                )
            ).all()
        )
        assert notes == {setup["notes_due"]: "", setup["notes_kept"]: "Notiz"}
        tested = session.get(Person, setup["test_due"])
        kept = session.get(Person, setup["test_kept"])
        assert tested is not None and (tested.placement_test_date, tested.placement_test_result) == (None, None)
        assert kept is not None and kept.placement_test_result == "A2"
        audit_days = [a.date() for a in session.scalars(sa.select(AuditEvent.at).order_by(AuditEvent.at))]
        assert audit_days[0] == date(2021, 3, 3)
        assert session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "retention_applied")) == 1
    # The notes' person keeps both sessions: only the ended person's one old session is gone.
    after = _report_counts(database)
    assert after[:2] == sessions_before[:2] and after[2] == sessions_before[2] - 1
    with database.sessions() as session:
        assert records_due_for_erasure(session, admin, TODAY, RULES) == []


def test_a_stale_list_erases_nothing_that_is_no_longer_due(database: OpenDatabase, setup: dict[str, int]) -> None:
    admin = Actor(setup["admin"], "Petra Verwalt", Role.ADMIN)
    with database.sessions() as session:
        due = records_due_for_erasure(session, admin, TODAY, RULES)
    with database.sessions() as session, session.begin():
        _counselled(session, setup["notes_due"], datetime(2026, 3, 1, 9))  # came back
    with database.sessions() as session:
        result = apply_retention(session, admin, due, TODAY, RULES, NOW)
    assert RetentionKind.COUNSELLING_NOTES not in result.counts


def test_only_admins(database: OpenDatabase, setup: dict[str, int]) -> None:
    advisor = Actor(setup["admin"], "Anna", Role.ADVISOR)
    with database.sessions() as session, pytest.raises(NotAllowed):
        records_due_for_erasure(session, advisor, TODAY, RULES)
    with database.sessions() as session, pytest.raises(NotAllowed):
        apply_retention(session, advisor, [], TODAY, RULES, NOW)
