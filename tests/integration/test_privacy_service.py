"""Consent, erasure on request and the retention job on SQLite and PostgreSQL."""

import json
import logging
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.base import Base
from kim_desktop.db.engine import sqlite_path
from kim_desktop.db.models import AuditEvent, Consent, CounsellingSession, Organisation, Person, WaitingListEntry
from kim_desktop.domain.access import Actor
from kim_desktop.domain.consent_scope import ConsentPurpose as P
from kim_desktop.domain.consent_scope import DataCategory as D
from kim_desktop.domain.consent_scope import reason_text
from kim_desktop.domain.enums import ConsentMethod
from kim_desktop.domain.errors import NotAllowed, NotFound, ValidationFailed
from kim_desktop.logging_setup import close_logging, configure_logging
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.privacy import (
    ConsentInput,
    assign_purpose,
    count_consents_to_review,
    data_use_refusals,
    erase_person,
    list_consents,
    list_consents_to_review,
    record_consent,
    revoke_consent,
)
from tests.integration.privacy_fixtures import BIRTH, FAMILY, GIVEN, World, build_world

NOW = datetime(2026, 3, 2, 11, 0)
TODAY = NOW.date()


@pytest.fixture
def world(database: OpenDatabase) -> World:
    with database.sessions() as session, session.begin():
        return build_world(session)


def consent(world: World, **changes: object) -> ConsentInput:
    values: dict[str, object] = {
        "person_id": world.person, "purpose": P.JOBCENTER_EXCHANGE, "data": frozenset({D.IDENTITY, D.COURSE_PROGRESS}),
        "purpose_text": "Übermittlung an das Jobcenter", "recipient_ids": (world.jobcenter,),
        "given_on": date(2026, 2, 10), "method": ConsentMethod.SIGNED_FORM,
    }  # fmt: skip
    values.update(changes)
    return ConsentInput(**values)  # type: ignore[arg-type]


def refused(session: Session, people: list[int], purpose: P, recipient: int, data: set[D], day: date) -> dict[int, str]:
    found = data_use_refusals(session, people, purpose, recipient, frozenset(data), day)
    return {person: reason_text(gap) for person, gap in found.items()}


def test_consent_lifecycle_and_filtering(database: OpenDatabase, world: World) -> None:
    exchange = (P.JOBCENTER_EXCHANGE, world.jobcenter, {D.IDENTITY, D.COURSE_PROGRESS})
    with database.sessions() as session:
        consent_id = record_consent(session, world.advisor, consent(world), NOW)
    with database.sessions() as session, session.begin():  # the caller's transaction, as in a registration list
        assert refused(session, [world.person], *exchange, date(2026, 2, 9)) == {
            world.person: "Einwilligung erst ab 10.02.2026 erteilt."
        }
        assert refused(session, [world.person, world.other], *exchange, TODAY) == {
            world.other: "Keine Einwilligung für diesen Empfänger."
        }
        # The fixture's consent names the provider, for registration, with name and address only.
        assert refused(session, [world.person], P.COURSE_REGISTRATION, world.provider, {D.ADDRESS}, TODAY) == {}
        assert refused(session, [world.person], P.COURSE_REGISTRATION, world.provider, {D.CONTACT}, TODAY) == {
            world.person: "Einwilligung umfasst nicht: Telefon und E-Mail."
        }
        assert refused(session, [world.person], P.CHILDCARE_SEARCH, world.provider, {D.IDENTITY}, TODAY) == {
            world.person: "Einwilligung nur für einen anderen Zweck: Anmeldung beim Kursträger."
        }
        assert refused(session, [world.person], P.JOBCENTER_EXCHANGE, world.jobcenter, {D.HEALTH}, TODAY) == {
            world.person: "Einwilligung umfasst nicht: Gesundheit und besondere Bedürfnisse (Art. 9 DSGVO)."
        }
    with database.sessions() as session:
        rows = list_consents(session, world.advisor, world.person)
    assert [r.recipients for r in rows] == [("Jobcenter Musterland",), ("VHS Melle",)]
    assert (rows[0].purpose, rows[0].data, rows[0].purpose_text) == (
        P.JOBCENTER_EXCHANGE, (D.IDENTITY, D.COURSE_PROGRESS), "Übermittlung an das Jobcenter"
    )  # fmt: skip
    with database.sessions() as session:
        revoke_consent(session, world.advisor, consent_id, date(2026, 3, 1), NOW)
    with database.sessions() as session, session.begin():
        assert refused(session, [world.person], *exchange, date(2026, 2, 28)) == {}
        assert refused(session, [world.person], *exchange, date(2026, 3, 1)) == {
            world.person: "Einwilligung am 01.03.2026 widerrufen."
        }
        actions = list(session.scalars(sa.select(AuditEvent.action).where(AuditEvent.entity_type == "consent")))
    assert actions == ["consent_recorded", "consent_revoked"]


def test_a_consent_limited_in_time_expires(database: OpenDatabase, world: World) -> None:
    exchange = (P.JOBCENTER_EXCHANGE, world.jobcenter, {D.IDENTITY})
    with database.sessions() as session:
        record_consent(session, world.advisor, consent(world, valid_until=date(2026, 2, 28)), NOW)
    with database.sessions() as session, session.begin():
        assert refused(session, [world.person], *exchange, date(2026, 2, 28)) == {}
        assert refused(session, [world.person], *exchange, date(2026, 3, 1)) == {
            world.person: "Einwilligung galt nur bis 28.02.2026."
        }
    with database.sessions() as session, pytest.raises(ValidationFailed) as info:
        record_consent(session, world.advisor, consent(world, valid_until=date(2026, 2, 9)), NOW)
    assert "vor der Erteilung" in str(info.value.for_field("valid_until"))


def test_blanket_or_unwitnessed_consent_is_refused(database: OpenDatabase, world: World) -> None:
    bad = consent(world, purpose=None, data=frozenset(), recipient_ids=(), given_on=date(2026, 3, 3),
                  method=ConsentMethod.VERBAL_WITNESSED)  # fmt: skip
    with database.sessions() as session, pytest.raises(ValidationFailed) as info:
        record_consent(session, world.advisor, bad, NOW)
    assert {e.field for e in info.value.errors} == {"purpose", "data", "recipient_ids", "given_on", "witness"}
    with database.sessions() as session:
        record_consent(session, world.advisor, consent(world, method=ConsentMethod.VERBAL_WITNESSED,
                                                       witness="Ben Otte"), NOW)  # fmt: skip


def _free_text_consent(database: OpenDatabase, world: World) -> int:
    """A consent as revision 0006 leaves an older one: the advisor's words, no purpose, no data categories."""
    with database.sessions() as session, session.begin():
        old = Consent(person_id=world.other, purpose=None, purpose_text="Anmeldung VHS", data_text="Name, Telefon",
                      given_on=date(2026, 1, 5), method=ConsentMethod.SIGNED_FORM,
                      recipients=[session.get_one(Organisation, world.provider)])  # fmt: skip
        session.add(old)
        session.flush()
        return old.id


def test_free_text_consent_covers_nothing_until_reviewed_and_the_review_is_audited(
    database: OpenDatabase, world: World
) -> None:
    old = _free_text_consent(database, world)
    registration = (P.COURSE_REGISTRATION, world.provider, {D.IDENTITY, D.CONTACT})
    with database.sessions() as session, session.begin():
        assert refused(session, [world.other], *registration, TODAY) == {
            world.other: "Einwilligung ohne zugeordneten Zweck (Prüfliste): gilt noch für nichts."
        }
    with database.sessions() as session, pytest.raises(NotAllowed):
        list_consents_to_review(session, world.reader)  # the list names people: case readers only
    with database.sessions() as session:
        (item,) = list_consents_to_review(session, world.advisor)
    assert (item.person_name, item.consent.id, item.consent.purpose_text) == ("Brandt, Ole", old, "Anmeldung VHS")
    assert item.consent.needs_review and item.consent.data == ()
    with database.sessions() as session:
        assert count_consents_to_review(session, world.advisor) == 1
    with database.sessions() as session, pytest.raises(NotAllowed):
        assign_purpose(session, world.reader, old, P.COURSE_REGISTRATION, frozenset({D.IDENTITY}), NOW)
    with database.sessions() as session, pytest.raises(ValidationFailed) as info:
        assign_purpose(session, world.advisor, old, None, frozenset(), NOW)
    assert {e.field for e in info.value.errors} == {"purpose", "data"}

    with database.sessions() as session:
        assign_purpose(session, world.advisor, old, P.COURSE_REGISTRATION, frozenset({D.IDENTITY, D.CONTACT}), NOW)
    with database.sessions() as session, session.begin():
        assert refused(session, [world.other], *registration, TODAY) == {}
        assert refused(session, [world.other], P.COURSE_REGISTRATION, world.provider, {D.ADDRESS}, TODAY) == {
            world.other: "Einwilligung umfasst nicht: Anschrift."
        }
        (event,) = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "consent_purpose_assigned"))
    assert (event.entity_type, event.entity_id, event.person_id, event.advisor_id) == (
        "consent", old, world.other, world.advisor.advisor_id
    )  # fmt: skip
    assert json.loads(event.details) == {
        "purpose": [None, "course_registration"],
        "data": [None, ["identity", "contact"]],
    }
    with database.sessions() as session:
        assert list_consents_to_review(session, world.advisor) == []
    with database.sessions() as session:
        assert count_consents_to_review(session, world.advisor) == 0
    with database.sessions() as session, pytest.raises(ValidationFailed, match="schon zugeordnet"):
        assign_purpose(session, world.advisor, old, P.CHILDCARE_SEARCH, frozenset({D.IDENTITY}), NOW)


def test_revocation_date_lies_between_the_consent_and_today(database: OpenDatabase, world: World) -> None:
    for day, problem in ((date(2026, 2, 1), "vor der Erteilung"), (date(2026, 3, 3), "in der Zukunft")):
        with database.sessions() as session, pytest.raises(ValidationFailed) as refused:
            revoke_consent(session, world.advisor, world.consent, day, NOW)
        assert problem in str(refused.value.for_field("revoked_on"))
    with database.sessions() as session:
        assert list_consents(session, world.advisor, world.person)[0].revoked_on is None  # nothing was written
    with database.sessions() as session:
        revoke_consent(session, world.advisor, world.consent, date(2026, 2, 2), NOW)  # the day it was given
    with database.sessions() as session:
        assert list_consents(session, world.advisor, world.person)[0].revoked_on == date(2026, 2, 2)


def test_roles_are_checked(database: OpenDatabase, world: World) -> None:
    calls = [
        lambda s, a: record_consent(s, a, consent(world), NOW),
        lambda s, a: revoke_consent(s, a, world.consent, TODAY, NOW),
        lambda s, a: list_consents(s, a, world.person),
        lambda s, a: assign_purpose(s, a, world.consent, P.COURSE_REGISTRATION, frozenset({D.IDENTITY}), NOW),
        lambda s, a: erase_person(s, a, world.person, NOW),
    ]
    for actor in (world.reader, None):
        for call in calls:
            with database.sessions() as session, pytest.raises(NotAllowed):
                call(session, actor)
    with database.sessions() as session, pytest.raises(NotAllowed):
        erase_person(session, world.advisor, world.person, NOW)


def _text_values(db: OpenDatabase) -> list[object]:
    values: list[object] = []
    with db.sessions() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(sa.select(table)):
                values.extend(row)
    return values


def _raw_files(db: OpenDatabase) -> list[bytes]:
    path = sqlite_path(db.url)
    return [] if path is None else [f.read_bytes() for f in path.parent.glob(path.name + "*")]  # with -wal, -shm


def test_erasure_leaves_nothing_behind(database: OpenDatabase, world: World, tmp_path: Path) -> None:
    values = _text_values(database)
    assert any(isinstance(v, str) and FAMILY in v for v in values)  # the searches would find it ...
    if database.url.startswith("sqlite"):
        assert any(FAMILY.encode() in raw for raw in _raw_files(database))  # ... in the tables and in the file
    log_file = tmp_path / "logs" / "kim.log"
    configure_logging(log_file, logging.DEBUG)
    try:
        with database.sessions() as session:
            erase_person(session, world.admin, world.person, NOW)
    finally:
        close_logging()
    needles = (FAMILY[:8], GIVEN, BIRTH.isoformat(), f"{BIRTH:%d.%m.%Y}")
    for value in _text_values(database):
        assert value != BIRTH
        if isinstance(value, str):
            assert not any(n in value for n in needles), value
    assert not any(n.encode() in log_file.read_bytes() for n in needles)
    for raw in _raw_files(database):
        assert not any(n.encode() in raw for n in needles)
    with database.sessions() as session:
        assert session.get(Person, world.other) is not None
        assert session.scalar(sa.select(sa.func.count()).select_from(CounsellingSession)) == 0
        waiting = session.get(WaitingListEntry, world.waiting)
        assert waiting is not None and (waiting.person_id, waiting.note) == (None, "")
        events = session.execute(
            sa.select(AuditEvent.action, AuditEvent.actor, AuditEvent.details).where(
                AuditEvent.person_id == world.person
            )
        ).all()
    assert [(a, actor) for a, actor, _ in events] == [
        ("case_changed", "Anna Krüger"), ("case_read", "Anna Krüger"), ("person_erased", "Petra Verwalt")
    ]  # fmt: skip
    assert events[0][2] == "{}"


def test_erasing_twice_is_not_found(database: OpenDatabase, world: World) -> None:
    with database.sessions() as session:
        erase_person(session, world.admin, world.person, NOW)
    with database.sessions() as session, pytest.raises(NotFound):
        erase_person(session, world.admin, world.person, NOW)


def test_admin_actor_is_required_even_with_an_id(database: OpenDatabase, world: World) -> None:
    impostor = Actor(world.advisor.advisor_id, "Anna Krüger", world.reader.role)
    with database.sessions() as session, pytest.raises(NotAllowed):
        erase_person(session, impostor, world.person, NOW)
