"""Who a document comes from and whom it goes to: letterhead, signing advisor and addressee, for every document."""

from pathlib import Path

from sqlalchemy.orm import Session

from kim_desktop.db.models import Advisor, Person
from kim_desktop.documents import letter_data as ld
from kim_desktop.settings import OfficeProfile


def office_letterhead(profile: OfficeProfile) -> ld.Office:
    """The office as a letter prints it (a logo only if its file is there; opening hours read into times)."""
    from kim_desktop.documents.letter_facts import read_opening_hours

    logo = Path(profile.logo_path) if profile.logo_path else None
    return ld.Office(
        name=profile.name,
        department=profile.department,
        street=profile.street,
        postcode=profile.postcode,
        city=profile.city,
        phone=profile.phone,
        email=profile.email,
        opening_hours=profile.opening_hours,
        logo_path=logo if logo is not None and logo.is_file() else None,
        opening_times=read_opening_hours(profile.opening_hours),
    )


def signing_advisor(session: Session, advisor_id: int | None) -> ld.Advisor:
    """The advisor a document names as contact; blank when there is none."""
    advisor = session.get(Advisor, advisor_id) if advisor_id is not None else None
    if advisor is None:
        return ld.Advisor("", "", "")
    return ld.Advisor(advisor.display_name, advisor.phone or "", advisor.email or "")


def addressee(person: Person) -> ld.Person:
    """The person as a document addresses them: name, birth date, street, postcode and municipality."""
    return ld.Person(
        family_name=person.family_name,
        given_names=person.given_names,
        birth_date=person.birth_date,
        street=person.street or "",
        postcode=person.postcode or "",
        city=person.municipality.name if person.municipality else "",
    )
