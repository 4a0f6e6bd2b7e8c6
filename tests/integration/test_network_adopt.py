"""An office's existing data (a local file moved with migrate-to) becomes that partner's in the network, counted."""

import secrets
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from kim_desktop.db.network_policies import PARTNER_TABLES
from kim_desktop.db.network_roles import drop_network
from kim_desktop.domain.enums import OrganisationKind
from kim_desktop.domain.errors import KimError
from kim_desktop.services.database import OpenDatabase, open_database
from kim_desktop.services.network_partners import OfficeData, add_partner, init_network, network_logins
from kim_desktop.services.people_search import search_people
from kim_desktop.services.referrals import reserve_seat
from kim_desktop.services.server_move import copy_database
from tests.conftest import POSTGRES_URL, _postgres_admin
from tests.integration.referral_setup import TODAY, build_network

pytestmark = pytest.mark.postgres
PASSWORD = "Netz-Test-2026"
OFFICE = OfficeData("Integrationsbüro Musterland", "buero", OrganisationKind.KOMMUNE)


@pytest.fixture
def server() -> Iterator[tuple[str, str]]:
    admin = _postgres_admin()
    if isinstance(admin, str):
        pytest.skip(admin)
    tag = secrets.token_hex(4)
    name, prefix = f"kimnet_{tag}", f"ka{tag}_"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    yield url, prefix
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        is_network = conn.execute(sa.text("SELECT to_regclass('network_logins')")).scalar() is not None
    engine.dispose()
    logins = list(network_logins(url)) if is_network else []
    drop_network(admin, name, prefix, logins)
    admin.dispose()


def _counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return {t: int(conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in PARTNER_TABLES}
    finally:
        engine.dispose()


def test_a_local_office_moves_into_the_network_and_keeps_everything(
    sqlite_database: OpenDatabase, server: tuple[str, str], tmp_path: Path
) -> None:
    url, prefix = server
    net = build_network(sqlite_database)
    with sqlite_database.sessions() as session:
        reserve_seat(session, net.rania, net.course, today=TODAY)
    local = _counts(sqlite_database.url)
    sqlite_database.close()
    copy_database(sqlite_database.url, url, tmp_path / "backups")  # the existing verified move (migrate-to)
    with pytest.raises(KimError, match="ohne Partner"):  # whose data it is must be said
        init_network(url, prefix)
    made = init_network(url, prefix, OFFICE)
    assert dict(made.adopted) == local and local["people"] == 3 and local["referrals"] == 1
    office = add_partner(url, OFFICE.name, OFFICE.short_name, OFFICE.kind, PASSWORD)
    other = add_partner(url, "Migrationsberatung Caritas", "mbe", OrganisationKind.MBE, PASSWORD)
    assert made.office_id == office.organisation_id and other.created is not False
    as_office = sa.make_url(url).set(username=office.login, password=PASSWORD).render_as_string(False)
    as_other = sa.make_url(url).set(username=other.login, password=PASSWORD).render_as_string(False)
    assert _counts(as_office) == local  # everything is the office's, under its own login
    assert set(_counts(as_other).values()) == {0}  # and nothing of it another partner's
    db = open_database(as_office, None)
    try:
        with db.sessions() as session:
            assert len(search_people(session, "")) == 3
        with db.sessions() as session:  # the office works on as before: the next seat of its course
            reserve_seat(session, net.tesfaye, net.course, today=date(2026, 3, 3))
    finally:
        db.close()
