"""The connection test of Einstellungen → Datenbank against the real local PostgreSQL server."""

import pytest
import sqlalchemy as sa

from kim_desktop.db.migrate import SCHEMA_HEAD
from kim_desktop.services import connection_test
from kim_desktop.services.connection_test import classify_error
from kim_desktop.services.database import OpenDatabase
from tests.conftest import POSTGRES_URL

pytestmark = pytest.mark.postgres


def _url(**parts: object) -> str:
    return sa.make_url(POSTGRES_URL).set(**parts).render_as_string(hide_password=False)


@pytest.fixture(autouse=True)
def _server_here(postgres_template: object) -> None:
    """Skip (like the database fixture) when no PostgreSQL server runs here."""


def test_success_names_the_server_version_and_an_empty_database() -> None:
    result = connection_test.test_connection(_url())
    assert result.ok, result.message
    assert "Verbindung hergestellt: PostgreSQL" in result.message


def test_success_names_the_kim_schema_revision(database: OpenDatabase) -> None:
    if database.engine.dialect.name != "postgresql":
        pytest.skip("the server case")
    result = connection_test.test_connection(database.url)
    assert result.ok
    assert f"KIM-Desktop-Datenbank vorhanden (Schema {SCHEMA_HEAD}, aktuell)" in result.message


def test_missing_database_is_named() -> None:
    result = connection_test.test_connection(_url(database="kim_gibt_es_nicht"))
    assert (result.ok, result.problem) == (False, "database")
    assert "Die Datenbank „kim_gibt_es_nicht“ existiert nicht" in result.message


def test_closed_port_is_unreachable() -> None:
    result = connection_test.test_connection(_url(port=1), timeout_s=2)
    assert (result.ok, result.problem) == (False, "unreachable")
    assert "127.0.0.1:1 ist nicht erreichbar" in result.message


def test_unknown_user_is_named() -> None:
    result = connection_test.test_connection(_url(username="kim_niemand"))
    assert (result.ok, result.problem) == (False, "role")
    assert "Den Benutzer „kim_niemand“ gibt es auf dem Server" in result.message


@pytest.mark.parametrize(
    ("sqlstate", "text", "kind"),
    [
        ("28P01", "", "authentication"),
        (None, 'FATAL:  password authentication failed for user "kim"', "authentication"),
        (None, "fe_sendauth: no password supplied", "authentication"),
        (None, "FATAL:  Passwort-Authentifizierung für Benutzer »kim« fehlgeschlagen", "authentication"),
        ("28000", 'FATAL:  role "kim" does not exist', "role"),
        ("28000", 'FATAL:  no pg_hba.conf entry for host "10.0.0.5"', "access"),
        ("3D000", "", "database"),
        (None, "FATAL:  Datenbank »kim« existiert nicht", "database"),
        (None, "failed to resolve host 'srv': [Errno -2] Name or service not known", "unreachable"),
        (None, 'could not translate host name "srv" to address', "unreachable"),
        (None, 'connection to server at "10.0.0.9", port 5432 failed: timeout expired', "unreachable"),
        (None, "something else entirely", "other"),
    ],
)
def test_errors_are_classified_by_sqlstate_and_text(sqlstate: str | None, text: str, kind: str) -> None:
    assert classify_error(sqlstate, text) == kind
