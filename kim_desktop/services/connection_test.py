"""The "Verbindung testen" button: reach a database server and say in plain German what is wrong or what is there."""

import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from kim_desktop.db.engine import describe_database
from kim_desktop.db.migrate import SCHEMA_HEAD


@dataclass(frozen=True)
class ConnectionResult:
    """Whether the server answered, and a German message for the settings page."""

    ok: bool
    message: str
    problem: str = ""  # "unreachable", "authentication", "role", "database", "access", "other"; "" when ok


UNREACHABLE = "unreachable"
AUTHENTICATION = "authentication"
ROLE = "role"
DATABASE = "database"
ACCESS = "access"
OTHER = "other"

# SQLSTATEs the server sends (libpq passes none for failures while connecting, so the text is read too).
_BY_SQLSTATE = {"28P01": AUTHENTICATION, "28000": ACCESS, "3D000": DATABASE}
# libpq's English texts and PostgreSQL's German ones (a server with lc_messages = de_DE answers in German).
_BY_TEXT: tuple[tuple[str, str], ...] = (
    (r"password authentication failed|no password supplied|passwort-authentifizierung|kein passwort", AUTHENTICATION),
    (r"role \S+ does not exist|rolle \S+ existiert nicht", ROLE),
    (r"database \S+ does not exist|datenbank \S+ existiert nicht", DATABASE),
    (r"no pg_hba\.conf entry|kein pg_hba\.conf-eintrag", ACCESS),
    (
        r"connection refused|verbindung verweigert|failed to resolve host|could not translate host name|"
        r"name or service not known|nodename nor servname|no such host|temporary failure in name resolution|"
        r"timeout expired|timed out|zeitüberschreitung|network is unreachable|no route to host|"
        r"could not connect|connection to server .* failed",
        UNREACHABLE,
    ),
)


def classify_error(sqlstate: str | None, text: str) -> str:
    """Which kind of problem a failed connection is: by SQLSTATE where the server sent one, else by the text."""
    if sqlstate in _BY_SQLSTATE:
        kind = _BY_SQLSTATE[sqlstate]
        if kind == ACCESS and re.search(r"role \S+ does not exist|rolle \S+ existiert nicht", text, re.IGNORECASE):
            return ROLE
        return kind
    for pattern, kind in _BY_TEXT:
        if re.search(pattern, text, re.IGNORECASE):
            return kind
    return OTHER


def _failure_message(kind: str, url: sa.URL, detail: str) -> str:
    host = f"{url.host or 'localhost'}:{url.port or 5432}"
    messages = {
        UNREACHABLE: (
            f"Der Server {host} ist nicht erreichbar. Bitte Servername (oder IP-Adresse) und Port prüfen und ob der "
            "Server eingeschaltet und PostgreSQL gestartet ist."
        ),
        AUTHENTICATION: (
            f"Anmeldung am Server {host} fehlgeschlagen: Das Passwort für den Benutzer „{url.username or ''}“ ist "
            "falsch (oder fehlt)."
        ),
        ROLE: (
            f"Den Benutzer „{url.username or ''}“ gibt es auf dem Server {host} nicht. Bitte den Benutzernamen prüfen."
        ),
        DATABASE: (
            f"Die Datenbank „{url.database or ''}“ existiert nicht auf dem Server {host}. Bitte den Namen prüfen "
            "oder die Datenbank anlegen lassen (createdb, siehe Handbuch „Datensicherheit“)."
        ),
        ACCESS: (
            f"Der Server {host} lässt den Benutzer „{url.username or ''}“ von diesem Arbeitsplatz aus nicht zu. "
            "Die Technik-Betreuung muss den Zugang in pg_hba.conf freigeben."
        ),
    }
    return messages.get(kind, f"Die Verbindung zum Server {host} ist fehlgeschlagen: {detail}")


def _schema_text(conn: sa.Connection) -> str:
    """What the database holds: the KIM schema and its revision, nothing, or something else."""
    tables = set(sa.inspect(conn).get_table_names())
    if "alembic_version" not in tables:
        if tables:
            return f"Die Datenbank enthält {len(tables)} fremde Tabellen, aber keine KIM-Desktop-Daten."
        return "Die Datenbank ist leer; KIM Desktop legt die Tabellen beim ersten Start (oder beim Übertragen) an."
    revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    people = conn.execute(sa.text("SELECT count(*) FROM people")).scalar() if "people" in tables else 0
    if revision == SCHEMA_HEAD:
        state = "aktuell"
    elif revision is not None and revision < SCHEMA_HEAD:
        state = "wird beim Start aktualisiert"
    else:
        state = "aus einer neueren Version von KIM Desktop – bitte dieses Programm aktualisieren"
    return f"KIM-Desktop-Datenbank vorhanden (Schema {revision}, {state}); {people} Personen gespeichert."


def test_connection(url: str, timeout_s: int = 3) -> ConnectionResult:
    """Connect once (no pool, no migration) and report the server version and the KIM schema, or the problem."""
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        return ConnectionResult(False, "Die Verbindungsangaben sind unvollständig oder fehlerhaft.", OTHER)
    connect_args: dict[str, object] = {}
    if parsed.get_backend_name() == "postgresql":
        connect_args["connect_timeout"] = timeout_s
    engine = sa.create_engine(parsed, poolclass=NullPool, connect_args=connect_args, hide_parameters=True)
    try:
        with engine.connect() as conn:
            version = (
                conn.execute(sa.text("SELECT version()")).scalar() if parsed.get_backend_name() == "postgresql" else ""
            )
            schema = _schema_text(conn)
    except sa.exc.DBAPIError as exc:
        orig = exc.orig
        sqlstate = getattr(orig, "sqlstate", None) or getattr(getattr(orig, "diag", None), "sqlstate", None)
        detail = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
        kind = classify_error(sqlstate, str(orig))
        return ConnectionResult(False, _failure_message(kind, parsed, detail), kind)
    finally:
        engine.dispose()
    server = " ".join(str(version).split()[:2]) if version else describe_database(parsed)
    return ConnectionResult(True, f"Verbindung hergestellt: {server} auf {parsed.host or 'localhost'}. {schema}")
