"""Sample letter data for the document tests and for looking at rendered letters."""

from dataclasses import replace
from datetime import date, time

from kim_desktop.documents.consent_form import ConsentFormData
from kim_desktop.documents.letter_data import (
    Advisor,
    AppointmentLetterData,
    Childcare,
    Course,
    Office,
    Permission,
    Person,
    ReferralLetterData,
    WayThere,
)
from kim_desktop.documents.letter_facts import read_opening_hours
from kim_desktop.domain.consent_scope import ConsentPurpose, DataCategory
from kim_desktop.domain.course_costs import cost_statement
from kim_desktop.domain.enums import CourseType, FeeExemption, PermissionKind
from kim_desktop.domain.rules_table import Rules
from kim_desktop.domain.schedule import weekday_mask

OFFICE = Office(
    name="Landkreis Osnabrück",
    department="Integrationsbüro – Kooperatives Integrationskursmanagement",
    street="Am Schölerberg 1",
    postcode="49082",
    city="Osnabrück",
    phone="0541 501-1234",
    email="integration@lkos.example",
    opening_hours="Mo–Do 8:30–12:00, Do 14:00–17:30",
    opening_times=read_opening_hours("Mo–Do 8:30–12:00, Do 14:00–17:30"),
)
ADVISOR = Advisor(name="Petra Sommer", phone="0541 501-4321", email="p.sommer@lkos.example")
PERSON = Person(
    family_name="Haddad",
    given_names="Amira",
    birth_date=date(1991, 4, 17),
    street="Lindenstraße 12",
    postcode="49124",
    city="Georgsmarienhütte",
)
PERMISSION = Permission(
    kind=PermissionKind.VERPFLICHTUNG,
    issuer="Jobcenter Landkreis Osnabrück",
    issued_on=date(2026, 10, 2),
    expires_on=date(2027, 10, 1),
    obliged=True,
    file_number="JC-4711/26",
)
COURSE = Course(
    course_type=CourseType.ALLGEMEIN,
    entry_module=1,
    provider_name="Volkshochschule Osnabrücker Land",
    provider_address="Hauptstraße 5, 49124 Georgsmarienhütte",
    provider_phone="05401 1234-0",
    location_name="VHS-Haus am Markt, Raum 2.14",
    location_address="Marktplatz 3, 49124 Georgsmarienhütte",
    way=WayThere(
        origin="Hagen a.T.W.",
        minutes=35,
        connection_notes="Bus R45 bis Georgsmarienhütte ZOB",
        location_notes="Bus 461 bis Haltestelle „Rathaus“, dann 3 Minuten zu Fuß.",
    ),
    start_date=date(2026, 12, 7),
    weekdays_mask=weekday_mask(range(5)),
    start_time=time(8, 30),
    end_time=time(12, 45),
    ue_per_week=25,
    childcare=Childcare(places=3, min_age_months=12, max_age_years=6),
    registration_deadline=date(2026, 11, 27),
)
# Applied for, and the course is far away: the fee, the pending exemption and the travel-subsidy hint all print.
COSTS = cost_statement(PermissionKind.VERPFLICHTUNG, FeeExemption.REQUESTED, Rules.defaults(), distance_km=6.5)


def referral(language: str = "de", **changes: object) -> ReferralLetterData:
    """A complete referral letter; keyword arguments replace fields."""
    data = ReferralLetterData(
        office=OFFICE,
        advisor=ADVISOR,
        person=PERSON,
        permission=PERMISSION,
        course=COURSE,
        costs=COSTS,
        language=language,
        issue_date=date(2026, 11, 16),
        reference="KIM-2026-00042",
    )
    return replace(data, **changes)  # type: ignore[arg-type]


def appointment(language: str = "de", **changes: object) -> AppointmentLetterData:
    """A complete appointment letter; keyword arguments replace fields."""
    data = AppointmentLetterData(
        office=OFFICE,
        advisor=ADVISOR,
        person=PERSON,
        appointment_date=date(2026, 11, 24),
        appointment_time=time(10, 15),
        place_name="Kreishaus Osnabrück, Integrationsbüro",
        place_address="Am Schölerberg 1, 49082 Osnabrück",
        room="Raum 214, 2. Stock",
        transit_notes="Bus 21 bis „Kreishaus“.",
        interpreter_language="",
        language=language,
        issue_date=date(2026, 11, 16),
        reference="KIM-2026-00042",
    )
    return replace(data, **changes)  # type: ignore[arg-type]


def consent(language: str = "de", **changes: object) -> ConsentFormData:
    """A consent form for the sample person to two partners."""
    data = ConsentFormData(
        office=OFFICE,
        advisor=ADVISOR,
        person=PERSON,
        purpose=ConsentPurpose.COURSE_REGISTRATION,
        data=(DataCategory.IDENTITY, DataCategory.ADDRESS, DataCategory.PERMISSION, DataCategory.LANGUAGE_LEVEL),
        recipients=("Jobcenter Landkreis Osnabrück", "Volkshochschule Osnabrücker Land"),
        language=language,
        issue_date=date(2026, 3, 2),
        reference="E-12",
        purpose_text="Anmeldung zum Integrationskurs",
    )
    return replace(data, **changes)  # type: ignore[arg-type]
