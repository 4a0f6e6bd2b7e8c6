"""The printable consent form for a person: rendered for preview, recorded and audited when printed or saved."""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import IssuedDocument, Organisation, Person
from kim_desktop.documents import letter_data as ld
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.consent_scope import ConsentPurpose, DataCategory, ordered
from kim_desktop.domain.enums import DocumentKind
from kim_desktop.domain.errors import FieldError, NotFound, ValidationFailed
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.audit import AuditAction, record
from kim_desktop.services.letters import (  # the letters' own letterhead and language choice
    _advisor,
    _office,
    checked_language,
    letter_language_of,
)
from kim_desktop.settings import OfficeProfile


@dataclass(frozen=True)
class ConsentFormRequest:
    """What the form asks consent for; language None means the person's letter language."""

    person_id: int
    purpose: ConsentPurpose | None
    data: frozenset[DataCategory]
    recipient_ids: tuple[int, ...]
    language: str | None = None
    purpose_text: str = ""  # details in the advisor's words, printed as the German original
    data_text: str = ""
    valid_until: date | None = None


@dataclass(frozen=True)
class ConsentForm:
    """A rendered consent form; document_id is set once it was recorded as issued."""

    person_id: int
    pdf: bytes
    languages: tuple[str, ...]
    document_id: int | None


def _check(request: ConsentFormRequest) -> None:
    errors: list[FieldError] = []
    if request.purpose is None:
        errors.append(
            FieldError("purpose", Text(N_("Zweck: bitte angeben (pauschale Einwilligungen sind unwirksam).")))
        )
    if not request.data:
        errors.append(FieldError("data", Text(N_("Welche Daten: bitte mindestens eine Datenart ankreuzen."))))
    if not request.recipient_ids:
        errors.append(
            FieldError("recipient_ids", Text(N_("Empfänger: mindestens eine Partnerorganisation auswählen.")))
        )
    if errors:
        raise ValidationFailed(errors)


def _recipients(session: Session, ids: tuple[int, ...]) -> tuple[str, ...]:
    names = list(
        session.scalars(sa.select(Organisation.name).where(Organisation.id.in_(ids)).order_by(Organisation.name))
    )
    if len(names) != len(set(ids)):
        raise ValidationFailed([FieldError("recipient_ids", Text(N_("Empfänger: nicht in der Liste der Partner.")))])
    return tuple(names)


def consent_form(
    session: Session,
    actor: Actor | None,
    request: ConsentFormRequest,
    office: OfficeProfile,
    now: datetime,
    *,
    issue: bool = False,
) -> ConsentForm:
    """Render the consent form (German plus the person's language); with issue=True record and audit it."""
    from kim_desktop.documents.consent_form import ConsentFormData, render_consent_form  # reportlab: when needed

    user = require(actor, Action.PRINT_LETTERS)
    _check(request)
    assert request.purpose is not None  # checked above
    with session.begin():
        person = session.get(Person, request.person_id)
        if person is None:
            raise NotFound(Text(N_("Die Person gibt es nicht mehr.")))
        language = checked_language(request.language) or letter_language_of(person)
        data = ConsentFormData(
            office=_office(office),
            advisor=_advisor(session, user.advisor_id),
            person=ld.Person(person.family_name, person.given_names, person.birth_date, person.street or "",
                             person.postcode or "", person.municipality.name if person.municipality else ""),
            purpose=request.purpose,
            data=ordered(request.data),
            purpose_text=request.purpose_text.strip(),
            data_text=request.data_text.strip(),
            valid_until=request.valid_until,
            recipients=_recipients(session, request.recipient_ids),
            language=language,
            issue_date=now.date(),
            reference=f"E-{person.id}",
        )  # fmt: skip
        rendered = render_consent_form(data)
        printed = rendered.languages[-1]
        document_id: int | None = None
        if issue:
            document = IssuedDocument(
                person_id=person.id, kind=DocumentKind.CONSENT_FORM, language=printed,
                text_version=rendered.text_version(printed) or "", issued_at=now, issued_by_id=user.advisor_id,
            )  # fmt: skip
            session.add(document)
            session.flush()
            document_id = document.id
            record(session, user, AuditAction.LETTER_PRINTED, "issued_document", document.id, person.id,
                   {"kind": (None, DocumentKind.CONSENT_FORM), "language": (None, printed)}, at=now)  # fmt: skip
        return ConsentForm(person.id, rendered.pdf, rendered.languages, document_id)
