"""The network's row-level security in SQL: who owns which rows, the policies and the SECURITY DEFINER functions."""

from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from kim_desktop.db.network_handover_sql import HANDOVER_FUNCTIONS, handover_function_sql
from kim_desktop.db.network_provider_sql import PROVIDER_FUNCTIONS, provider_function_sql
from kim_desktop.domain.enums import ReferralState
from kim_desktop.domain.seats import ACTIVE_STATES, BOOKED_STATES

# Every table with personal data: a partner reads and writes only its own rows (partner_id = its organisation).
PARTNER_TABLES = (
    "advisors",
    "people",
    "permissions",
    "availability",
    "children",
    "counselling_sessions",
    "session_topics",
    "follow_ups",
    "referrals",
    "referral_events",
    "waiting_list",
    "consents",
    "consent_recipients",
    "consent_data",
    "issued_documents",
    "audit_events",
    # Outreach (Außentermin): the copy's marker, its journal and the office's record of replayed operations name
    # people in their parameters and outcomes.
    "outreach_copy",
    "outreach_operations",
    "outreach_applied",
    "outreach_decisions",
)
# Shared tables every partner reads and writes only where it owns the row: table -> who owns a row (SQL).
OWNED_SHARED = {
    "organisations": "id",
    "contact_persons": "organisation_id",
    "course_locations": "provider_id",
    "courses": "provider_id",
    "travel_times": "(SELECT l.provider_id FROM public.course_locations l WHERE l.id = location_id)",
}
# Reference tables: read by all partners, written only by the network's administrator.
READ_ONLY = (
    "municipalities", "topics", "course_type_rules", "rules", "alembic_version",
    # The county's timetable (GTFS), the stops chosen for places and the reachability answers: imported and
    # computed by the network's administrator, read by every desk's course lookup.
    "timetable_feeds", "timetable_stops", "timetable_routes", "timetable_services", "timetable_service_days",
    "timetable_trips", "timetable_stop_times", "timetable_transfers", "timetable_stop_links", "timetable_reach",
)  # fmt: skip
# Bookkeeping of the desks' sign-in without personal data in clear (keyed hashes, the key): no row owner yet.
DESK_BOOKKEEPING = ("unknown_sign_ins", "installation_keys")
# The network's own tables (not in the models): logins and settings, read only through the functions below.
NETWORK_TABLES_SQL = (
    """CREATE TABLE IF NOT EXISTS public.network_config (
        key varchar(40) PRIMARY KEY, value varchar(200) NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS public.network_logins (
        login name PRIMARY KEY,
        organisation_id integer NOT NULL REFERENCES public.organisations(id),
        person varchar(200) NOT NULL DEFAULT '',
        created_at timestamp NOT NULL DEFAULT now())""",
)
ME = "(SELECT public.kim_current_partner())"
MIN_DEMAND_CELL = 3  # the smallest count of the network's anonymous demand (as the report's default threshold)
# A definer function runs with the owner's rights: a fixed search_path, so a caller cannot slip in own objects.
_DEFINER = "SECURITY DEFINER SET search_path = pg_catalog, pg_temp"


def _states(states: frozenset[ReferralState]) -> str:
    return ", ".join(f"'{state.value}'" for state in sorted(states))


def function_sql() -> tuple[str, ...]:
    """The functions partners may call: who am I, seat tallies of all partners, the course lock."""
    reserved, booked, active = (
        _states(frozenset({ReferralState.RESERVED})),
        _states(BOOKED_STATES),
        _states(ACTIVE_STATES),
    )
    return (
        # The partner comes from the login (session_user, which SET ROLE does not change), never from a setting.
        f"""CREATE OR REPLACE FUNCTION public.kim_current_partner() RETURNS integer
        LANGUAGE sql STABLE {_DEFINER} AS
        $$ SELECT organisation_id FROM public.network_logins WHERE login = session_user $$""",
        # services/course_seats.py's rule (domain/seats.py) over every partner's referrals: counts, no names.
        f"""CREATE OR REPLACE FUNCTION public.kim_seat_tallies(p_today date, p_course_ids integer[])
        RETURNS TABLE(course_id integer, booked bigint, reserved bigint, active bigint, changed_at timestamp,
                      since bigint)
        LANGUAGE sql STABLE {_DEFINER} AS $$
        SELECT r.course_id,
          coalesce(sum(CASE WHEN r.state IN ({booked}) THEN 1 ELSE 0 END), 0),
          coalesce(sum(CASE WHEN r.state IN ({reserved}) AND r.hold_until IS NOT NULL AND r.hold_until >= p_today
                       THEN 1 ELSE 0 END), 0),
          coalesce(sum(CASE WHEN r.state IN ({active}) THEN 1 ELSE 0 END), 0),
          max(r.updated_at),
          coalesce(sum(CASE WHEN r.state IN ({booked}) AND c.booked_reported_at IS NOT NULL
                       AND (r.registered_on IS NULL OR r.registered_on >= date(c.booked_reported_at))
                       THEN 1 ELSE 0 END), 0)
        FROM public.referrals r JOIN public.courses c ON c.id = r.course_id
        WHERE p_course_ids IS NULL OR r.course_id = ANY(p_course_ids)
        GROUP BY r.course_id $$""",
        # Serialises the partners' writers on one course (the row lock services/referrals.py takes in one office);
        # a partner may not lock another's course row itself (FOR UPDATE needs the owner's UPDATE policy).
        f"""CREATE OR REPLACE FUNCTION public.kim_lock_course(p_course_id integer) RETURNS boolean
        LANGUAGE plpgsql VOLATILE {_DEFINER} AS $$
        BEGIN
          PERFORM 1 FROM public.courses WHERE id = p_course_id FOR UPDATE;
          RETURN FOUND;
        END $$""",
        # Anonymous demand of the whole network: open waiting-list entries counted by course type and place,
        # never a cell smaller than the report's threshold (3 at least, whatever the caller asks for).
        f"""CREATE OR REPLACE FUNCTION public.kim_network_demand(p_min integer)
        RETURNS TABLE(course_type varchar, municipality_id integer, childcare_needed boolean, waiting bigint)
        LANGUAGE sql STABLE {_DEFINER} AS $$
        SELECT w.course_type, w.municipality_id, w.childcare_needed, count(*)
        FROM public.waiting_list w WHERE w.status = 'open'
        GROUP BY w.course_type, w.municipality_id, w.childcare_needed
        HAVING count(*) >= greatest(p_min, {MIN_DEMAND_CELL})
        ORDER BY w.course_type, w.municipality_id, w.childcare_needed $$""",
        # The network's partners (organisations with a login): whom a desk may hand a person over to.
        f"""CREATE OR REPLACE FUNCTION public.kim_network_partners() RETURNS SETOF integer
        LANGUAGE sql STABLE {_DEFINER} AS
        $$ SELECT DISTINCT organisation_id FROM public.network_logins ORDER BY 1 $$""",
        *provider_function_sql(),
        *handover_function_sql(),
    )


FUNCTIONS = (
    "kim_current_partner()",
    "kim_seat_tallies(date, integer[])",
    "kim_lock_course(integer)",
    "kim_network_demand(integer)",
    "kim_network_partners()",
    *PROVIDER_FUNCTIONS,
    *HANDOVER_FUNCTIONS,
)


def partner_policy_sql(table: str) -> Iterator[str]:
    """Row-level security on a table with personal data: own rows only, for the owner of the table too."""
    yield f"ALTER TABLE public.{table} ENABLE ROW LEVEL SECURITY"
    yield f"ALTER TABLE public.{table} FORCE ROW LEVEL SECURITY"
    yield f"DROP POLICY IF EXISTS kim_own_rows ON public.{table}"
    yield (f"CREATE POLICY kim_own_rows ON public.{table} USING (partner_id = {ME}) WITH CHECK (partner_id = {ME})")
    yield f"ALTER TABLE public.{table} ALTER COLUMN partner_id SET DEFAULT public.kim_current_partner()"
    yield f"ALTER TABLE public.{table} ALTER COLUMN partner_id SET NOT NULL"
    yield f"ALTER TABLE public.{table} DROP CONSTRAINT IF EXISTS fk_{table}_partner_id_organisations"  # a rerun
    yield (
        f"ALTER TABLE public.{table} ADD CONSTRAINT fk_{table}_partner_id_organisations "
        "FOREIGN KEY (partner_id) REFERENCES public.organisations(id)"
    )


def shared_policy_sql(table: str, owner: str) -> Iterator[str]:
    """Row-level security on a shared table: everybody reads, the owning partner writes."""
    yield f"ALTER TABLE public.{table} ENABLE ROW LEVEL SECURITY"
    yield f"ALTER TABLE public.{table} FORCE ROW LEVEL SECURITY"
    for name in ("kim_read", "kim_insert", "kim_update", "kim_delete"):
        yield f"DROP POLICY IF EXISTS {name} ON public.{table}"
    yield f"CREATE POLICY kim_read ON public.{table} FOR SELECT USING (true)"
    yield f"CREATE POLICY kim_insert ON public.{table} FOR INSERT WITH CHECK ({owner} = {ME})"
    yield f"CREATE POLICY kim_update ON public.{table} FOR UPDATE USING ({owner} = {ME}) WITH CHECK ({owner} = {ME})"
    yield f"CREATE POLICY kim_delete ON public.{table} FOR DELETE USING ({owner} = {ME})"


def _on_delete(action: str | None, columns: list[str]) -> str:
    if action is None or action.upper() == "NO ACTION":
        return ""
    if action.upper() == "SET NULL":  # only the reference is emptied; the row keeps its partner (PostgreSQL 15)
        return f" ON DELETE SET NULL ({', '.join(columns)})"
    return f" ON DELETE {action.upper()}"


def unsecured_tables(conn: Connection) -> tuple[str, ...]:
    """The tables with personal data whose keys and policies are not yet the network's (partner_id still optional).

    All of them on a fresh database; on a network, only a table a newer version brought (`network init` again).
    """
    inspector = sa.inspect(conn)
    return tuple(
        table
        for table in PARTNER_TABLES
        if next(c for c in inspector.get_columns(table) if c["name"] == "partner_id")["nullable"]
    )


def key_hardening_sql(conn: Connection, tables: tuple[str, ...] = PARTNER_TABLES) -> Iterator[str]:
    """Keys that cannot tell one partner about another's rows (for `tables`: each table is hardened once).

    A foreign key is checked without row-level security, so `INSERT ... person_id = 17` would answer whether
    person 17 exists at some partner. Every reference between tables with personal data becomes a composite key
    (id, partner_id): it finds only the own partner's rows. Unique constraints and composite primary keys get the
    partner too, so a duplicate tells nothing about other partners' rows.
    """
    inspector = sa.inspect(conn)
    unique_made: set[tuple[str, tuple[str, ...]]] = {
        (target, tuple(u["column_names"][:-1]))
        for target in PARTNER_TABLES
        if target not in tables
        for u in inspector.get_unique_constraints(target)
        if str(u["name"]).endswith("_partner")
    }
    statements: list[str] = []
    for table in tables:
        pk = inspector.get_pk_constraint(table)
        if pk["constrained_columns"] != ["id"]:
            columns = ", ".join([*pk["constrained_columns"], "partner_id"])
            statements.append(f"ALTER TABLE public.{table} DROP CONSTRAINT {pk['name']}")
            statements.append(f"ALTER TABLE public.{table} ADD CONSTRAINT {pk['name']} PRIMARY KEY ({columns})")
        for unique in inspector.get_unique_constraints(table):
            columns = ", ".join([*unique["column_names"], "partner_id"])
            statements.append(f"ALTER TABLE public.{table} DROP CONSTRAINT {unique['name']}")
            statements.append(f"ALTER TABLE public.{table} ADD CONSTRAINT {unique['name']} UNIQUE ({columns})")
    for table in tables:
        for fk in inspector.get_foreign_keys(table):
            target = fk["referred_table"]
            if target not in PARTNER_TABLES:
                continue
            referred = tuple(fk["referred_columns"])
            if (target, referred) not in unique_made:
                unique_made.add((target, referred))
                statements.append(
                    f"ALTER TABLE public.{target} ADD CONSTRAINT uq_{target}_{'_'.join(referred)}_partner "
                    f"UNIQUE ({', '.join(referred)}, partner_id)"
                )
            own = list(fk["constrained_columns"])
            action = _on_delete(fk.get("options", {}).get("ondelete"), own)
            statements.append(f"ALTER TABLE public.{table} DROP CONSTRAINT {fk['name']}")
            statements.append(
                f"ALTER TABLE public.{table} ADD CONSTRAINT {fk['name']} FOREIGN KEY ({', '.join(own)}, "
                f"partner_id) REFERENCES public.{target} ({', '.join(referred)}, partner_id){action}"
            )
    return iter(statements)
