import logging
import stat
from datetime import date, time
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, StatementError

from kim_desktop.db.engine import sqlite_url
from kim_desktop.db.models import Course, CourseLocation, CourseTypeRule, Municipality, Organisation, Topic
from kim_desktop.domain.enums import CourseType, OrganisationKind
from kim_desktop.logging_setup import close_logging, configure_logging
from kim_desktop.services.database import OpenDatabase, open_database
from kim_desktop.services.overview import database_overview
from kim_desktop.services.reference_data import DEFAULT_TOPICS, ensure_reference_data


def test_sqlite_file_is_private_and_pragmas_are_set(tmp_path: Path) -> None:
    path = tmp_path / "kim.sqlite"
    db = open_database(sqlite_url(path), None)
    try:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    finally:
        db.close()


def test_reference_data_is_seeded_once(database: OpenDatabase) -> None:
    with database.sessions() as session:
        ensure_reference_data(session)  # second time: must not duplicate
        assert session.scalar(sa.select(sa.func.count(Topic.id))) == len(DEFAULT_TOPICS)
        assert session.scalar(sa.select(sa.func.count()).select_from(CourseTypeRule)) == len(CourseType)
        general = session.get(CourseTypeRule, CourseType.ALLGEMEIN)
        assert general is not None
        assert (general.language_ue, general.orientation_ue, general.max_participants) == (600, 100, 25)


def test_reference_data_keeps_the_offices_edits(database: OpenDatabase) -> None:
    with database.sessions() as session, session.begin():
        rule = session.get(CourseTypeRule, CourseType.ALPHA)
        assert rule is not None
        rule.max_participants = 14
    with database.sessions() as session:
        ensure_reference_data(session)
        rule = session.get(CourseTypeRule, CourseType.ALPHA)
        assert rule is not None and rule.max_participants == 14


def _provider_and_location(session: sa.orm.Session) -> tuple[int, int]:
    provider = Organisation(name="Sprachschule Test", kind=OrganisationKind.KURSTRAEGER)
    town = Municipality(name="Teststadt", postcodes="49000")
    session.add_all([provider, town])
    session.flush()
    location = CourseLocation(
        provider_id=provider.id, name="Haupthaus", street="Hauptstr. 1", postcode="49000", municipality_id=town.id
    )
    session.add(location)
    session.flush()
    return provider.id, location.id


def _course(provider_id: int, location_id: int, **changes: object) -> Course:
    values: dict[str, object] = {
        "course_type": CourseType.ALLGEMEIN,
        "provider_id": provider_id,
        "location_id": location_id,
        "start_date": date(2026, 12, 1),
        "end_date": date(2027, 6, 30),
        "weekdays_mask": 0b11111,
        "start_time": time(8, 30),
        "end_time": time(12, 45),
        "ue_per_week": 25,
        "max_seats": 20,
    }
    values.update(changes)
    return Course(**values)


@pytest.mark.parametrize(
    "changes",
    [
        {"max_seats": 0},
        {"end_date": date(2026, 11, 1)},
        {"weekdays_mask": 0},
        {"ue_per_week": 0},
        {"childcare_places": -1},
    ],
)
def test_database_checks_refuse_impossible_courses(database: OpenDatabase, changes: dict[str, object]) -> None:
    with database.sessions() as session:
        provider_id, location_id = _provider_and_location(session)
        session.add(_course(provider_id, location_id, **changes))
        with pytest.raises(IntegrityError):
            session.flush()


def test_foreign_keys_are_enforced(database: OpenDatabase) -> None:
    with database.sessions() as session:
        session.add(_course(999, 999))
        with pytest.raises(IntegrityError):
            session.flush()


def test_enum_columns_refuse_unknown_values(database: OpenDatabase) -> None:
    with database.sessions() as session:
        provider_id, location_id = _provider_and_location(session)
        with pytest.raises((IntegrityError, StatementError)):
            session.execute(
                sa.text(
                    "INSERT INTO courses (course_type, provider_id, location_id, start_date, end_date, current_module,"
                    " weekdays_mask, start_time, end_time, ue_per_week, max_seats, childcare_places, status, version,"
                    " created_at, updated_at) VALUES ('nonsense', :p, :l, '2026-12-01', '2027-01-01', 1, 1,"
                    " '08:30:00', '12:00:00', 20, 10, 0, 'open', 1, '2026-11-01', '2026-11-01')"
                ),
                {"p": provider_id, "l": location_id},
            )
            session.flush()


def test_sql_errors_never_show_the_statement_values(sqlite_database: OpenDatabase) -> None:
    with sqlite_database.sessions() as session, pytest.raises(IntegrityError) as info:
        session.add(Organisation(name="Geheim Özdemir", kind=OrganisationKind.MBE))
        session.flush()
        session.add(Organisation(name="Geheim Özdemir", kind=OrganisationKind.MBE))
        session.flush()
    assert "Özdemir" not in str(info.value)
    assert "hidden" in str(info.value)


def test_logged_database_errors_carry_no_personal_data(database: OpenDatabase, tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "kim.log"
    configure_logging(log_file)
    try:
        with database.sessions() as session:
            session.add(Organisation(name="Geheim Özdemir", kind=OrganisationKind.MBE))
            session.flush()
            session.add(Organisation(name="Geheim Özdemir", kind=OrganisationKind.MBE))
            session.flush()
    except IntegrityError:
        logging.getLogger("test").exception("unexpected error")
    finally:
        close_logging()
    text = log_file.read_text(encoding="utf-8")
    assert "IntegrityError" in text and "test_database.py" in text
    assert "Özdemir" not in text and "Geheim" not in text


def test_overview_counts_an_empty_database(database: OpenDatabase) -> None:
    with database.sessions() as session:
        overview = database_overview(session)
    assert (overview.people, overview.courses, overview.referrals, overview.organisations) == (0, 0, 0, 0)


def test_sqlite_overwrites_deleted_content(sqlite_database: OpenDatabase) -> None:
    with sqlite_database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
