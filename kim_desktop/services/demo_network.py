"""The demo network of the Osnabrück example: 20 partners on one PostgreSQL, each writing through its own login.

Everything a partner owns is written by that partner's desk (its login kim_org_<short>, the demo password)
through the application's own use cases, so the demo also shows that the row-level security lets a partner do
its work: providers keep their courses, counselling offices register people, record consents and reserve seats,
providers confirm registrations of the people who consented.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from kim_desktop.db.models import Advisor, Course, CourseLocation, Municipality
from kim_desktop.db.network_roles import DEFAULT_PREFIX
from kim_desktop.domain.access import Actor
from kim_desktop.domain.consent_scope import REGISTRATION_LIST_DATA, ConsentPurpose
from kim_desktop.domain.enums import Channel, ConsentMethod, CourseType, OrganisationKind, ReferralState, Role
from kim_desktop.domain.errors import Conflict
from kim_desktop.services import demo_names as names
from kim_desktop.services.accounts import set_demo_passwords
from kim_desktop.services.counselling import record_session
from kim_desktop.services.database import OpenDatabase, open_database
from kim_desktop.services.demo_data import DEMO_PASSWORD
from kim_desktop.services.network_partners import add_partner, init_network
from kim_desktop.services.people import register_person
from kim_desktop.services.people_dto import PersonInput, SessionInput
from kim_desktop.services.privacy import ConsentInput, record_consent
from kim_desktop.services.provider_desk import confirm_referral, list_provider_referrals
from kim_desktop.services.referrals import reserve_seat

K = OrganisationKind
# Short name (login kim_org_<short>), name, kind: the 20 partners of the Osnabrück example (fictional offices).
COUNSELLING: tuple[tuple[str, str, OrganisationKind], ...] = (
    ("jobcenter", "Jobcenter Stadt Osnabrück", K.JOBCENTER),
    ("jobagentur", "Kommunale Jobagentur Landkreis Osnabrück", K.JOBCENTER),
    ("agentur", "Agentur für Arbeit Osnabrück", K.AGENTUR),
    ("mbe_diakonie", "Migrationsberatung Diakonie Osnabrück", K.MBE),
    ("mbe_caritas", "Migrationsberatung Caritas Osnabrück", K.MBE),
    ("mbe_drk", "Migrationsberatung DRK Landkreis Osnabrück", K.MBE),
    ("jmd", "Jugendmigrationsdienst Osnabrück", K.JMD),
    ("abh_stadt", "Ausländerbehörde Stadt Osnabrück", K.AUSLAENDERBEHOERDE),
    ("abh_kreis", "Ausländerbehörde Landkreis Osnabrück", K.AUSLAENDERBEHOERDE),
)
PROVIDERS: tuple[tuple[str, str], ...] = (
    ("vhs_stadt", "Volkshochschule Osnabrück (Demo)"),
    ("vhs_kreis", "Kreisvolkshochschule Osnabrücker Land (Demo)"),
    ("linguaviva", "Sprachinstitut Lingua Viva (Demo)"),
    ("brueckenschlag", "Bildungswerk Brückenschlag (Demo)"),
    ("wegweiser", "Akademie Wegweiser (Demo)"),
    ("lernhaus", "Lernhaus am Markt (Demo)"),
    ("sprachbruecke", "Sprachbrücke Hasetal (Demo)"),
    ("wortwerk", "Wortwerk Bildung (Demo)"),
    ("horizont", "Horizont Sprachschule (Demo)"),
    ("lernwerk", "Lernwerkstatt Artland (Demo)"),
    ("kompass", "Kompass Bildungszentrum (Demo)"),
)
COURSE_KINDS = (CourseType.ALLGEMEIN, CourseType.ALPHA, CourseType.JUGEND)
PEOPLE_PER_OFFICE = 6
CHANNELS = (Channel.IN_PERSON, Channel.IN_PERSON, Channel.PHONE)


@dataclass(frozen=True)
class DemoNetworkSummary:
    """What the demo network holds, and how to sign in."""

    partners: int
    logins: tuple[str, ...]
    courses: int
    people: int
    referrals: int
    confirmed: int


def _desk(url: str, login: str, password: str) -> OpenDatabase:
    return open_database(sa.make_url(url).set(username=login, password=password).render_as_string(False), None)


def _municipalities(url: str) -> None:
    """Reference data is the network administrator's: the places of the demo county."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            for name, postcodes, lat, lon, town in names.MUNICIPALITIES:
                conn.execute(
                    sa.insert(Municipality).values(
                        name=name, postcodes=postcodes, latitude=lat, longitude=lon, is_town=town, retired=False
                    )
                )
    finally:
        engine.dispose()


def _provider_courses(db: OpenDatabase, short: str, provider_id: int, index: int, today: date) -> list[int]:
    """The provider's demo accounts (its staff as Kursträger, its desk's Administration) and its courses."""
    with db.sessions() as session, session.begin():
        session.add(Advisor(username=f"demo.{short}", display_name=f"Demo {short}", role=Role.PROVIDER, active=True))
        session.add(Advisor(username=f"demo.{short}.admin", display_name=f"Demo {short} (Administration)",
                            role=Role.ADMIN, active=True))  # fmt: skip
    with db.sessions() as session:
        set_demo_passwords(session, DEMO_PASSWORD)
    with db.sessions() as session, session.begin():
        places = list(session.scalars(sa.select(Municipality).order_by(Municipality.id)))
        place = places[index % len(places)]
        location = CourseLocation(
            provider_id=provider_id, name=f"{names.LOCATION_KINDS[index % 5]} {place.name}",
            street=f"{names.STREETS[index % len(names.STREETS)]} {index + 3}", postcode=place.postcodes.split(",")[0],
            municipality=place, latitude=place.latitude, longitude=place.longitude,
        )  # fmt: skip
        made = []
        for k, kind in enumerate(COURSE_KINDS):
            start = today + timedelta(days=14 + 7 * ((index + k) % 6))
            course = Course(
                course_type=kind, title=f"{names.COURSE_TITLES[kind.value]} ({location.name})", provider_id=provider_id,
                location=location, start_date=start, end_date=start + timedelta(days=180), weekdays_mask=0b11111,
                start_time=time(8, 30) if k != 1 else time(13), end_time=time(12, 30) if k != 1 else time(17),
                ue_per_week=20, max_seats=2 if k == 0 and index == 0 else 12 + (index + k) % 5,
            )  # fmt: skip
            session.add(course)
            session.flush()
            made.append(course.id)
        return made


def _office_people(
    db: OpenDatabase, short: str, courses: list[tuple[int, int]], rng: random.Random, today: date
) -> tuple[int, int]:
    """An office's demo account, its people, their consents for some providers and their seat holds."""
    with db.sessions() as session, session.begin():
        advisor = Advisor(username=f"demo.{short}", display_name=f"Demo {short}", role=Role.ADVISOR, active=True)
        session.add(advisor)
        session.flush()
        staff = Actor(advisor.id, advisor.display_name, Role.ADVISOR)
        town = session.scalars(sa.select(Municipality.id).order_by(Municipality.id)).first()
    with db.sessions() as session:
        set_demo_passwords(session, DEMO_PASSWORD)
    people = referrals = 0
    for _ in range(PEOPLE_PER_OFFICE):
        origin = rng.choice(names.ORIGINS)
        data = PersonInput(
            family_name=rng.choice(origin.family), given_names=rng.choice(origin.female + origin.male),
            birth_date=date(rng.randint(1970, 2004), rng.randint(1, 12), rng.randint(1, 28)), municipality_id=town,
            nationalities=origin.nationality,
        )  # fmt: skip
        with db.sessions() as session:
            person = register_person(session, data, actor=staff, today=today, allow_duplicates=True)
        held = datetime.combine(today - timedelta(days=rng.randint(1, 40)), time(rng.randint(8, 15)))
        with db.sessions() as session:
            record_session(session, SessionInput(person, held, rng.choice(CHANNELS)), actor=staff, now=held)
        people += 1
        course_id, provider_id = rng.choice(courses)
        if rng.random() < 0.7:  # most consent to the registration with the provider; the others' stay hidden
            consent = ConsentInput(
                person, ConsentPurpose.COURSE_REGISTRATION, REGISTRATION_LIST_DATA, (provider_id,), today,
                ConsentMethod.SIGNED_FORM,
            )  # fmt: skip
            with db.sessions() as session:
                record_consent(session, staff, consent, datetime.combine(today, time(9)))
        try:
            with db.sessions() as session:
                reserve_seat(session, person, course_id, actor=staff, today=today)
            referrals += 1
        except Conflict:
            pass  # the popular course is full: as at a real desk
    return people, referrals


def build_demo_network(
    url: str, password: str, prefix: str = DEFAULT_PREFIX, seed: int = 20261206, today: date | None = None
) -> DemoNetworkSummary:
    """Set up an empty PostgreSQL database as the demo network (administrator's URL)."""
    today = today or date.today()
    rng = random.Random(seed)
    init_network(url, prefix)
    _municipalities(url)
    logins: list[str] = []
    providers: dict[str, tuple[str, int]] = {}
    for short, name in PROVIDERS:
        made = add_partner(url, name, short, K.KURSTRAEGER, password)
        providers[short] = (made.login, made.organisation_id)
        logins.append(made.login)
    offices = {}
    for short, name, kind in COUNSELLING:
        made = add_partner(url, name, short, kind, password)
        offices[short] = made.login
        logins.append(made.login)
    courses: list[tuple[int, int]] = []
    for index, (short, (login, org_id)) in enumerate(providers.items()):
        db = _desk(url, login, password)
        try:
            courses += [(course, org_id) for course in _provider_courses(db, short, org_id, index, today)]
        finally:
            db.close()
    people = referrals = 0
    for short, login in offices.items():
        db = _desk(url, login, password)
        try:
            made_people, made_referrals = _office_people(db, short, courses, rng, today)
        finally:
            db.close()
        people, referrals = people + made_people, referrals + made_referrals
    confirmed = 0
    for login, _org in providers.values():  # each provider confirms the first registration it may see
        db = _desk(url, login, password)
        try:
            with db.sessions() as session:
                seen = list_provider_referrals(session, actor=None, today=today)
            for referral in seen[:1]:
                with db.sessions() as session:
                    confirm_referral(session, referral.referral_id, ReferralState.REGISTERED, actor=None, today=today)
                confirmed += 1
        finally:
            db.close()
    return DemoNetworkSummary(len(logins), tuple(logins), len(courses), people, referrals, confirmed)
