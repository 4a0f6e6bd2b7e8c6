"""Audit trail on SQLite and PostgreSQL: entries inside the caller's transaction, diffs, filter, CSV export."""

import csv
import io
import json
from datetime import date, datetime

import pytest
import sqlalchemy as sa

from kim_desktop.db.models import Advisor, AuditEvent
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Role, Sex
from kim_desktop.domain.errors import NotAllowed
from kim_desktop.services.audit import (
    AuditAction,
    AuditFilter,
    action_names,
    diff_fields,
    export_audit_csv,
    list_audit_events,
    record,
)
from kim_desktop.services.database import OpenDatabase


@pytest.fixture
def people(database: OpenDatabase) -> tuple[Actor, Actor]:
    with database.sessions() as session, session.begin():
        admin = Advisor(username="admin", display_name="Petra Verwalt", role=Role.ADMIN)
        anna = Advisor(username="anna", display_name="Anna Krüger", role=Role.ADVISOR)
        session.add_all([admin, anna])
        session.flush()
        return Actor(admin.id, admin.display_name, admin.role), Actor(anna.id, anna.display_name, anna.role)


def test_diff_fields() -> None:
    before = {"family_name": "Haddad", "sex": Sex.FEMALE, "birth_date": date(1990, 1, 2), "phone": None}
    after = {"family_name": "Haddad-Ali", "sex": Sex.FEMALE, "birth_date": date(1990, 1, 3), "email": "r@x.de"}
    assert diff_fields(before, after) == {
        "birth_date": (date(1990, 1, 2), date(1990, 1, 3)),
        "email": (None, "r@x.de"),
        "family_name": ("Haddad", "Haddad-Ali"),
    }
    assert diff_fields(before, before) == {}


def test_record_joins_the_callers_transaction(database: OpenDatabase, people: tuple[Actor, Actor]) -> None:
    _admin, anna = people
    with database.sessions() as session, pytest.raises(RuntimeError), session.begin():
        record(session, anna, AuditAction.CASE_READ, "person", 7, person_id=7)
        raise RuntimeError("the change failed")
    with database.sessions() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 0
    at = datetime(2026, 3, 2, 10, 0, 0, 123)
    with database.sessions() as session, session.begin():
        record(session, anna, AuditAction.CASE_CHANGED, "person", 7, person_id=7, at=at,
               changes=diff_fields({"birth_date": date(1990, 1, 2), "sex": Sex.FEMALE},
                                   {"birth_date": date(1990, 1, 3), "sex": Sex.DIVERSE}))  # fmt: skip
    with database.sessions() as session:
        event = session.scalars(sa.select(AuditEvent)).one()
    assert (event.actor, event.advisor_id, event.at) == ("Anna Krüger", anna.advisor_id, datetime(2026, 3, 2, 10))
    assert json.loads(event.details) == {"birth_date": ["1990-01-02", "1990-01-03"], "sex": ["f", "d"]}


def _seed(db: OpenDatabase, admin: Actor, anna: Actor) -> None:
    with db.sessions() as session, session.begin():
        record(session, anna, AuditAction.CASE_READ, "person", 1, person_id=1, at=datetime(2026, 3, 1, 9))
        record(session, anna, AuditAction.CASE_CHANGED, "person", 1, person_id=1, at=datetime(2026, 3, 2, 9),
               changes={"phone": ("0151 1", "0151 2")})  # fmt: skip
        record(session, admin, AuditAction.CASE_READ, "person", 2, person_id=2, at=datetime(2026, 3, 3, 9))
        record(session, None, AuditAction.SIGN_IN_FAILED, "account", None, at=datetime(2026, 3, 3, 23, 59))


def test_filter(database: OpenDatabase, people: tuple[Actor, Actor]) -> None:
    admin, anna = people
    _seed(database, admin, anna)
    with database.sessions() as session:
        everything = list_audit_events(session, admin)
    assert [e.action for e in everything] == ["sign_in_failed", "case_read", "case_changed", "case_read"]
    assert everything[0].actor == "System"
    cases = [
        (AuditFilter(person_id=1), 2),
        (AuditFilter(advisor_id=anna.advisor_id), 2),
        (AuditFilter(action="case_read"), 2),
        (AuditFilter(from_date=date(2026, 3, 2), to_date=date(2026, 3, 2)), 1),
        (AuditFilter(from_date=date(2026, 3, 3)), 2),
        (AuditFilter(entity_type="account"), 1),
        (AuditFilter(limit=1), 1),
    ]
    for flt, count in cases:
        with database.sessions() as session:
            assert len(list_audit_events(session, admin, flt)) == count, flt
    with database.sessions() as session:
        changed = list_audit_events(session, admin, AuditFilter(action="case_changed"))[0]
        assert changed.changes == (("phone", "0151 1", "0151 2"),)
        assert action_names(session, admin) == ["case_changed", "case_read", "sign_in_failed"]


def test_csv_export_is_logged(database: OpenDatabase, people: tuple[Actor, Actor]) -> None:
    admin, anna = people
    _seed(database, admin, anna)
    with database.sessions() as session:
        text = export_audit_csv(session, admin, AuditFilter(person_id=1), now=datetime(2026, 3, 4, 8))
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:5] == ["id", "zeit", "konto_id", "wer", "aktion"]
    assert [r[4] for r in rows[1:]] == ["case_changed", "case_read"]
    assert json.loads(rows[1][8]) == {"phone": ["0151 1", "0151 2"]}
    with database.sessions() as session:
        newest = list_audit_events(session, admin, AuditFilter(limit=1))[0]
    assert (newest.action, newest.actor, newest.changes) == ("audit_exported", "Petra Verwalt", (("rows", None, 2),))


@pytest.mark.parametrize("role", [Role.ADVISOR, Role.READER])
def test_only_admins_see_the_trail(database: OpenDatabase, people: tuple[Actor, Actor], role: Role) -> None:
    actor = Actor(people[1].advisor_id, "Anna Krüger", role)
    for call in (
        lambda s: list_audit_events(s, actor),
        lambda s: export_audit_csv(s, actor, AuditFilter()),
        lambda s: action_names(s, actor),
    ):
        with database.sessions() as session, pytest.raises(NotAllowed):
            call(session)


def test_a_display_name_a_spreadsheet_would_run_stays_text_in_the_csv(
    database: OpenDatabase, people: tuple[Actor, Actor]
) -> None:
    admin, _anna = people
    with database.sessions() as session, session.begin():
        record(session, None, "sign_in_failed", "account", None, actor_label='=HYPERLINK("http://x","klick")')
        record(session, None, "sign_in_failed", "account", None, actor_label="@SUM(1+1)")
    with database.sessions() as session:
        text = export_audit_csv(session, admin, AuditFilter(action="sign_in_failed"))
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    names = sorted(r[3] for r in rows[1:])
    assert names == ['\'=HYPERLINK("http://x","klick")', "'@SUM(1+1)"]  # a leading apostrophe: text, not a formula
