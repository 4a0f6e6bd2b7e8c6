"""The registration list of a course: referred people, with personal data only where a consent allows it."""

from collections.abc import Mapping
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import Advisor, Course, Person, Referral
from kim_desktop.documents.registration_list_data import (
    HEADERS,
    RegistrationEntry,
    RegistrationList,
    entry_cells,
)
from kim_desktop.domain.access import Action, Actor
from kim_desktop.domain.consent_scope import REGISTRATION_LIST_DATA, ConsentPurpose, LeftOut, reason_text
from kim_desktop.domain.course_labels import course_type_label
from kim_desktop.domain.enums import PermissionKind, ReferralState
from kim_desktop.domain.errors import NotFound
from kim_desktop.domain.referral_flow import STATE_NAMES
from kim_desktop.domain.text import N_, Text
from kim_desktop.exchange.registration_list_csv import registration_list_csv
from kim_desktop.services.audit import AuditAction, check_if_signed_in, record
from kim_desktop.services.privacy import data_use_refusals

LISTED_STATES = (ReferralState.RESERVED, ReferralState.REGISTERED, ReferralState.STARTED)
_PERMISSION_NAMES = {
    PermissionKind.BERECHTIGUNG: "Berechtigung",
    PermissionKind.VERPFLICHTUNG: "Verpflichtung",
    PermissionKind.ZULASSUNG: "Zulassung (BAMF)",
    PermissionKind.JOBCENTER_ZULASSUNG: "Zulassung (Jobcenter)",
    PermissionKind.SELBSTZAHLER: "Selbstzahler/in",
}
_WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


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
        name=" ".join(f"{person.family_name}, {person.given_names}".split()),  # one line, as saved since
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


def _audit_list(session: Session, actor: Actor | None, course: Course, listed: list[int], refusals: Mapping[int, str]
                ) -> None:  # fmt: skip
    """One EXPORTED entry per listed person (their data went to the provider) and one for the list as a whole."""
    if actor is None:
        return
    what = {"document": (None, "registration_list"), "recipient_id": (None, course.provider_id)}
    for person_id in listed:
        record(session, actor, AuditAction.EXPORTED, "course", course.id, person_id, what)
    left_out = [[person_id, reason] for person_id, reason in sorted(refusals.items())]  # ids and reasons, no names
    summary = {**what, "listed": (None, len(listed)), "left_out": (None, left_out or None)}
    record(session, actor, AuditAction.EXPORTED, "course", course.id, None, summary)


def build_registration_list(
    session: Session,
    course_id: int,
    office_name: str,
    *,
    actor_id: int | None = None,
    actor: Actor | None = None,
    today: date,
) -> RegistrationList:
    """The list for the course's provider; people without a consent covering it are only counted (with the reason).

    A person is named only under one consent for registration with the provider that covers every column the
    list prints (REGISTRATION_LIST_DATA) on the day; the others are counted and named to the advisor with the reason.

    With an actor the list is checked (printing letters and lists) and recorded as an export to the provider.
    """
    check_if_signed_in(actor, Action.PRINT_LETTERS)
    actor_id = actor.advisor_id if actor is not None else actor_id
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
        found = data_use_refusals(
            session, {p.id for _, p in pairs}, ConsentPurpose.COURSE_REGISTRATION, course.provider_id,
            REGISTRATION_LIST_DATA, today,
        )  # fmt: skip
        refusals = {person_id: reason_text(shortfall) for person_id, shortfall in found.items()}
        entries = tuple(_entry(person, referral) for referral, person in pairs if person.id not in refusals)
        left_out = tuple(
            LeftOut(p.id, f"{p.family_name}, {p.given_names}", refusals[p.id]) for _, p in pairs if p.id in refusals
        )
        _audit_list(session, actor, course, [p.id for _, p in pairs if p.id not in refusals], refusals)
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
            left_out_people=left_out,
        )


def registration_list_pdf(data: RegistrationList) -> bytes:
    """The list as PDF (reportlab is imported only when a list is printed)."""
    from kim_desktop.documents.registration_list_pdf import render_registration_list

    return render_registration_list(data)


def registration_list_csv_text(data: RegistrationList) -> str:
    """The list as CSV text for the provider."""
    return registration_list_csv(HEADERS, [entry_cells(e) for e in data.entries], data.withheld_text)
