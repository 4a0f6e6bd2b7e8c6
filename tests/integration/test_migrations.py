import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kim_desktop.db.base import Base
from kim_desktop.db.engine import make_engine, sqlite_url
from kim_desktop.db.migrate import SCHEMA_HEAD, SCRIPT_LOCATION, alembic_config, head_revision, upgrade_database
from kim_desktop.domain.access import Actor
from kim_desktop.domain.consent_scope import ConsentPurpose, DataCategory, reason_text
from kim_desktop.domain.enums import Role
from kim_desktop.domain.errors import DatabaseTooNew, DatabaseUnavailable
from kim_desktop.services.database import OpenDatabase, open_database
from kim_desktop.services.privacy import (
    count_consents_to_review,
    data_use_refusals,
    list_consents,
    list_consents_to_review,
)
from tests.conftest import POSTGRES_URL, _postgres_admin

ADVISOR = Actor(None, "Anna Krüger", Role.ADVISOR)

EXTRA_REVISION = '''"""test: add a column"""
import sqlalchemy as sa
from alembic import op

revision = "0099"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("test_extra", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("test_extra")
'''


def test_schema_head_constant_matches_alembic() -> None:
    assert head_revision() == SCHEMA_HEAD


def test_migrations_produce_exactly_the_models(database: OpenDatabase) -> None:
    with database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_fresh_database_is_created_at_head(empty_sqlite_engine: sa.Engine, tmp_path: Path) -> None:
    result = upgrade_database(empty_sqlite_engine, tmp_path / "backups")
    assert (result.before, result.after, result.backup) == (None, SCHEMA_HEAD, None)
    assert not (tmp_path / "backups").exists()


def _scripts_with_extra_revision(tmp_path: Path) -> Path:
    scripts = tmp_path / "scripts"
    shutil.copytree(SCRIPT_LOCATION, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "0099_test_extra.py").write_text(EXTRA_REVISION.format(head=SCHEMA_HEAD))
    return scripts


def test_database_of_this_version_is_upgraded_with_a_backup_copy(tmp_path: Path) -> None:
    path = tmp_path / "kim.sqlite"
    open_database(sqlite_url(path), tmp_path / "backups").close()
    engine = make_engine(sqlite_url(path))
    with engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO municipalities (name, postcodes, is_town) VALUES ('Musterau', '49999', false)")
        )

    result = upgrade_database(engine, tmp_path / "backups", script_location=_scripts_with_extra_revision(tmp_path))

    assert (result.before, result.after) == (SCHEMA_HEAD, "0099")
    assert result.backup is not None and result.backup.exists()
    assert result.backup.stat().st_mode & 0o077 == 0
    columns = {c["name"] for c in sa.inspect(engine).get_columns("people")}
    assert "test_extra" in columns
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT name FROM municipalities")).scalar_one() == "Musterau"
    backup_engine = make_engine(sqlite_url(result.backup))
    with backup_engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == SCHEMA_HEAD
        assert conn.execute(sa.text("SELECT name FROM municipalities")).scalar_one() == "Musterau"
    backup_engine.dispose()
    engine.dispose()


def test_database_from_a_newer_version_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "kim.sqlite"
    open_database(sqlite_url(path), None).close()
    engine = make_engine(sqlite_url(path))
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    before = path.read_bytes()

    with pytest.raises(DatabaseTooNew, match="neueren Version"):
        open_database(sqlite_url(path), tmp_path / "backups")

    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    engine = make_engine(sqlite_url(path))
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE something (id INTEGER)"))
    engine.dispose()
    with pytest.raises(DatabaseUnavailable, match="keine KIM-Desktop-Versionsangabe"):
        open_database(sqlite_url(path), None)


def test_an_office_database_at_0004_with_people_is_upgraded(tmp_path: Path) -> None:
    """Upgrading a database that holds data (people in municipalities, locations, travel times) keeps all of it.

    Migration 0005 first rebuilt the municipalities table (batch mode), which failed on such a database because
    people refer to it: only empty test databases had been upgraded.
    """
    from alembic import command

    from kim_desktop.db.migrate import alembic_config

    path = tmp_path / "buero.sqlite"
    engine = make_engine(sqlite_url(path))
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0004")
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO municipalities (id, name, postcodes, is_town) VALUES (1, 'Belm', '', 0)"))
        conn.execute(
            sa.text(
                "INSERT INTO organisations (id, name, kind, created_at, updated_at, version) "
                "VALUES (1, 'VHS', 'kurstraeger', '2026-01-01', '2026-01-01', 1)"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO course_locations (id, provider_id, name, street, postcode, municipality_id, accessible, "
                "childcare_on_site) VALUES (1, 1, 'Haus', 'Markt 1', '49191', 1, 0, 0)"
            )
        )
        conn.execute(sa.text("INSERT INTO travel_times (municipality_id, location_id, minutes) VALUES (1, 1, 20)"))
        conn.execute(
            sa.text(
                "INSERT INTO people (id, family_name, given_names, search_key, sex, municipality_id, nationalities, "
                "other_languages, interpreter_needed, literacy, german_level, fee_exemption, "
                "travel_subsidy_requested, needs_childcare, travel_public_transport, travel_car, travel_on_foot, "
                "created_at, updated_at, version) VALUES (1, 'Nasser', 'Samira', 'nasser samira', 'f', 1, "
                "'', '', 0, 'latin', 'none', 'none', 0, 0, 1, 0, 0, '2026-01-01', '2026-01-01', 1)"
            )
        )
    result = upgrade_database(engine, tmp_path / "backups")
    assert (result.before, result.after) == ("0004", SCHEMA_HEAD)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT municipality_id FROM people")).scalar_one() == 1
        assert conn.execute(sa.text("SELECT minutes FROM travel_times")).scalar_one() == 20
        assert conn.execute(sa.text("SELECT ags, retired FROM municipalities")).one() == (None, 0)
        assert conn.execute(sa.text("PRAGMA foreign_key_check")).all() == []
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database on either backend."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "old.sqlite")
        return
    admin = _postgres_admin()
    if isinstance(admin, str):
        pytest.skip(admin)
    name = f"kim_old_{os.getpid()}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield sa.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


OLD_PERSON = (
    "INSERT INTO people (id, family_name, given_names, search_key, sex, nationalities, other_languages, "
    "interpreter_needed, literacy, german_level, fee_exemption, travel_subsidy_requested, needs_childcare, "
    "travel_public_transport, travel_car, travel_on_foot, version, created_at, updated_at) VALUES "
    "(:id, :family, 'Ole', :family, 'm', '', '', false, 'latin', 'A1', 'none', false, false, true, false, false, 1, "
    "'2026-01-01 09:00:00', '2026-01-01 09:00:00')"
)


def test_consents_from_before_purposes_cover_nothing_until_an_advisor_assigns_one(empty_url: str) -> None:
    """Revision 0006 on a database with free-text consents: kept as typed, no purpose, on the review list."""
    engine = make_engine(empty_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0005")
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO organisations (id, name, kind, version, created_at, updated_at) VALUES "
            "(1, 'VHS Melle', 'kurstraeger', 1, '2026-01-01 09:00:00', '2026-01-01 09:00:00')"
        ))  # fmt: skip
        for person_id, family in ((1, "Brandt"), (2, "Cerny")):
            conn.execute(sa.text(OLD_PERSON), {"id": person_id, "family": family})
        conn.execute(sa.text(
            "INSERT INTO consents (id, person_id, purpose, data_categories, given_on, method, witness, revoked_on) "
            "VALUES (1, 1, 'Anmeldung beim Kursträger', 'Name, Anschrift, Telefon', '2026-01-05', 'signed_form', "
            "NULL, NULL), (2, 2, 'Kita', 'Name', '2026-01-06', 'verbal_witnessed', 'Ben Otte', '2026-02-01')"
        ))  # fmt: skip
        conn.execute(sa.text("INSERT INTO consent_recipients (consent_id, organisation_id) VALUES (1, 1), (2, 1)"))
    engine.dispose()

    db = open_database(empty_url, None)
    try:
        assert db.migration.before == "0005" and db.migration.after == SCHEMA_HEAD
        with db.sessions() as session:
            rows = list_consents(session, ADVISOR, 1) + list_consents(session, ADVISOR, 2)
        assert [(r.purpose, r.data, r.purpose_text, r.data_text, r.recipients) for r in rows] == [
            (None, (), "Anmeldung beim Kursträger", "Name, Anschrift, Telefon", ("VHS Melle",)),
            (None, (), "Kita", "Name", ("VHS Melle",)),
        ]
        assert (rows[1].witness, rows[1].revoked_on) == ("Ben Otte", date(2026, 2, 1))
        with db.sessions() as session, session.begin():
            found = data_use_refusals(
                session, [1], ConsentPurpose.COURSE_REGISTRATION, 1, frozenset({DataCategory.IDENTITY}),
                date(2026, 3, 2),
            )  # fmt: skip
        assert reason_text(found[1]) == "Einwilligung ohne zugeordneten Zweck (Prüfliste): gilt noch für nichts."
        with db.sessions() as session:
            # The revoked one covers nothing whatever its purpose: it needs no review.
            assert [i.person_name for i in list_consents_to_review(session, ADVISOR)] == ["Brandt, Ole"]
        with db.sessions() as session:
            assert count_consents_to_review(session, ADVISOR) == 1
        with db.engine.begin() as conn, pytest.raises(sa.exc.IntegrityError):  # the purpose column is checked
            conn.execute(sa.text("UPDATE consents SET purpose = 'everything' WHERE id = 1"))
    finally:
        db.close()
