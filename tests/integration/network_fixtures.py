"""A throwaway network on the test server: a fresh database kimnet_<hex>, roles with a random prefix, partners."""

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, time

import psycopg
import pytest
import sqlalchemy as sa

from kim_desktop.db.models import Course, CourseLocation, Municipality
from kim_desktop.db.network_roles import drop_network
from kim_desktop.domain.enums import CourseType, OrganisationKind
from kim_desktop.services.database import OpenDatabase, open_database
from kim_desktop.services.network_partners import add_partner, init_network, network_logins
from kim_desktop.services.people import register_person
from kim_desktop.services.people_dto import PersonInput
from tests.conftest import POSTGRES_URL, _postgres_admin

PASSWORD = "Netz-Test-2026"
PARTNERS = {
    "jc": ("Jobcenter Osnabrück", OrganisationKind.JOBCENTER),
    "mbe": ("Migrationsberatung Caritas", OrganisationKind.MBE),
    "vhs": ("VHS Osnabrück", OrganisationKind.KURSTRAEGER),
}


@dataclass
class NetworkUnderTest:
    """Where the network is and what it holds: the admin's URL, each partner's login and organisation."""

    database: str
    prefix: str
    admin_url: str
    org: dict[str, int] = field(default_factory=dict)
    login: dict[str, str] = field(default_factory=dict)

    def url(self, short: str) -> str:
        """The partner's SQLAlchemy URL (its own login)."""
        return sa.make_url(self.admin_url).set(username=self.login[short], password=PASSWORD).render_as_string(False)

    def connect(self, short: str) -> psycopg.Connection[tuple[object, ...]]:
        """A plain psycopg connection as the partner's login, autocommit: SQL as anyone with the password."""
        parsed = sa.make_url(self.admin_url)
        return psycopg.connect(
            host=parsed.host,
            port=parsed.port or 5432,
            dbname=self.database,
            user=self.login[short],
            password=PASSWORD,
            autocommit=True,
        )

    def admin(self) -> psycopg.Connection[tuple[object, ...]]:
        """The server administrator's connection (setup and checks only)."""
        parsed = sa.make_url(self.admin_url)
        return psycopg.connect(
            host=parsed.host, port=parsed.port or 5432, dbname=self.database, user=parsed.username, autocommit=True
        )

    @contextmanager
    def desk(self, short: str) -> Iterator[OpenDatabase]:
        """The application's database opened with the partner's login, as a desk does."""
        db = open_database(self.url(short), None)
        try:
            yield db
        finally:
            db.close()


@contextmanager
def network(partners: dict[str, tuple[str, OrganisationKind]] = PARTNERS) -> Iterator[NetworkUnderTest]:
    """Create the network (skipped without a server); drop the database and every role afterwards."""
    admin = _postgres_admin()
    if isinstance(admin, str):
        pytest.skip(admin)
    tag = secrets.token_hex(4)
    name, prefix = f"kimnet_{tag}", f"kt{tag}_"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    net = NetworkUnderTest(name, prefix, url)
    try:
        init_network(url, prefix)
        for short, (org_name, kind) in partners.items():
            made = add_partner(url, org_name, short, kind, PASSWORD)
            net.org[short], net.login[short] = made.organisation_id, made.login
        yield net
    finally:
        logins = list(network_logins(url)) if net.org else []
        drop_network(admin, name, prefix, logins)
        admin.dispose()


def add_course(net: NetworkUnderTest, provider: str, seats: int, title: str) -> int:
    """A course of the provider, created by the provider's own login (a provider keeps its own courses)."""
    with net.desk(provider) as db, db.sessions() as session, session.begin():
        town = session.scalars(sa.select(Municipality).where(Municipality.name == "Melle")).first()
        if town is None:
            raise AssertionError("the administrator adds the municipalities first")
        location = session.scalars(sa.select(CourseLocation)).first()
        if location is None:
            location = CourseLocation(
                provider_id=net.org[provider],
                name="Haus am Markt",
                street="Markt 1",
                postcode="49324",
                municipality=town,
            )
        course = Course(
            course_type=CourseType.ALLGEMEIN,
            title=title,
            provider_id=net.org[provider],
            location=location,
            start_date=date(2026, 4, 1),
            end_date=date(2026, 10, 1),
            weekdays_mask=0b11111,
            start_time=time(9),
            end_time=time(12, 15),
            ue_per_week=20,
            max_seats=seats,
        )
        session.add(course)
        session.flush()
        return course.id


def add_municipality(net: NetworkUnderTest) -> None:
    """Reference data is the administrator's."""
    with net.admin() as conn:
        conn.execute(
            "INSERT INTO municipalities (name, postcodes, is_town, retired) VALUES ('Melle', '49324', true, false)"
        )


def add_person(net: NetworkUnderTest, partner: str, family: str, given: str) -> int:
    """A person registered at the partner's desk through the application's own use case."""
    with net.desk(partner) as db, db.sessions() as session:
        town = session.scalars(sa.select(Municipality.id)).first()
        session.rollback()  # the use case opens its own transaction
        data = PersonInput(family_name=family, given_names=given, birth_date=date(1990, 5, 1), municipality_id=town)
        return register_person(session, data)
