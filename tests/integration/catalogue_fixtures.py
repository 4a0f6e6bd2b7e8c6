"""Hand-built network, courses and a person for the catalogue, lookup and import tests."""

from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy.orm import Session, sessionmaker

from kim_desktop.db import models as m
from kim_desktop.domain.enums import (
    CourseStatus,
    CourseType,
    Literacy,
    OrganisationKind,
    PartOfDay,
    PermissionKind,
    ReferralState,
    Sex,
)
from kim_desktop.domain.schedule import weekday_mask

TODAY = date(2026, 11, 23)  # a Monday
MON_FRI = weekday_mask(range(5))


@dataclass(frozen=True)
class Network:
    """Ids of what build_network wrote."""

    village: int
    town: int
    vhs: int
    bildung: int
    vhs_town: int
    vhs_far: int
    bildung_town: int


def build_network(sessions: sessionmaker[Session]) -> Network:
    """Two municipalities, two providers, three locations with travel times from the village."""
    with sessions() as s, s.begin():
        village = m.Municipality(name="Dorfhausen", postcodes="49999")
        town = m.Municipality(name="Musterstadt", postcodes="49000", is_town=True)
        vhs = m.Organisation(name="Volkshochschule Musterstadt", short_name="VHS", kind=OrganisationKind.KURSTRAEGER)
        bildung = m.Organisation(
            name="Bildungswerk Nord gGmbH", short_name="BW Nord", kind=OrganisationKind.KURSTRAEGER
        )
        s.add_all([village, town, vhs, bildung])
        s.flush()
        vhs_town = m.CourseLocation(
            provider_id=vhs.id, name="VHS-Haus", street="Markt 1", postcode="49000", municipality_id=town.id
        )
        vhs_far = m.CourseLocation(
            provider_id=vhs.id, name="Außenstelle Nord", street="Weg 2", postcode="49000", municipality_id=town.id
        )
        bildung_town = m.CourseLocation(
            provider_id=bildung.id, name="Zentrum", street="Ring 3", postcode="49000", municipality_id=town.id
        )
        s.add_all([vhs_town, vhs_far, bildung_town])
        s.flush()
        s.add_all(
            [
                m.TravelTime(
                    municipality_id=village.id, location_id=vhs_town.id, minutes=35, connection_notes="Bus 12"
                ),
                m.TravelTime(municipality_id=village.id, location_id=vhs_far.id, minutes=70, connection_notes="Bus 99"),
                m.TravelTime(municipality_id=village.id, location_id=bildung_town.id, minutes=10),
            ]
        )
        return Network(village.id, town.id, vhs.id, bildung.id, vhs_town.id, vhs_far.id, bildung_town.id)


def add_course(sessions: sessionmaker[Session], provider: int, location: int, **values: object) -> int:
    """A course with sensible defaults: alpha, Mon–Fri mornings, 16 seats, starts in 3 weeks."""
    start = values.pop("start_date", TODAY + timedelta(weeks=3))
    assert isinstance(start, date)
    data: dict[str, object] = dict(
        course_type=CourseType.ALPHA,
        provider_id=provider,
        location_id=location,
        start_date=start,
        end_date=start + timedelta(weeks=40),
        weekdays_mask=MON_FRI,
        start_time=time(8, 30),
        end_time=time(12, 45),
        ue_per_week=25,
        max_seats=16,
        childcare_places=0,
        status=CourseStatus.OPEN,
    )
    data.update(values)
    with sessions() as s, s.begin():
        course = m.Course(**data)
        s.add(course)
        s.flush()
        return course.id


def add_mother(sessions: sessionmaker[Session], village: int, expires_on: date) -> int:
    """Amina: not literate, 30, two children of 1 and 4 who need care, mornings, bus up to 45 minutes."""
    with sessions() as s, s.begin():
        person = m.Person(
            family_name="Haddad",
            given_names="Amina",
            search_key="haddad amina",
            birth_date=date(1996, 5, 1),
            sex=Sex.FEMALE,
            municipality_id=village,
            literacy=Literacy.NONE,
            needs_childcare=True,
            travel_public_transport=True,
            max_travel_minutes=45,
            recommended_module=1,
        )
        person.children = [m.Child(birth_date=date(2025, 9, 1)), m.Child(birth_date=date(2022, 6, 1))]
        person.availability = [m.Availability(weekday=d, part_of_day=PartOfDay.MORNING) for d in range(5)]
        person.permissions = [
            m.Permission(kind=PermissionKind.BERECHTIGUNG, issued_on=TODAY - timedelta(days=30), expires_on=expires_on)
        ]
        s.add(person)
        s.flush()
        return person.id


def add_referral(
    sessions: sessionmaker[Session], person: int, course: int, state: ReferralState, hold_until: date | None = None
) -> int:
    """A referral in a given state."""
    with sessions() as s, s.begin():
        referral = m.Referral(person_id=person, course_id=course, state=state, hold_until=hold_until)
        s.add(referral)
        s.flush()
        return referral.id
