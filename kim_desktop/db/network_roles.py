"""The network's PostgreSQL roles: one group role with the rights, one login per partner (and per person)."""

import re
from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kim_desktop.db.network_policies import (
    DESK_BOOKKEEPING,
    FUNCTIONS,
    OWNED_SHARED,
    PARTNER_TABLES,
    READ_ONLY,
)
from kim_desktop.domain.errors import KimError

DEFAULT_PREFIX = "kim_"
IDLE_IN_TRANSACTION = "10min"  # the server ends a partner's transaction left idle this long
_NAME = re.compile(r"[a-z][a-z0-9_]{0,40}")


def checked_name(name: str) -> str:
    """A role name part as PostgreSQL keeps it unquoted: lower-case letters, digits, underscores."""
    if not _NAME.fullmatch(name):
        raise KimError(f"„{name}“: nur Kleinbuchstaben a-z, Ziffern und _ (am Anfang ein Buchstabe), höchstens 41.")
    return name


def group_role(prefix: str) -> str:
    """The role holding the partners' rights; every partner login is a member."""
    return checked_name(f"{prefix}partner")


def partner_login(prefix: str, short_name: str) -> str:
    """The login of a partner organisation: kim_org_<short name>."""
    return checked_name(f"{prefix}org_{short_name}")


def _columns_except(conn: Connection, table: str, left_out: set[str]) -> str:
    names = [c["name"] for c in sa.inspect(conn).get_columns(table) if c["name"] not in left_out]
    return ", ".join(f'"{n}"' for n in names)


def grant_sql(conn: Connection, database: str, group: str) -> Iterator[str]:
    """Nothing for PUBLIC; the group may connect, read the shared data and work on its own rows."""
    yield f'REVOKE ALL ON DATABASE "{database}" FROM PUBLIC'  # also TEMP: no own temporary functions or tables
    yield f'GRANT CONNECT ON DATABASE "{database}" TO {group}'
    yield "REVOKE CREATE ON SCHEMA public FROM PUBLIC"
    yield f"GRANT USAGE ON SCHEMA public TO {group}"
    yield "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC"
    yield "REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC"
    yield "REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC"
    for table in PARTNER_TABLES:
        # No explicit id and no moving a row to another partner: ids come from the sequence only.
        insert = _columns_except(conn, table, {"id"})
        update = _columns_except(conn, table, {"id", "partner_id"})
        yield f"GRANT SELECT, DELETE, INSERT ({insert}), UPDATE ({update}) ON public.{table} TO {group}"
    for table in OWNED_SHARED:
        yield f"GRANT SELECT, INSERT, UPDATE, DELETE ON public.{table} TO {group}"
    for table in READ_ONLY:
        yield f"GRANT SELECT ON public.{table} TO {group}"
    for table in DESK_BOOKKEEPING:
        yield f"GRANT SELECT, INSERT, UPDATE, DELETE ON public.{table} TO {group}"
    yield f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {group}"
    for function in FUNCTIONS:
        yield f"GRANT EXECUTE ON FUNCTION public.{function} TO {group}"


def role_exists(conn: Connection, role: str) -> bool:
    """Whether the cluster has this role."""
    found = conn.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
    return found is not None


def create_group_sql(group: str) -> str:
    """The group role: no login, no inheritance of anything else."""
    return f"CREATE ROLE {group} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS"


def create_login(conn: Connection, login: str, group: str, password: str) -> None:
    """A login role in the group (its password stored as SCRAM by the server), or a new password for it."""
    quoted = conn.execute(sa.text("SELECT quote_literal(:p)"), {"p": password}).scalar_one()
    verb = "ALTER" if role_exists(conn, login) else "CREATE"
    conn.execute(
        sa.text(
            f"{verb} ROLE {login} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION PASSWORD {quoted}"
        )
    )
    conn.execute(sa.text(f"GRANT {group} TO {login}"))
    # A desk that leaves a transaction open (a crash, a debugger) must not hold a course's lock for long.
    conn.execute(sa.text(f"ALTER ROLE {login} SET idle_in_transaction_session_timeout = '{IDLE_IN_TRANSACTION}'"))


def drop_network(admin: Engine, database: str, prefix: str, logins: list[str]) -> None:
    """Remove a network's database and its roles (tests, benches, tools); `admin` connects with autocommit."""
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        for statement in drop_roles_sql(prefix, logins):
            conn.execute(sa.text(statement))


def drop_roles_sql(prefix: str, logins: list[str]) -> Iterator[str]:
    """Dropping a network's roles (tests, and a failed set-up): the logins, then the group."""
    for login in logins:
        yield f"DROP ROLE IF EXISTS {login}"
    yield f"DROP ROLE IF EXISTS {group_role(prefix)}"
