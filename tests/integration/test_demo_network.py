"""`demo-data --network`: the 20 partners of the Osnabrück example, each writing only through its own login."""

import secrets
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from kim_desktop.cli import main
from kim_desktop.db.network_roles import drop_network
from kim_desktop.domain.report_merge import merge_reports
from kim_desktop.services.accounts import SignInRefused, sign_in
from kim_desktop.services.database import open_database
from kim_desktop.services.demo_data import DEMO_PASSWORD
from kim_desktop.services.demo_network import COUNSELLING, PEOPLE_PER_OFFICE, PROVIDERS
from kim_desktop.services.network_partners import network_logins
from kim_desktop.services.network_report import network_report
from tests.conftest import POSTGRES_URL, _postgres_admin

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    admin = _postgres_admin()
    if isinstance(admin, str):
        pytest.skip(admin)
    tag = secrets.token_hex(4)
    name, prefix = f"kimnet_{tag}", f"kd{tag}_"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    data_dir = tmp_path_factory.mktemp("demo")
    try:
        code = main(
            ["--data-dir", str(data_dir), "--database-url", url, "demo-data", "--network", "--role-prefix", prefix]
        )
        assert code == 0
        yield url, prefix
    finally:
        logins = list(network_logins(url))
        drop_network(admin, name, prefix, logins)
        admin.dispose()


def test_twenty_partners_with_one_login_each(demo: tuple[str, str]) -> None:
    url, prefix = demo
    logins = network_logins(url)
    assert len(PROVIDERS) == 11 and len(COUNSELLING) == 9
    assert sorted(logins) == sorted(f"{prefix}org_{short}" for short, *_ in (*PROVIDERS, *COUNSELLING))
    assert len(set(logins.values())) == 20


def test_each_office_sees_its_own_people_and_providers_none(demo: tuple[str, str]) -> None:
    url, prefix = demo
    parsed = sa.make_url(url)
    for short, *_ in (*PROVIDERS, *COUNSELLING):
        with psycopg.connect(host=parsed.host, dbname=parsed.database, user=f"{prefix}org_{short}") as conn:
            (people,) = conn.execute("SELECT count(*) FROM people").fetchone() or (None,)
            (courses,) = conn.execute("SELECT count(*) FROM courses").fetchone() or (None,)
        assert people == (0 if (short, *_) in PROVIDERS else PEOPLE_PER_OFFICE), short
        assert courses == 3 * len(PROVIDERS)  # the whole catalogue for everybody


def test_an_office_signs_in_with_its_demo_account_through_its_login(demo: tuple[str, str]) -> None:
    url, prefix = demo
    partner_url = sa.make_url(url).set(username=f"{prefix}org_jobcenter", password=DEMO_PASSWORD)
    db = open_database(partner_url.render_as_string(hide_password=False), None)
    try:
        with db.sessions() as session:
            actor = sign_in(session, "demo.jobcenter", DEMO_PASSWORD, datetime.now().replace(microsecond=0))
        assert actor.display_name == "Demo jobcenter"
        # Another office's demo account is not even there for this login.
        with db.sessions() as session, pytest.raises(SignInRefused):
            sign_in(session, "demo.mbe_caritas", DEMO_PASSWORD, datetime.now().replace(microsecond=0))
    finally:
        db.close()


def test_providers_confirmed_registrations_of_consenting_people(demo: tuple[str, str]) -> None:
    url, _prefix = demo
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            registered = conn.execute(sa.text("SELECT count(*) FROM referrals WHERE state = 'registered'")).scalar()
            on = conn.execute(sa.text("SELECT min(registered_on) FROM referrals")).scalar()
    finally:
        engine.dispose()
    assert registered and registered >= 5
    assert on == date.today()


def test_the_network_report_equals_the_merge_of_the_partners_reports(demo: tuple[str, str]) -> None:
    url, _prefix = demo
    today = date.today()
    report = network_report(url, today - timedelta(days=90), today, today)
    assert len(report.partners) == len(COUNSELLING)  # providers have no people of their own
    merged = merge_reports([partner for _name, partner in report.partners])
    # The catalogue's seats are the network's in every partner's report alike: compared once, not summed.
    assert all(partner.seats == report.whole.seats for _name, partner in report.partners)
    assert replace(merged, offices=report.whole.offices, seats=report.whole.seats) == report.whole
    assert report.whole.counselling != report.partners[0][1].counselling


def test_the_network_report_on_the_command_line(
    demo: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, _prefix = demo
    today = date.today()
    period = f"{today - timedelta(days=90):%Y-%m-%d}..{today:%Y-%m-%d}"
    assert main(["--data-dir", str(tmp_path), "--database-url", url, "network", "report", "--period", period]) == 0
    lines = capsys.readouterr().out.splitlines()
    people = len(COUNSELLING) * PEOPLE_PER_OFFICE
    assert lines[-1].startswith(f"Netzwerk gesamt: {people}; {people}; ")  # referrals: where seats were free
    assert len(lines) == 2 + len(COUNSELLING)
