"""The printable consent form for a person: rendered for preview, recorded and audited when printed or saved."""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import Organisation, Person
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.consent_scope import ConsentPurpose, DataCategory, ordered
from kim_desktop.domain.enums import DocumentKind
from kim_desktop.domain.errors import FieldError, NotFound, ValidationFailed
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.document_language import document_language
from kim_desktop.services.issued_documents import IssuedPdf, record_issued
from kim_desktop.services.letterhead import addressee, office_letterhead, signing_advisor
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
) -> IssuedPdf:
    """Render the consent form (German plus the person's language); with issue=True record and audit it."""
    from kim_desktop.documents.consent_form import ConsentFormData, render_consent_form  # reportlab: when needed

    user = require(actor, Action.PRINT_LETTERS)
    _check(request)
    assert request.purpose is not None  # checked above
    with session.begin():
        person = session.get(Person, request.person_id)
        if person is None:
            raise NotFound(Text(N_("Die Person gibt es nicht mehr.")))
        language = document_language(person, request.language)
        data = ConsentFormData(
            office=office_letterhead(office),
            advisor=signing_advisor(session, user.advisor_id),
            person=addressee(person),
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
        version = rendered.text_version(printed) or ""
        document_id = None
        if issue:
            document_id = record_issued(session, user, DocumentKind.CONSENT_FORM, person.id, printed, version, now)
        return IssuedPdf(DocumentKind.CONSENT_FORM, person.id, rendered.pdf, printed, version, now.date(), document_id)
