"""Consent, erasure on request and the retention job on SQLite and PostgreSQL."""

import logging
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from kim_desktop.db.base import Base
from kim_desktop.db.engine import sqlite_path
from kim_desktop.db.models import AuditEvent, CounsellingSession, Person, WaitingListEntry
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import ConsentMethod
from kim_desktop.domain.errors import NotAllowed, NotFound, ValidationFailed
from kim_desktop.logging_setup import close_logging, configure_logging
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.privacy import (
    ConsentInput,
    consent_refusals,
    consented_recipients,
    erase_person,
    list_consents,
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
        "person_id": world.person, "purpose": "Übermittlung an das Jobcenter", "data_categories": "Kursstand",
        "recipient_ids": (world.jobcenter,), "given_on": date(2026, 2, 10), "method": ConsentMethod.SIGNED_FORM,
    }  # fmt: skip
    values.update(changes)
    return ConsentInput(**values)  # type: ignore[arg-type]


def test_consent_lifecycle_and_filtering(database: OpenDatabase, world: World) -> None:
    with database.sessions() as session:
        consent_id = record_consent(session, world.advisor, consent(world), NOW)
    with database.sessions() as session, session.begin():  # the caller's transaction, as in a registration list
        assert consented_recipients(session, world.person, date(2026, 2, 9)) == {world.provider}
        assert consented_recipients(session, world.person, TODAY) == {world.provider, world.jobcenter}
        assert consented_recipients(session, world.other, TODAY) == set()
    with database.sessions() as session:
        rows = list_consents(session, world.advisor, world.person)
    assert [r.recipients for r in rows] == [("Jobcenter Musterland",), ("VHS Melle",)]
    with database.sessions() as session:
        revoke_consent(session, world.advisor, consent_id, date(2026, 3, 1), NOW)
    with database.sessions() as session, session.begin():
        assert consented_recipients(session, world.person, date(2026, 2, 28)) == {world.provider, world.jobcenter}
        assert consented_recipients(session, world.person, date(2026, 3, 1)) == {world.provider}
        reasons = consent_refusals(session, [world.person, world.other], world.jobcenter, TODAY)
        assert reasons == {
            world.person: "Einwilligung für diesen Empfänger am 01.03.2026 widerrufen.",
            world.other: "Keine gültige Einwilligung für diesen Empfänger.",
        }
        assert consent_refusals(session, [world.person], world.provider, TODAY) == {}
        actions = list(session.scalars(sa.select(AuditEvent.action).where(AuditEvent.entity_type == "consent")))
    assert actions == ["consent_recorded", "consent_revoked"]


def test_blanket_or_unwitnessed_consent_is_refused(database: OpenDatabase, world: World) -> None:
    bad = consent(world, purpose=" ", data_categories="", recipient_ids=(), given_on=date(2026, 3, 3),
                  method=ConsentMethod.VERBAL_WITNESSED)  # fmt: skip
    with database.sessions() as session, pytest.raises(ValidationFailed) as info:
        record_consent(session, world.advisor, bad, NOW)
    assert {e.field for e in info.value.errors} == {
        "purpose",
        "data_categories",
        "recipient_ids",
        "given_on",
        "witness",
    }
    with database.sessions() as session:
        record_consent(session, world.advisor, consent(world, method=ConsentMethod.VERBAL_WITNESSED,
                                                       witness="Ben Otte"), NOW)  # fmt: skip


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
