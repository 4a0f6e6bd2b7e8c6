import os
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from kim_desktop.db.engine import make_engine, sqlite_url
from kim_desktop.db.models import (
    AuditEvent,
    Consent,
    ConsentData,
    CounsellingSession,
    Course,
    Municipality,
    Person,
    Referral,
    Topic,
)
from kim_desktop.domain.consent_scope import ConsentPurpose, DataCategory
from kim_desktop.domain.enums import Channel, ConsentMethod, ReferralState
from kim_desktop.domain.errors import DatabaseUnavailable
from kim_desktop.services.database import OpenDatabase, open_database
from kim_desktop.services.server_move import MoveRefused, TableFingerprint, copy_database, database_fingerprints
from tests.conftest import POSTGRES_URL, _postgres_admin
from tests.integration.test_optimistic_locking import _course


@pytest.fixture
def empty_postgres() -> Iterator[str]:
    """An empty PostgreSQL database (no schema), dropped afterwards."""
    admin = _postgres_admin()
    if isinstance(admin, str):
        pytest.skip(admin)
    name = f"kim_move_{os.getpid()}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield sa.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def fill_sample_data(db: OpenDatabase) -> None:
    """A bit of everything: enums, dates, floats, NULLs, non-Latin text, association tables, edited reference data."""
    course_id = _course(db)
    with db.sessions() as session, session.begin():
        town = session.scalar(sa.select(Municipality))
        assert town is not None
        town.latitude, town.longitude = 53.143449, 8.214552
        people = [
            Person(family_name="Müller-Lüdenscheidt", given_names="Jürgen", search_key="muller jurgen"),
            Person(family_name="حسینی", given_names="زهرا", search_key="hosseini zahra", birth_date=date(1990, 2, 28)),
            Person(family_name="Tesfay", given_names="Selam", search_key="tesfay selam", school_years=None),
        ]
        session.add_all(people)
        session.flush()
        topic = session.scalar(sa.select(Topic).order_by(Topic.id))
        assert topic is not None
        topic.label = "Kursvermittlung (geändert)"
        counselling = CounsellingSession(
            person_id=people[1].id, held_at=datetime(2026, 11, 23, 9, 30, 15), channel=Channel.IN_PERSON,
            notes="Dolmetscherin: Farsi\nZeile 2", topics=[topic],
        )  # fmt: skip
        session.add(counselling)
        session.add(
            Referral(
                person_id=people[0].id, course_id=course_id, state=ReferralState.RESERVED, hold_until=date(2026, 12, 3)
            )
        )
        consent = Consent(
            person_id=people[2].id, purpose=ConsentPurpose.COURSE_REGISTRATION, purpose_text="Weitergabe an Kursträger",
            data_text="", given_on=date(2026, 11, 1), method=ConsentMethod.SIGNED_FORM,
            data_items=[ConsentData(category=DataCategory.IDENTITY), ConsentData(category=DataCategory.ADDRESS)],
        )  # fmt: skip
        session.add(consent)
        session.flush()
        consent.recipients.append(session.get_one(Referral, 1).course.provider)
        session.add_all(
            AuditEvent(actor="test", action="read", entity_type="person", entity_id=n, details="{}")
            for n in range(2500)
        )


def _fingerprints(url: str) -> tuple[TableFingerprint, ...]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return database_fingerprints(conn)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_local_to_server_and_back_gives_equal_checksums(
    sqlite_database: OpenDatabase, empty_postgres: str, tmp_path: Path
) -> None:
    fill_sample_data(sqlite_database)
    original = _fingerprints(sqlite_database.url)
    sqlite_database.close()
    progress: list[tuple[str, int, int]] = []

    up = copy_database(sqlite_database.url, empty_postgres, progress=lambda *p: progress.append(p))

    assert up.tables == original and up.total_rows > 2500
    assert ("audit_events", 2500, 2500) in progress and ("audit_events", 1000, 2500) in progress
    assert "Prüfsumme" in up.message()
    server = open_database(empty_postgres, None)  # the desk works with the server afterwards
    try:
        with server.sessions() as session, session.begin():  # new ids do not collide with copied ones
            session.add(Person(family_name="Neu", given_names="Nina", search_key="neu nina"))
    finally:
        server.close()

    back = tmp_path / "zurueck.sqlite"
    down = copy_database(empty_postgres, sqlite_url(back))
    assert _fingerprints(sqlite_url(back)) == down.tables
    people_back = next(t for t in down.tables if t.table == "people")
    assert people_back.rows == 4
    assert [t for t in down.tables if t.table != "people"] == [t for t in original if t.table != "people"]


@pytest.mark.postgres
def test_a_target_with_data_is_refused(sqlite_database: OpenDatabase, empty_postgres: str) -> None:
    fill_sample_data(sqlite_database)
    copy_database(sqlite_database.url, empty_postgres)
    before = _fingerprints(empty_postgres)
    with pytest.raises(MoveRefused, match="enthält bereits Daten"):
        copy_database(sqlite_database.url, empty_postgres)
    assert _fingerprints(empty_postgres) == before


def test_sqlite_to_sqlite_and_refusals(sqlite_database: OpenDatabase, tmp_path: Path) -> None:
    fill_sample_data(sqlite_database)
    target = sqlite_url(tmp_path / "kopie.sqlite")
    report = copy_database(sqlite_database.url, target)
    assert _fingerprints(target) == report.tables == _fingerprints(sqlite_database.url)
    with pytest.raises(MoveRefused, match="dieselbe"):
        copy_database(sqlite_database.url, sqlite_database.url)


def test_unreachable_server_is_a_clear_error(sqlite_database: OpenDatabase) -> None:
    with pytest.raises(DatabaseUnavailable, match="nicht erreichbar"):
        copy_database(sqlite_database.url, "postgresql+psycopg://nobody@127.0.0.1:1/kim?connect_timeout=2")


@pytest.mark.postgres
def test_values_the_server_cannot_hold_are_named_before_anything_is_copied(
    sqlite_database: OpenDatabase, empty_postgres: str
) -> None:
    fill_sample_data(sqlite_database)
    with sqlite_database.sessions() as session, session.begin():  # what an older import stored into the file
        course = session.scalars(sa.select(Course)).one()
        course.title, course.bamf_course_number = "T" * 273, "N" * 41
        person = session.scalars(sa.select(Person).order_by(Person.id)).first()
        assert person is not None
        person.special_needs = "Rollstuhl\x00"
        session.add(AuditEvent(actor="test", action="read", entity_type="person", entity_id=2**40, details="{}"))
        course_id, person_id = course.id, person.id
    sqlite_database.close()
    with pytest.raises(MoveRefused) as refused:
        copy_database(sqlite_database.url, empty_postgres)
    problems = {(p.table, p.row, p.column, str(p.problem)) for p in refused.value.problems}
    assert problems == {
        ("courses", f"id {course_id}", "bamf_course_number", "41 Zeichen, höchstens 30 möglich"),
        ("courses", f"id {course_id}", "title", "273 Zeichen, höchstens 200 möglich"),
        ("people", f"id {person_id}", "special_needs", "enthält ein Nullzeichen (NUL) an Stelle 10"),
        ("audit_events", "id 2501", "entity_id", f"{2**40} liegt außerhalb von -2147483648 bis 2147483647"),
    }
    assert f"courses, id {course_id}, Spalte title: 273 Zeichen" in str(refused.value)
    assert "es wurde nichts übertragen" in str(refused.value)
    engine = make_engine(empty_postgres)
    try:
        with engine.connect() as conn:
            assert sa.inspect(conn).get_table_names() == []  # not even the schema was created
    finally:
        engine.dispose()
