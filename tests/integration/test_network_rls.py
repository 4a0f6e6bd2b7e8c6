"""Proof by SQL under each partner's own login: no partner reads, changes, deletes or infers another's people."""

from collections.abc import Iterator
from datetime import date

import psycopg
import pytest
from psycopg import errors

from kim_desktop.db.network_policies import FUNCTIONS, PARTNER_TABLES
from kim_desktop.services.people_search import search_people
from kim_desktop.services.referrals import reserve_seat
from tests.integration.network_fixtures import NetworkUnderTest, add_course, add_municipality, add_person, network

pytestmark = pytest.mark.postgres
TODAY = date(2026, 3, 2)


@pytest.fixture(scope="module")
def net() -> Iterator[NetworkUnderTest]:
    with network() as made:
        add_municipality(made)
        made.org["course"] = add_course(made, "vhs", 10, "Integrationskurs Vormittag")
        made.org["rania"] = add_person(made, "jc", "Haddad", "Rania")
        made.org["olena"] = add_person(made, "mbe", "Petrenko", "Olena")
        for partner, person in (("jc", "rania"), ("mbe", "olena")):
            with made.desk(partner) as db, db.sessions() as session:
                reserve_seat(session, made.org[person], made.org["course"], today=TODAY)
        with made.admin() as conn:
            conn.execute("ANALYZE")
        yield made


def rows(conn: psycopg.Connection[tuple[object, ...]], sql: str, *params: object) -> list[tuple[object, ...]]:
    return conn.execute(sql, params).fetchall()


def test_every_table_with_personal_data_has_forced_row_security(net: NetworkUnderTest) -> None:
    with net.admin() as conn:
        secured = dict(
            rows(
                conn,
                "SELECT relname, relrowsecurity AND relforcerowsecurity FROM pg_class WHERE relnamespace = "
                "'public'::regnamespace AND relkind = 'r'",
            )
        )
        person_tables = {
            r[0]
            for r in rows(
                conn,
                "SELECT table_name FROM information_schema.columns WHERE "
                "table_schema = 'public' AND column_name = 'person_id'",
            )
        }
    assert all(secured[table] for table in PARTNER_TABLES)
    assert person_tables <= set(PARTNER_TABLES)  # a new table with people in it must join the list


def test_each_partner_reads_only_its_own_people_and_counts_only_its_own_rows(net: NetworkUnderTest) -> None:
    with net.connect("jc") as jc, net.connect("mbe") as mbe, net.connect("vhs") as vhs:
        assert rows(jc, "SELECT family_name FROM people") == [("Haddad",)]
        assert rows(mbe, "SELECT family_name FROM people") == [("Petrenko",)]
        assert rows(vhs, "SELECT count(*) FROM people") == [(0,)]
        for table in PARTNER_TABLES:
            mine = rows(jc, f"SELECT count(*) FROM {table}")
            assert mine == rows(jc, f"SELECT count(*) FROM {table} WHERE partner_id = %s", net.org["jc"]), table
        assert rows(jc, "SELECT count(*) FROM referrals") == [(1,)]
        assert rows(jc, "SELECT * FROM people WHERE id = %s", net.org["olena"]) == []


def test_the_application_searches_only_its_own_people(net: NetworkUnderTest) -> None:
    with net.desk("jc") as db, db.sessions() as session:
        assert [p.id for p in search_people(session, "")] == [net.org["rania"]]
        assert search_people(session, "Petrenko") == []


def test_other_partners_rows_cannot_be_changed_or_deleted(net: NetworkUnderTest) -> None:
    olena = net.org["olena"]
    with net.connect("jc") as jc:
        assert jc.execute("UPDATE people SET family_name = 'X' WHERE id = %s", (olena,)).rowcount == 0
        assert jc.execute("DELETE FROM people WHERE id = %s", (olena,)).rowcount == 0
        assert jc.execute("DELETE FROM referrals WHERE partner_id <> %s", (net.org["jc"],)).rowcount == 0
    with net.admin() as conn:
        assert rows(conn, "SELECT family_name FROM people WHERE id = %s", olena) == [("Petrenko",)]
        assert rows(conn, "SELECT count(*) FROM referrals WHERE partner_id = %s", net.org["mbe"]) == [(1,)]


def test_rows_claiming_another_partner_are_refused(net: NetworkUnderTest) -> None:
    with net.connect("jc") as jc:
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            jc.execute(
                "INSERT INTO people (family_name, given_names, search_key, sex, nationalities, other_languages, "
                "interpreter_needed, literacy, german_level, fee_exemption, travel_subsidy_requested, needs_childcare, "
                "travel_public_transport, travel_car, travel_on_foot, created_at, updated_at, version, partner_id) "
                "VALUES ('X', 'Y', 'x y', 'unspecified', '', '', false, 'latin', 'none', 'none', false, false, true, "
                "false, false, now(), now(), 1, %s)",
                (net.org["mbe"],),
            )
        with pytest.raises(errors.InsufficientPrivilege):  # no moving an own row to another partner
            jc.execute("UPDATE people SET partner_id = %s", (net.org["mbe"],))
        with pytest.raises(errors.InsufficientPrivilege):  # ids come from the sequence, never typed
            jc.execute(
                "INSERT INTO children (id, person_id, birth_date, needs_care) VALUES (1, %s, '2020-01-01', true)",
                (net.org["rania"],),
            )


def test_keys_tell_nothing_about_other_partners_rows(net: NetworkUnderTest) -> None:
    """The same refusal for another partner's person as for an id nobody has; a duplicate name is no clue."""
    insert = "INSERT INTO children (person_id, birth_date, needs_care) VALUES (%s, '2020-01-01', true)"
    messages = []
    with net.connect("jc") as jc:
        for person in (net.org["olena"], 987654):
            with pytest.raises(errors.ForeignKeyViolation) as caught:
                jc.execute(insert, (person,))
            messages.append((caught.value.diag.constraint_name, caught.value.diag.message_primary))
        assert messages[0] == messages[1]
        with pytest.raises(errors.ForeignKeyViolation):  # an availability slot of another partner's person
            jc.execute(
                "INSERT INTO availability (person_id, weekday, part_of_day) VALUES (%s, 0, 'morning')",
                (net.org["olena"],),
            )
        add = (
            "INSERT INTO advisors (username, display_name, role, active, failed_logins, created_at) "
            "VALUES ('anna', 'A', 'advisor', true, 0, now())"
        )
    with net.connect("mbe") as mbe:
        mbe.execute(add)
    with net.connect("jc") as jc:
        jc.execute(add)  # the same user name at another partner: no "already exists" that would reveal it
        assert rows(jc, "SELECT count(*) FROM advisors WHERE username = 'anna'") == [(1,)]


def test_the_partner_comes_from_the_login_not_from_anything_the_client_sets(net: NetworkUnderTest) -> None:
    with net.connect("jc") as jc:
        me = net.org["jc"]
        assert rows(jc, "SELECT kim_current_partner()") == [(me,)]
        jc.execute("SELECT set_config('kim.partner', %s, false)", (str(net.org["mbe"]),))
        assert rows(jc, "SELECT kim_current_partner()") == [(me,)]
        for sql in (
            f"SET ROLE {net.login['mbe']}",
            f"SET SESSION AUTHORIZATION {net.login['mbe']}",
            "SELECT * FROM network_logins",
            f"INSERT INTO network_logins (login, organisation_id) VALUES ('x', {me})",
            f"UPDATE network_logins SET organisation_id = {net.org['mbe']}",
        ):
            with pytest.raises(errors.InsufficientPrivilege):
                jc.execute(sql)


def test_no_views_functions_temporary_tables_or_statistics_around_the_policies(net: NetworkUnderTest) -> None:
    with net.connect("jc") as jc:
        for sql in (
            "CREATE VIEW everyone AS SELECT * FROM people",
            "CREATE TEMP TABLE t (x int)",
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
            "SELECT last_value FROM people_id_seq",
            "SELECT setval('people_id_seq', 1)",
        ):
            with pytest.raises(errors.InsufficientPrivilege):
                jc.execute(sql)
        assert rows(jc, "SELECT count(*) FROM pg_stats WHERE tablename IN ('people', 'referrals')") == [(0,)]
        callable_functions = {
            r[0]
            for r in rows(
                jc,
                "SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace "
                "AND has_function_privilege(p.oid, 'EXECUTE')",
            )
        }
        assert callable_functions == {f.replace(", ", ",") for f in FUNCTIONS}
        assert rows(jc, "SELECT count(*) FROM pg_views WHERE schemaname = 'public'") == [(0,)]
        with net.connect("mbe") as mbe:  # another partner's statements are not shown in the server's activity
            mbe.execute("SELECT count(*) FROM people WHERE family_name = 'Petrenko'")
            seen = rows(jc, "SELECT query FROM pg_stat_activity WHERE usename = %s", net.login["mbe"])
            assert seen and all("Petrenko" not in str(query) for (query,) in seen)
        assert rows(jc, "SHOW idle_in_transaction_session_timeout") == [("10min",)]
        definer = rows(
            jc,
            "SELECT bool_and(prosecdef AND array_to_string(proconfig, ';') = 'search_path=pg_catalog, pg_temp') "
            "FROM pg_proc "
            "WHERE pronamespace = 'public'::regnamespace",
        )
        assert definer == [(True,)]


def test_seat_tallies_count_every_partner_but_name_nobody(net: NetworkUnderTest) -> None:
    with net.connect("vhs") as vhs:
        result = vhs.execute("SELECT * FROM kim_seat_tallies(%s, NULL)", (TODAY,))
        assert [c.name for c in result.description or []] == [
            "course_id",
            "booked",
            "reserved",
            "active",
            "changed_at",
            "since",
        ]
        assert [r[:4] for r in result.fetchall()] == [(net.org["course"], 0, 2, 2)]


def test_shared_tables_are_read_by_all_and_written_by_their_owner(net: NetworkUnderTest) -> None:
    course = net.org["course"]
    with net.connect("jc") as jc, net.connect("vhs") as vhs:
        assert rows(jc, "SELECT title FROM courses WHERE id = %s", course) == [("Integrationskurs Vormittag",)]
        assert jc.execute("UPDATE courses SET max_seats = 99 WHERE id = %s", (course,)).rowcount == 0
        assert jc.execute("DELETE FROM course_locations").rowcount == 0
        assert jc.execute("UPDATE organisations SET phone = '1' WHERE id = %s", (net.org["vhs"],)).rowcount == 0
        assert jc.execute("UPDATE organisations SET phone = '0541 1' WHERE id = %s", (net.org["jc"],)).rowcount == 1
        assert vhs.execute("UPDATE courses SET max_seats = 12 WHERE id = %s", (course,)).rowcount == 1
        with pytest.raises(errors.InsufficientPrivilege):
            jc.execute(
                "INSERT INTO organisations (name, kind, created_at, updated_at, version) "
                "VALUES ('Fake', 'other', now(), now(), 1)"
            )
        with pytest.raises(errors.InsufficientPrivilege):
            jc.execute("UPDATE municipalities SET name = 'X'")
        assert rows(jc, "SELECT count(*) FROM organisations") == [(3,)]
        (location, town) = vhs.execute("SELECT id, municipality_id FROM course_locations").fetchone() or (0, 0)
        travel = "INSERT INTO travel_times (municipality_id, location_id, minutes) VALUES (%s, %s, 20)"
        with pytest.raises(errors.InsufficientPrivilege):  # travel times to a provider's place: the provider's
            jc.execute(travel, (town, location))
        vhs.execute(travel, (town, location))
        assert rows(jc, "SELECT minutes FROM travel_times") == [(20,)]
        contact = "INSERT INTO contact_persons (organisation_id, name) VALUES (%s, 'Anna Schulz')"
        with pytest.raises(errors.InsufficientPrivilege):
            jc.execute(contact, (net.org["vhs"],))
        jc.execute(contact, (net.org["jc"],))
