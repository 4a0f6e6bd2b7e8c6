"""The registration list of a course: referred people, with personal data only where a consent allows it."""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import Advisor, Consent, Course, Person, Referral, consent_recipients
from kim_desktop.documents.registration_list_data import HEADERS, RegistrationEntry, RegistrationList, entry_cells
from kim_desktop.domain.course_labels import course_type_label
from kim_desktop.domain.enums import PermissionKind, ReferralState
from kim_desktop.domain.errors import NotFound
from kim_desktop.domain.referral_flow import STATE_NAMES
from kim_desktop.domain.text import N_, Text
from kim_desktop.exchange.registration_list_csv import registration_list_csv

LISTED_STATES = (ReferralState.RESERVED, ReferralState.REGISTERED, ReferralState.STARTED)
_PERMISSION_NAMES = {
    PermissionKind.BERECHTIGUNG: "Berechtigung",
    PermissionKind.VERPFLICHTUNG: "Verpflichtung",
    PermissionKind.ZULASSUNG: "Zulassung (BAMF)",
    PermissionKind.JOBCENTER_ZULASSUNG: "Zulassung (Jobcenter)",
    PermissionKind.SELBSTZAHLER: "Selbstzahler/in",
}
_WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


def consenting_people(session: Session, person_ids: list[int], recipient_id: int, today: date) -> set[int]:
    """Which of these people have a consent in force today naming this organisation as a recipient."""
    if not person_ids:
        return set()
    stmt = (
        sa.select(Consent.person_id)
        .join(consent_recipients, consent_recipients.c.consent_id == Consent.id)
        .where(
            Consent.person_id.in_(person_ids),
            consent_recipients.c.organisation_id == recipient_id,
            Consent.given_on <= today,
            sa.or_(Consent.revoked_on.is_(None), Consent.revoked_on > today),
        )
    )
    return set(session.scalars(stmt))


def _entry(person: Person, referral: Referral) -> RegistrationEntry:
    permission = max(person.permissions, key=lambda p: p.id, default=None)
    town = person.municipality.name if person.municipality else ""
    address = ", ".join(p for p in (person.street or "", f"{person.postcode or ''} {town}".strip()) if p)
    caring = [child for child in person.children if child.needs_care]
    if caring:
        childcare = f"ja, {len(caring)} Kind" + ("er" if len(caring) > 1 else "")
    else:
        childcare = "ja" if person.needs_childcare else "nein"
    kind = _PERMISSION_NAMES[permission.kind] if permission else ""
    if permission is not None and permission.obliged and permission.kind != PermissionKind.VERPFLICHTUNG:
        kind += " (verpflichtet)"
    return RegistrationEntry(
        name=f"{person.family_name}, {person.given_names}",
        birth_date=person.birth_date,
        address=address,
        phone=person.phone or "",
        permission=kind,
        file_number=(permission.file_number or "") if permission else "",
        entry_module=referral.entry_module,
        childcare=childcare,
        state=STATE_NAMES[referral.state],
    )


def _details(course: Course) -> str:
    days = ", ".join(name for bit, name in enumerate(_WEEKDAYS) if course.weekdays_mask & (1 << bit))
    return (
        f"{course_type_label(course.course_type)}, Beginn {course.start_date:%d.%m.%Y}, {days} "
        f"{course.start_time:%H:%M}–{course.end_time:%H:%M} Uhr, {course.location.name}"
    )


def build_registration_list(
    session: Session, course_id: int, office_name: str, *, actor_id: int | None, today: date
) -> RegistrationList:
    """The list for the course's provider; people without a matching consent are only counted."""
    with session.begin():
        course = session.get(Course, course_id)
        if course is None:
            raise NotFound(Text(N_("Kurs {course_id} gibt es nicht (mehr)."), course_id=course_id))
        pairs = session.execute(
            sa.select(Referral, Person)
            .join(Person, Person.id == Referral.person_id)
            .where(Referral.course_id == course_id, Referral.state.in_(LISTED_STATES))
            .order_by(Person.family_name, Person.given_names, Referral.id)
        ).all()
        allowed = consenting_people(session, [p.id for _, p in pairs], course.provider_id, today)
        entries = tuple(_entry(person, referral) for referral, person in pairs if person.id in allowed)
        advisor = session.get(Advisor, actor_id) if actor_id is not None else None
        number = f"{course.bamf_course_number} – " if course.bamf_course_number else ""
        return RegistrationList(
            office=office_name,
            advisor=advisor.display_name if advisor else "",
            provider=course.provider.name,
            course=number + (course.title or course_type_label(course.course_type)),
            course_details=_details(course),
            created_on=today,
            entries=entries,
            withheld=len(pairs) - len(entries),
        )


def registration_list_pdf(data: RegistrationList) -> bytes:
    """The list as PDF (reportlab is imported only when a list is printed)."""
    from kim_desktop.documents.registration_list_pdf import render_registration_list

    return render_registration_list(data)


def registration_list_csv_text(data: RegistrationList) -> str:
    """The list as CSV text for the provider."""
    return registration_list_csv(HEADERS, [entry_cells(e) for e in data.entries], data.withheld_text)
