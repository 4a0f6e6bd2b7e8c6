"""A second office with data of its own joins a running network: new ids, references kept, counted per table."""

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from kim_desktop.cli import main
from kim_desktop.db.network_policies import PARTNER_TABLES
from kim_desktop.domain.enums import Channel, OrganisationKind, ReferralState, Role
from kim_desktop.domain.errors import KimError
from kim_desktop.services.accounts import AccountInput, create_first_admin, sign_in
from kim_desktop.services.case_file import get_case_file
from kim_desktop.services.counselling import record_session
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.network_join import LEFT_OUT, join_network
from kim_desktop.services.network_partners import init_network
from kim_desktop.services.people_dto import SessionInput
from kim_desktop.services.people_search import search_people
from kim_desktop.services.referral_dto import ReferralFilter
from kim_desktop.services.referrals import get_referral, list_referrals, reserve_seat
from tests.integration.network_fixtures import (
    PASSWORD,
    NetworkUnderTest,
    add_course,
    add_municipality,
    add_person,
    network,
)
from tests.integration.referral_setup import TODAY, add_consent, build_network

pytestmark = pytest.mark.postgres
NOW = datetime(2026, 3, 2, 9)
ACCOUNT_PASSWORD = "Buero-Melle-2026"


@pytest.fixture
def net() -> Iterator[NetworkUnderTest]:
    """A running network: partners with people, a course and a hold (ids 1, 2, … are taken)."""
    with network() as made:
        add_municipality(made)
        made.org["course"] = add_course(made, "vhs", 10, "Integrationskurs Vormittag")
        for family, given in (("Haddad", "Rania"), ("Bekele", "Tesfaye"), ("Petrenko", "Olena"), ("Ali", "Omar")):
            made.org[given] = add_person(made, "jc", family, given)
        with made.desk("jc") as db, db.sessions() as session:
            reserve_seat(session, made.org["Rania"], made.org["course"], today=TODAY)
        yield made


@pytest.fixture
def office(sqlite_database: OpenDatabase) -> OpenDatabase:
    """The second office's own local database: an account, people, sessions, a consent, a hold, its audit trail."""
    world = build_network(sqlite_database)
    with sqlite_database.sessions() as session:
        admin = create_first_admin(session, AccountInput("leitung", "Leitung Melle", Role.ADMIN, ACCOUNT_PASSWORD), NOW)
    add_consent(sqlite_database, world.rania, [world.provider])
    with sqlite_database.sessions() as session:
        data = SessionInput(world.rania, NOW, Channel.IN_PERSON, notes="Sucht Abendkurs.")
        record_session(session, data, actor=admin, now=NOW)
    with sqlite_database.sessions() as session:
        reserve_seat(session, world.tesfaye, world.course, actor=admin, today=TODAY)
    return sqlite_database


def _query(url: str, sql: str) -> list[sa.Row[tuple[object, ...]]]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(sa.text(sql)))
    finally:
        engine.dispose()


def _counts(url: str, tables: tuple[str, ...] = PARTNER_TABLES) -> dict[str, int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {t: int(conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in tables}
    finally:
        engine.dispose()


def test_an_office_with_data_joins_a_running_network(net: NetworkUnderTest, office: OpenDatabase) -> None:
    local = {t: n for t, n in _counts(office.url).items() if t not in LEFT_OUT}
    office.close()
    before = _counts(net.admin_url)
    made = join_network(net.admin_url, office.url, "Integrationsbüro Melle", "melle", OrganisationKind.KOMMUNE,
                        PASSWORD)  # fmt: skip
    assert dict(made.moved) == local and local["people"] == 3 and local["referrals"] == 1 and local["audit_events"]
    net.login["melle"], net.org["melle"] = made.partner.login, made.partner.organisation_id
    after = _counts(net.admin_url)
    assert {t: after[t] - before[t] for t in local} == local  # every row added once, nothing of the others touched
    assert _counts(net.url("melle")) == {**local, **dict.fromkeys(LEFT_OUT, 0)}  # all the new partner's, RLS-wise
    assert _counts(net.url("jc"))["people"] == 4  # and the Jobcenter sees only its own, as before
    shared = {table: (found, added) for table, found, added in made.shared}
    assert shared["municipalities"] == (1, 0)  # Melle is in the network already: found by name, not doubled
    assert shared["courses"][1] == 1  # the office's course was not in the catalogue: added under its provider
    with net.desk("melle") as db:
        with db.sessions() as session:  # the office's staff sign in with their own accounts and passwords
            actor = sign_in(session, "leitung", ACCOUNT_PASSWORD, NOW)
        with db.sessions() as session:
            found = search_people(session, "Haddad", actor=actor)
        assert [(p.family_name, p.given_names) for p in found] == [("Haddad", "Rania")]
        assert found[0].id > max(net.org[name] for name in ("Rania", "Tesfaye", "Olena", "Omar"))  # a new number
        with db.sessions() as session:
            case = get_case_file(session, found[0].id, actor=actor)
        assert [str(e.text) for e in case.timeline if e.kind == "session"] == ["Sucht Abendkurs."]
        with db.sessions() as session:  # the hold's course is the network's, with the office's own provider
            held = list_referrals(session, ReferralFilter(), TODAY, actor=actor)
        assert [(r.person_name, r.state, r.provider) for r in held] == [
            ("Abebe, Tesfaye", ReferralState.RESERVED, "Volkshochschule Melle")
        ]
        with db.sessions() as session:
            assert get_referral(session, held[0].id, actor=actor).row.course_id != net.org["course"]
    ids = _query(net.admin_url, "SELECT id, partner_id FROM people ORDER BY id")  # no number is used twice
    assert len({i for i, _p in ids}) == len(ids) == 7
    assert [p for _i, p in ids].count(net.org["melle"]) == 3


def test_the_same_office_is_not_moved_in_twice(net: NetworkUnderTest, office: OpenDatabase) -> None:
    office.close()
    join_network(net.admin_url, office.url, "Integrationsbüro Melle", "melle", OrganisationKind.KOMMUNE, PASSWORD)
    before = _counts(net.admin_url)
    with pytest.raises(KimError, match="schon Personen"):
        join_network(net.admin_url, office.url, "Integrationsbüro Melle", "melle", OrganisationKind.KOMMUNE, PASSWORD)
    assert _counts(net.admin_url) == before  # all or nothing


def test_from_the_command_line(
    net: NetworkUnderTest, office: OpenDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    office.close()
    monkeypatch.setenv("KIM_NETWORK_PASSWORD", PASSWORD)
    partner = ["--name", "Integrationsbüro Melle", "--short", "melle", "--kind", "kommune"]
    where = ["--data-dir", str(tmp_path), "--database-url", net.admin_url]
    code = main([*where, "network", "add-partner", *partner, "--move-data-from", office.url])
    assert code == 0
    out = capsys.readouterr().out
    assert f"Zugang {net.prefix}org_melle" in out
    assert "gehören jetzt „Integrationsbüro Melle“ (neue Nummern, Anzahl je Tabelle geprüft)" in out
    assert "  people: 3" in out and "  municipalities: 1 im Netzwerk gefunden, 0 neu" in out


def test_init_again_secures_a_table_a_newer_version_brought(net: NetworkUnderTest) -> None:
    statements = (  # as a table with personal data that an update brings is before `network init` runs again
        "ALTER TABLE outreach_copy DISABLE ROW LEVEL SECURITY",
        "DROP POLICY kim_own_rows ON outreach_copy",
        "ALTER TABLE outreach_copy DROP CONSTRAINT fk_outreach_copy_partner_id_organisations",
        "ALTER TABLE outreach_copy ALTER COLUMN partner_id DROP NOT NULL",
        "ALTER TABLE outreach_copy DROP CONSTRAINT uq_outreach_copy_copy_id",
        "ALTER TABLE outreach_copy ADD CONSTRAINT uq_outreach_copy_copy_id UNIQUE (copy_id)",
    )
    with net.admin() as admin:
        for statement in statements:
            admin.execute(statement)
    again = init_network(net.admin_url, net.prefix)
    assert again.already and again.newly_secured == ("outreach_copy",)
    assert again.partners == ("Jobcenter Osnabrück", "Migrationsberatung Caritas", "VHS Osnabrück")
    [(unique,)] = _query(net.admin_url, "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                                        "WHERE conname = 'uq_outreach_copy_copy_id'")  # fmt: skip
    [(secured,)] = _query(net.admin_url, "SELECT relrowsecurity FROM pg_class WHERE relname = 'outreach_copy'")
    assert unique == "UNIQUE (copy_id, partner_id)" and secured is True
    assert init_network(net.admin_url, net.prefix).newly_secured == ()  # and only once


def test_a_laptop_copy_or_unsynced_outreach_is_refused(net: NetworkUnderTest, office: OpenDatabase) -> None:
    with office.engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO outreach_copy (copy_id, office, laptop, taken_at, expires_at, municipality_ids) "
                    "VALUES ('c1', 'Melle', 'laptop', :t, :t, '')"),
            {"t": NOW.isoformat(" ")},
        )  # fmt: skip
    office.close()
    with pytest.raises(KimError, match="Außentermin"):
        join_network(net.admin_url, office.url, "Integrationsbüro Melle", "melle", OrganisationKind.KOMMUNE, PASSWORD)
    assert _query(net.admin_url, "SELECT count(*) FROM organisations WHERE name LIKE 'Integrationsbüro%'") == [(0,)]
