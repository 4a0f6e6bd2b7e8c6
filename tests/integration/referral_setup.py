"""A small network for referral and letter tests: a provider with one course, an advisor, three people."""

from dataclasses import dataclass
from datetime import date, time

from kim_desktop.db.models import (
    Advisor,
    Consent,
    ConsentData,
    Course,
    CourseLocation,
    Municipality,
    Organisation,
    Permission,
    Person,
    TravelTime,
)
from kim_desktop.domain.consent_scope import REGISTRATION_LIST_DATA, ConsentPurpose, DataCategory
from kim_desktop.domain.enums import (
    ConsentMethod,
    CourseType,
    FeeExemption,
    OrganisationKind,
    PermissionKind,
    Role,
)
from kim_desktop.services.database import OpenDatabase

TODAY = date(2026, 3, 2)


@dataclass(frozen=True)
class Network:
    """Ids of what the setup created."""

    provider: int
    other_provider: int
    course: int
    advisor: int
    rania: int
    tesfaye: int
    olena: int
    authority: int


def _person(family: str, given: str, town: Municipality, **values: object) -> Person:
    return Person(
        family_name=family,
        given_names=given,
        search_key=f"{family} {given}".lower(),
        municipality=town,
        **values,
    )


def build_network(db: OpenDatabase, max_seats: int = 2) -> Network:
    """Create the network; the course has max_seats seats."""
    with db.sessions() as session, session.begin():
        town = Municipality(name="Melle", postcodes="49324")
        provider = Organisation(
            name="Volkshochschule Melle",
            kind=OrganisationKind.KURSTRAEGER,
            street="Schulstraße 4",
            postcode="49324",
            city="Melle",
            phone="05422 1234",
        )
        other = Organisation(name="Sprachschule Nord", kind=OrganisationKind.KURSTRAEGER, city="Bramsche")
        authority = Organisation(name="Ausländerbehörde Landkreis", kind=OrganisationKind.AUSLAENDERBEHOERDE)
        location = CourseLocation(
            provider=provider,
            name="VHS-Haus am Markt",
            street="Markt 1",
            postcode="49324",
            municipality=town,
            transit_notes="Bus 380 bis Haltestelle Markt",
        )
        course = Course(
            course_type=CourseType.ALLGEMEIN,
            title="Integrationskurs Vormittag",
            bamf_course_number="226-0001",
            provider=provider,
            location=location,
            start_date=date(2026, 4, 13),
            end_date=date(2026, 10, 30),
            weekdays_mask=0b11111,
            start_time=time(8, 30),
            end_time=time(12, 45),
            ue_per_week=25,
            max_seats=max_seats,
            childcare_places=4,
            registration_deadline=date(2026, 4, 1),
        )
        advisor = Advisor(
            username="ak", display_name="Anna Krüger", role=Role.ADVISOR, phone="05422 999-12", email="a.k@example.org"
        )
        rania = _person(
            "Haddad",
            "Rania",
            town,
            birth_date=date(1990, 5, 17),
            street="Lindenweg 7",
            postcode="49324",
            phone="0151 2345678",
            letter_language="ar",
            fee_exemption=FeeExemption.GRANTED,
            needs_childcare=True,
            recommended_module=2,
        )
        rania.permissions.append(
            Permission(
                kind=PermissionKind.VERPFLICHTUNG,
                issuer=authority,
                file_number="AB-2026-0042",
                issued_on=date(2026, 2, 10),
                expires_on=date(2027, 2, 10),
                obliged=True,
            )
        )
        tesfaye = _person("Abebe", "Tesfaye", town, birth_date=date(1995, 1, 2), letter_language="ti")
        olena = _person("Kovalenko", "Olena", town, birth_date=date(1985, 8, 30), letter_language="uk")
        session.add_all([town, provider, other, authority, location, course, advisor, rania, tesfaye, olena])
        session.flush()
        session.add(TravelTime(municipality_id=town.id, location_id=location.id, minutes=20, distance_km=6.5))
        return Network(provider.id, other.id, course.id, advisor.id, rania.id, tesfaye.id, olena.id, authority.id)


def add_consent(
    db: OpenDatabase,
    person_id: int,
    recipients: list[int],
    revoked_on: date | None = None,
    *,
    purpose: ConsentPurpose | None = ConsentPurpose.COURSE_REGISTRATION,
    data: frozenset[DataCategory] = REGISTRATION_LIST_DATA,
    valid_until: date | None = None,
) -> None:
    """Record a consent (by default: to pass the registration list's data to the given organisations)."""
    with db.sessions() as session, session.begin():
        consent = Consent(
            person_id=person_id,
            purpose=purpose,
            purpose_text="Anmeldung beim Kursträger",
            data_text="",
            given_on=date(2026, 2, 1),
            valid_until=valid_until,
            method=ConsentMethod.SIGNED_FORM,
            revoked_on=revoked_on,
            data_items=[ConsentData(category=c) for c in data],
        )
        consent.recipients = [session.get_one(Organisation, org) for org in recipients]
        session.add(consent)
