"""`network init`, `add-partner` and `add-login` from the command line, against a fresh server database."""

import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from kim_desktop.cli import main
from kim_desktop.db.models import Municipality
from kim_desktop.db.network_roles import drop_network
from kim_desktop.services.database import open_database
from kim_desktop.services.network_partners import network_logins
from kim_desktop.services.people import register_person
from kim_desktop.services.people_dto import PersonInput
from tests.conftest import POSTGRES_URL, _postgres_admin

pytestmark = pytest.mark.postgres


@pytest.fixture
def server_db() -> Iterator[tuple[str, str]]:
    admin = _postgres_admin()
    if isinstance(admin, str):
        pytest.skip(admin)
    tag = secrets.token_hex(4)
    name, prefix = f"kimnet_{tag}", f"kc{tag}_"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    yield url, prefix
    logins = list(network_logins(url)) if _is_network(url) else []
    drop_network(admin, name, prefix, logins)
    admin.dispose()


def _is_network(url: str) -> bool:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT to_regclass('network_logins')")).scalar() is not None
    finally:
        engine.dispose()


def _schema(url: str) -> dict[str, list[tuple[object, ...]]]:
    """What the network's set-up made: constraints, policies, row security, functions and the rights on tables."""
    queries = {
        "constraints": "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2",
        "policies": "SELECT tablename, policyname, qual, with_check FROM pg_policies ORDER BY 1, 2",
        "security": "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
        "WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY 1",
        "functions": "SELECT proname, prosrc FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1",
        "rights": "SELECT table_name, grantee, privilege_type FROM information_schema.table_privileges "
        "WHERE table_schema = 'public' ORDER BY 1, 2, 3",
    }
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {name: [tuple(r) for r in conn.execute(sa.text(q))] for name, q in queries.items()}
    finally:
        engine.dispose()


def test_init_add_partner_and_a_personal_login(
    server_db: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, prefix = server_db
    monkeypatch.setenv("KIM_NETWORK_PASSWORD", "Netz-2026")

    def kim(*args: str) -> int:
        return main(["--data-dir", str(tmp_path), "--database-url", url, "network", *args])

    assert kim("init", "--role-prefix", prefix) == 0
    assert kim("add-partner", "--name", "Jobcenter Osnabrück", "--short", "jc", "--kind", "jobcenter") == 0
    assert kim("add-login", "--partner", "jc", "--login", "anna_k", "--person", "Anna Krüger") == 0
    out = capsys.readouterr().out
    assert f"Zugang {prefix}org_jc" in out and f"Zugang {prefix}anna_k" in out
    parsed = sa.make_url(url)
    with psycopg.connect(host=parsed.host, dbname=parsed.database, user=f"{prefix}anna_k") as conn:
        assert conn.execute("SELECT session_user, kim_current_partner()").fetchone() == (f"{prefix}anna_k", 1)
    schema = _schema(url)
    assert kim("init") == 0  # again (the default prefix given): it says what is there and changes nothing
    out = capsys.readouterr().out
    assert (
        f"ist bereits ein Netzwerk (Präfix {prefix}, Gruppenrolle {prefix}partner); Partner: Jobcenter Osnabrück."
        in out
    )
    assert "Daten unverändert; Funktionen, Richtlinien und Rechte erneuert." in out
    assert _schema(url) == schema  # the same keys, constraints, policies and functions, none twice
    with psycopg.connect(host=parsed.host, dbname=parsed.database, user=f"{prefix}anna_k") as conn:
        assert conn.execute("SELECT session_user, kim_current_partner()").fetchone() == (f"{prefix}anna_k", 1)
        assert conn.execute("SELECT count(*) FROM people").fetchone() == (0,)
    assert kim("init", "--office-name", "B", "--office-short", "b", "--office-kind", "mbe") == 2
    assert "bereits ein Netzwerk. Ein Büro mit eigenen Daten kommt mit" in capsys.readouterr().err
    assert kim("add-partner", "--name", "X", "--short", "Bad-Name", "--kind", "mbe") == 2
    assert "Kleinbuchstaben" in capsys.readouterr().err
    assert kim("add-login", "--partner", "nobody", "--login", "x1", "--person", "X") == 2
    assert "gibt es im Netzwerk nicht" in capsys.readouterr().err


def test_init_adopts_an_office_already_on_the_server(
    server_db: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, prefix = server_db
    monkeypatch.setenv("KIM_NETWORK_PASSWORD", "Netz-2026")
    db = open_database(url, None)  # the office's own server database, with a person in it
    try:
        with db.sessions() as session, session.begin():
            town = Municipality(name="Melle", postcodes="49324")
            session.add(town)
            session.flush()
            town_id = town.id
        with db.sessions() as session:
            register_person(session, PersonInput(family_name="Haddad", given_names="Rania", municipality_id=town_id))
    finally:
        db.close()

    def kim(*args: str) -> int:
        return main(["--data-dir", str(tmp_path), "--database-url", url, "network", "init", "--role-prefix", prefix,
                     *args])  # fmt: skip

    assert kim("--office-name", "Integrationsbüro") == 2  # all three or none
    assert "--office-short" in capsys.readouterr().err
    assert kim("--office-name", "Integrationsbüro", "--office-short", "buero", "--office-kind", "kommune") == 0
    out = capsys.readouterr().out
    assert "gehören jetzt „Integrationsbüro“ (Anzahl geprüft)" in out
    assert f"Zugang des Büros: {prefix}org_buero." in out
    parsed = sa.make_url(url)
    with psycopg.connect(host=parsed.host, dbname=parsed.database, user=f"{prefix}org_buero") as conn:
        assert conn.execute("SELECT family_name FROM people").fetchall() == [("Haddad",)]
