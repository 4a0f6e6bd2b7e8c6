"""Setting up the network on one PostgreSQL: schema, roles, row-level security; adding partners and their logins."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kim_desktop.db.engine import make_engine
from kim_desktop.db.network_policies import (
    NETWORK_TABLES_SQL,
    OWNED_SHARED,
    PARTNER_TABLES,
    function_sql,
    key_hardening_sql,
    partner_policy_sql,
    shared_policy_sql,
    unsecured_tables,
)
from kim_desktop.db.network_roles import (
    DEFAULT_PREFIX,
    checked_name,
    create_group_sql,
    create_login,
    grant_sql,
    group_role,
    partner_login,
    role_exists,
)
from kim_desktop.domain.enums import OrganisationKind
from kim_desktop.domain.errors import KimError
from kim_desktop.domain.text import N_, Text

ALREADY_A_NETWORK = Text(
    N_(
        "Diese Datenbank ist bereits ein Netzwerk. Ein Büro mit eigenen Daten kommt mit "
        "„network add-partner … --move-data-from URL“ dazu."
    )
)


class NetworkRefused(KimError):  # noqa: N818 - reads like the other KimErrors
    """The network cannot be set up or changed this way; says why."""


@dataclass(frozen=True)
class OfficeData:
    """The office whose data the database already holds: it becomes this partner of the network."""

    name: str
    short_name: str
    kind: OrganisationKind


@dataclass(frozen=True)
class NetworkSetUp:
    """What `network init` made: the database, the group role, the role prefix, the adopted office's rows."""

    database: str
    group: str
    prefix: str
    office_id: int | None = None
    adopted: tuple[tuple[str, int], ...] = ()  # table, rows now the office's (verified: every row of the table)
    already: bool = False  # the database was a network before: nothing set up anew, the rules renewed
    partners: tuple[str, ...] = ()  # on a network already: its partners (organisations with a login)
    newly_secured: tuple[str, ...] = ()  # tables with personal data that got the network's keys only now


@dataclass(frozen=True)
class PartnerLogin:
    """A partner organisation and the login its desks connect with."""

    organisation_id: int
    name: str
    login: str
    created: bool


def admin_engine(url: str) -> sa.Engine:
    """An engine with the administrator's URL; a network needs PostgreSQL."""
    engine = make_engine(url)
    if engine.dialect.name != "postgresql":
        engine.dispose()
        raise NetworkRefused(Text(N_("Ein Netzwerk braucht einen PostgreSQL-Server, keine Datei.")))
    return engine


def _require_administrator(conn: Connection) -> None:
    row = conn.execute(
        sa.text("SELECT rolsuper OR rolbypassrls, rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
    ).one()
    if not (row[0] and row[1]):
        raise NetworkRefused(
            Text(
                N_(
                    "Das Netzwerk wird mit dem Verwalter-Zugang des Servers eingerichtet (Rechte BYPASSRLS und "
                    "CREATEROLE, z. B. postgres); „{user}“ hat sie nicht."
                ),
                user=conn.execute(sa.text("SELECT current_user")).scalar_one(),
            )
        )


def network_prefix(conn: Connection) -> str | None:
    """The role prefix of an initialised network, or None when the database is not (yet) a network."""
    if conn.execute(sa.text("SELECT to_regclass('public.network_config')")).scalar_one() is None:
        return None
    found = conn.execute(sa.text("SELECT value FROM public.network_config WHERE key = 'prefix'")).scalar_one_or_none()
    return str(found) if found is not None else None


def is_network(url: str) -> bool:
    """Whether the database (administrator's URL) is set up as a network already."""
    engine = admin_engine(url)
    try:
        with engine.connect() as conn:
            return network_prefix(conn) is not None
    finally:
        engine.dispose()


def _unassigned_rows(conn: Connection) -> list[str]:
    return [
        table
        for table in PARTNER_TABLES
        if conn.execute(sa.text(f"SELECT 1 FROM public.{table} WHERE partner_id IS NULL LIMIT 1")).first()
    ]


def _adopt(conn: Connection, office: OfficeData) -> tuple[int, tuple[tuple[str, int], ...]]:
    """Every row with personal data becomes the office's; the counts are checked table by table."""
    org_id, _created = _organisation(conn, office.name, office.short_name, office.kind)
    counts = []
    for table in PARTNER_TABLES:
        before = int(conn.execute(sa.text(f"SELECT count(*) FROM public.{table}")).scalar_one())
        conn.execute(sa.text(f"UPDATE public.{table} SET partner_id = :o WHERE partner_id IS NULL"), {"o": org_id})
        mine = conn.execute(sa.text(f"SELECT count(*) FROM public.{table} WHERE partner_id = :o"), {"o": org_id})
        after = int(mine.scalar_one())
        if after != before:
            message = N_("Übernahme nicht bestätigt: {table} hat {before} Zeilen, dem Büro gehören {after}.")
            raise NetworkRefused(Text(message, table=table, before=before, after=after))
        counts.append((table, after))
    return org_id, tuple(counts)


def _partner_names(conn: Connection) -> tuple[str, ...]:
    rows = conn.execute(
        sa.text(
            "SELECT DISTINCT o.name FROM public.network_logins l JOIN public.organisations o "
            "ON o.id = l.organisation_id ORDER BY o.name"
        )
    )
    return tuple(str(name) for (name,) in rows)


def _secure(conn: Connection, database: str, group: str) -> tuple[str, ...]:
    """Functions, keys, policies and rights, all re-runnable; keys are hardened once per table (returns those)."""
    unassigned = _unassigned_rows(conn)
    if unassigned:
        raise NetworkRefused(
            Text(
                N_(
                    "Die Datenbank enthält schon Daten ohne Partner ({tables}). Bitte angeben, welchem "
                    "Partner sie gehören (--office-name, --office-short, --office-kind)."
                ),
                tables=", ".join(unassigned),
            )
        )
    for statement in function_sql():
        conn.execute(sa.text(statement))
    new_tables = unsecured_tables(conn)
    for statement in list(key_hardening_sql(conn, new_tables)):
        conn.execute(sa.text(statement))
    for table in PARTNER_TABLES:
        for statement in partner_policy_sql(table):
            conn.execute(sa.text(statement))
    for table, owner in OWNED_SHARED.items():
        for statement in shared_policy_sql(table, owner):
            conn.execute(sa.text(statement))
    if not role_exists(conn, group):
        conn.execute(sa.text(create_group_sql(group)))
    for statement in list(grant_sql(conn, database, group)):
        conn.execute(sa.text(statement))
    return new_tables


def init_network(url: str, prefix: str = DEFAULT_PREFIX, office: OfficeData | None = None) -> NetworkSetUp:
    """Prepare a PostgreSQL database for the network: schema, group role, policies, rights, functions.

    Connect as the server's administrator. All or nothing: one transaction (roles are transactional too).
    A database that already holds one office's data (its own server, or a local file moved there with
    `migrate-to`) is set up only with `office`: all its rows become that partner's, verified by counts.
    Run again on a network, it changes no data: it says what is there and renews the functions, policies and
    rights (a newer version's, with keys for a table it brought); the prefix stays the one set up first.
    """
    from kim_desktop.services.database import open_database

    checked_name(prefix.rstrip("_") or "x")
    open_database(url, None).close()  # the schema at the newest revision, the reference data
    engine = admin_engine(url)
    try:
        with engine.begin() as conn:
            _require_administrator(conn)
            database = str(conn.execute(sa.text("SELECT current_database()")).scalar_one())
            existing = network_prefix(conn)
            if existing is not None:
                if office is not None:
                    raise NetworkRefused(ALREADY_A_NETWORK)
                renewed = _secure(conn, database, group_role(existing))
                return NetworkSetUp(
                    database, group_role(existing), existing, already=True, partners=_partner_names(conn),
                    newly_secured=renewed,
                )  # fmt: skip
            group = group_role(prefix)
            office_id, adopted = _adopt(conn, office) if office is not None else (None, ())
            for statement in NETWORK_TABLES_SQL:
                conn.execute(sa.text(statement))
            conn.execute(sa.text("INSERT INTO public.network_config VALUES ('prefix', :p)"), {"p": prefix})
            _secure(conn, database, group)
    finally:
        engine.dispose()
    return NetworkSetUp(database, group, prefix, office_id, adopted)


def _organisation(conn: Connection, name: str, short_name: str, kind: OrganisationKind) -> tuple[int, bool]:
    found = conn.execute(sa.text("SELECT id FROM public.organisations WHERE name = :n"), {"n": name}).scalar()
    if found is not None:
        return int(found), False
    new_id = conn.execute(
        sa.text(
            "INSERT INTO public.organisations (name, short_name, kind, created_at, updated_at, version) "
            "VALUES (:n, :s, :k, now(), now(), 1) RETURNING id"
        ),
        {"n": name, "s": short_name, "k": kind.value},
    ).scalar_one()
    return int(new_id), True


def _ready_network(conn: Connection) -> str:
    _require_administrator(conn)
    prefix = network_prefix(conn)
    if prefix is None:
        raise NetworkRefused(Text(N_("Die Datenbank ist kein Netzwerk: zuerst „network init“ ausführen.")))
    return prefix


def add_partner(url: str, name: str, short_name: str, kind: OrganisationKind, password: str) -> PartnerLogin:
    """Add a partner organisation (or take the one of that name) and its login kim_org_<short name>."""
    engine = admin_engine(url)
    try:
        with engine.begin() as conn:
            return add_partner_on(conn, name, short_name, kind, password)
    finally:
        engine.dispose()


def add_partner_on(conn: Connection, name: str, short_name: str, kind: OrganisationKind, password: str) -> PartnerLogin:
    """add_partner in the caller's transaction (the administrator's connection)."""
    if not name.strip() or not password:
        raise NetworkRefused(Text(N_("Name und Passwort des Partners dürfen nicht leer sein.")))
    prefix = _ready_network(conn)
    login = partner_login(prefix, short_name)
    org_id, created = _organisation(conn, name.strip(), short_name, kind)
    _map_login(conn, login, org_id, name.strip())
    create_login(conn, login, group_role(prefix), password)
    return PartnerLogin(org_id, name.strip(), login, created)


def _map_login(conn: Connection, login: str, org_id: int, person: str) -> None:
    mapped = conn.execute(
        sa.text("SELECT organisation_id FROM public.network_logins WHERE login = :l"), {"l": login}
    ).scalar()
    if mapped is not None and int(mapped) != org_id:
        raise NetworkRefused(Text(N_("Der Zugang {login} gehört schon einem anderen Partner."), login=login))
    if mapped is None:
        conn.execute(
            sa.text("INSERT INTO public.network_logins (login, organisation_id, person) VALUES (:l, :o, :p)"),
            {"l": login, "o": org_id, "p": person},
        )


def add_person_login(url: str, partner_short_name: str, login: str, person: str, password: str) -> PartnerLogin:
    """A login of one person at a partner: the server's log names the person, the rows are the partner's."""
    if not password:
        raise NetworkRefused(Text(N_("Das Passwort darf nicht leer sein.")))
    engine = admin_engine(url)
    try:
        with engine.begin() as conn:
            prefix = _ready_network(conn)
            org = conn.execute(
                sa.text("SELECT organisation_id FROM public.network_logins WHERE login = :l"),
                {"l": partner_login(prefix, partner_short_name)},
            ).scalar()
            if org is None:
                raise NetworkRefused(
                    Text(N_("Den Partner „{short}“ gibt es im Netzwerk nicht."), short=partner_short_name)
                )
            role = checked_name(f"{prefix}{login}")
            _map_login(conn, role, int(org), person)
            create_login(conn, role, group_role(prefix), password)
            name = conn.execute(sa.text("SELECT name FROM public.organisations WHERE id = :o"), {"o": org}).scalar_one()
    finally:
        engine.dispose()
    return PartnerLogin(int(org), str(name), role, False)


def network_logins(url: str) -> dict[str, int]:
    """Every login of the network and its partner organisation (for the administrator and tests)."""
    engine = admin_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT login, organisation_id FROM public.network_logins")).all()
    finally:
        engine.dispose()
    return {str(login): int(org) for login, org in rows}
