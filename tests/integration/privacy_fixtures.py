"""A person with a row in every table that holds personal data, for erasure and access-request tests."""

import json
from dataclasses import dataclass
from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import (
    Advisor,
    AuditEvent,
    Availability,
    Child,
    Consent,
    ConsentData,
    CounsellingSession,
    Course,
    CourseLocation,
    FollowUp,
    IssuedDocument,
    Municipality,
    Organisation,
    OutreachDecision,
    Permission,
    Person,
    Referral,
    ReferralEvent,
    Topic,
    WaitingListEntry,
)
from kim_desktop.domain.access import Actor
from kim_desktop.domain.consent_scope import ConsentPurpose, DataCategory
from kim_desktop.domain.enums import (
    Channel,
    ConsentMethod,
    CourseType,
    DocumentKind,
    OrganisationKind,
    PartOfDay,
    PermissionKind,
    ReferralState,
    Role,
)

FAMILY = "Qorvendaal"
GIVEN = "Ysolde"
BIRTH = date(1987, 4, 23)


@dataclass(frozen=True)
class World:
    """Ids of what the fixture made."""

    admin: Actor
    advisor: Actor
    reader: Actor
    person: int
    other: int
    provider: int
    jobcenter: int
    course: int
    referral: int
    consent: int
    waiting: int


def _person(session: Session, family: str, given: str, birth: date, town: Municipality) -> Person:
    person = Person(
        family_name=family, given_names=given, search_key=f"{family} {given}".lower(), birth_date=birth,
        birth_place="Herat", street="Lindenweg 4", postcode="49324", municipality=town, phone="0151 2345678",
        email=f"{given.lower()}@example.org", nationalities="AF", first_language="fa", special_needs="Rollstuhl",
        placement_test_date=date(2022, 5, 10), placement_test_result="A2.1", first_contact_on=date(2022, 5, 2),
    )  # fmt: skip
    session.add(person)
    session.flush()
    return person


def build_world(session: Session) -> World:
    """Advisors of every role, two people, and for the first one a row in every person-related table."""
    admin = Advisor(username="admin", display_name="Petra Verwalt", role=Role.ADMIN)
    anna = Advisor(username="anna", display_name="Anna Krüger", role=Role.ADVISOR)
    leo = Advisor(username="leo", display_name="Leo Lesend", role=Role.READER)
    town = Municipality(name="Melle", postcodes="49324")
    provider = Organisation(name="VHS Melle", kind=OrganisationKind.KURSTRAEGER)
    jobcenter = Organisation(name="Jobcenter Musterland", kind=OrganisationKind.JOBCENTER)
    session.add_all([admin, anna, leo, town, provider, jobcenter])
    session.flush()
    location = CourseLocation(provider=provider, name="Haus A", street="Markt 1", postcode="49324", municipality=town)
    course = Course(
        course_type=CourseType.ALLGEMEIN, provider=provider, location=location, start_date=date(2026, 4, 1),
        end_date=date(2026, 12, 1), weekdays_mask=31, start_time=time(8, 30), end_time=time(12, 30),
        ue_per_week=20, max_seats=20,
    )  # fmt: skip
    session.add(course)
    person = _person(session, FAMILY, GIVEN, BIRTH, town)
    other = _person(session, "Brandt", "Ole", date(1990, 1, 1), town)
    pid = person.id
    session.add_all([
        Permission(person_id=pid, kind=PermissionKind.VERPFLICHTUNG, issuer=jobcenter, file_number="AZ-4711",
                   issued_on=date(2026, 1, 5), obliged=True, notes=f"Bescheid {FAMILY}"),
        Availability(person_id=pid, weekday=0, part_of_day=PartOfDay.MORNING),
        Child(person_id=pid, birth_date=date(2022, 8, 1)),
    ])  # fmt: skip
    topic = session.scalars(sa.select(Topic).order_by(Topic.id)).first()
    counselling = CounsellingSession(
        person_id=pid, advisor_id=anna.id, held_at=datetime(2026, 2, 2, 10), channel=Channel.IN_PERSON,
        interpreter_language="fa", notes=f"{GIVEN} braucht Kita", next_steps="Kita anfragen",
        topics=[topic] if topic else [],
    )  # fmt: skip
    session.add(counselling)
    session.flush()
    session.add(FollowUp(person_id=pid, session_id=counselling.id, due_on=date(2026, 3, 9), assigned_to_id=anna.id,
                         note=f"{FAMILY} anrufen"))  # fmt: skip
    referral = Referral(person_id=pid, course=course, advisor_id=anna.id, state=ReferralState.RESERVED,
                        letter_language="fa")  # fmt: skip
    referral.events.append(ReferralEvent(to_state=ReferralState.RESERVED, by_id=anna.id, reason=f"für {GIVEN}"))
    consent = Consent(person_id=pid, purpose=ConsentPurpose.COURSE_REGISTRATION,
                      purpose_text="Anmeldung zum Integrationskurs", data_text="", given_on=date(2026, 2, 2),
                      method=ConsentMethod.SIGNED_FORM, recipients=[provider],
                      data_items=[ConsentData(category=DataCategory.IDENTITY),
                                  ConsentData(category=DataCategory.ADDRESS)])  # fmt: skip
    waiting = WaitingListEntry(person_id=pid, course_type=CourseType.ALLGEMEIN, municipality_id=town.id,
                               note=f"{FAMILY} wartet")  # fmt: skip
    session.add_all([referral, consent, waiting])
    session.flush()
    session.add_all([
        IssuedDocument(person_id=pid, referral_id=referral.id, kind=DocumentKind.REFERRAL_LETTER, language="fa",
                       text_version="2026-01", issued_by_id=anna.id),
        AuditEvent(advisor_id=anna.id, actor=anna.display_name, action="case_changed", entity_type="person",
                   entity_id=pid, person_id=pid,
                   details=json.dumps({"family_name": ["Qorvendal", FAMILY], "birth_date": [None, BIRTH.isoformat()]})),
        AuditEvent(advisor_id=anna.id, actor=anna.display_name, action="case_read", entity_type="person",
                   entity_id=pid, person_id=pid),
        OutreachDecision(copy_id="c0ffee00-0000-4000-8000-000000000001", operation_id="op-1", person_id=pid,
                         field="phone", office_value=json.dumps("05422 98765"),
                         laptop_value=json.dumps(f"0171 5550101 ({FAMILY})")),
    ])  # fmt: skip
    session.flush()
    return World(
        Actor(admin.id, admin.display_name, admin.role), Actor(anna.id, anna.display_name, anna.role),
        Actor(leo.id, leo.display_name, leo.role), pid, other.id, provider.id, jobcenter.id, course.id, referral.id,
        consent.id, waiting.id,
    )  # fmt: skip
