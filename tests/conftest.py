"""Shared fixtures: Qt offscreen, a fresh migrated database per test on SQLite and PostgreSQL."""

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

# Set before anything imports Qt: the tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
import sqlalchemy as sa

from kim_desktop.db.engine import make_engine, sqlite_url
from kim_desktop.services.database import OpenDatabase, open_database

POSTGRES_URL = os.environ.get("KIM_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
_counter = itertools.count()


def _postgres_admin() -> sa.Engine | str:
    """An autocommit engine on the test server, or the reason why there is none."""
    try:
        engine = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        return engine
    except Exception as exc:  # any failure means: no usable server here
        return f"PostgreSQL not reachable at {sa.make_url(POSTGRES_URL).render_as_string()}: {exc}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (migrating once is faster)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    open_database(sqlite_url(path), None).close()
    return path


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[tuple[sa.Engine, str]]:
    """A migrated PostgreSQL database used as TEMPLATE for each test's throwaway database."""
    admin = _postgres_admin()
    if isinstance(admin, str):
        pytest.skip(admin)
    name = f"kim_tpl_{os.getpid()}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    open_database(url, None).close()
    yield admin, name
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _fresh_postgres(template: tuple[sa.Engine, str]) -> tuple[str, str]:
    admin, tpl = template
    name = f"kim_t_{os.getpid()}_{next(_counter)}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{tpl}"'))
    return name, sa.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def sqlite_database(tmp_path: Path, sqlite_template: Path) -> Iterator[OpenDatabase]:
    """A fresh, migrated SQLite database in a temporary file."""
    path = tmp_path / "kim.sqlite"
    shutil.copyfile(sqlite_template, path)
    db = open_database(sqlite_url(path), tmp_path / "backups")
    yield db
    db.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OpenDatabase]:
    """A fresh, migrated database: the same test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_database")
        return
    template = request.getfixturevalue("postgres_template")
    name, url = _fresh_postgres(template)
    db = open_database(url, None)
    yield db
    db.close()
    with template[0].connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def empty_sqlite_engine(tmp_path: Path) -> Iterator[sa.Engine]:
    """An engine on an empty SQLite file (for migration tests)."""
    engine = make_engine(sqlite_url(tmp_path / "empty.sqlite"))
    yield engine
    engine.dispose()
