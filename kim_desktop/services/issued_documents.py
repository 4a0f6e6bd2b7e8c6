"""The last steps of issuing any document: the stored record of what went out and its audit entry."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from kim_desktop.db.models import IssuedDocument
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import DocumentKind
from kim_desktop.domain.text import Text
from kim_desktop.services.audit import AuditAction, record
from kim_desktop.services.document_language import languages_of
from kim_desktop.services.outreach_journal import journaled


@dataclass(frozen=True)
class IssuedPdf:
    """A rendered document for a person, its stored record (None: a preview) and warnings for the advisor."""

    kind: DocumentKind
    person_id: int
    pdf: bytes
    language: str  # the second language printed ("de": German only)
    text_version: str
    issue_date: date
    document_id: int | None = None
    warnings: tuple[Text, ...] = ()


@journaled("record_issued")  # a letter printed at an outreach consultation is recorded at the office too
def record_issued(
    session: Session, actor: Actor | None, kind: DocumentKind, person_id: int, language: str, text_version: str,
    now: datetime, *, issued_by_id: int | None = None, referral_id: int | None = None, reprint: bool = False,
) -> int:  # fmt: skip
    """Store that a document went out (kind, languages, text version, by whom) and audit it without its content.

    Returns the stored record's id. The audit entry names the referral for referral letters, else the record;
    issued_by_id defaults to the actor's account.
    """
    document = IssuedDocument(
        person_id=person_id, referral_id=referral_id, kind=kind, language=language, text_version=text_version,
        issued_at=now, issued_by_id=issued_by_id if issued_by_id is not None or actor is None else actor.advisor_id,
    )  # fmt: skip
    session.add(document)
    session.flush()
    if actor is not None:
        changes: dict[str, tuple[object, object]] = {"kind": (None, kind), "languages": (None, languages_of(language))}
        if reprint:
            changes["reprint"] = (None, True)
        entity = ("referral", referral_id) if referral_id is not None else ("issued_document", document.id)
        record(session, actor, AuditAction.LETTER_PRINTED, entity[0], entity[1], person_id, changes, at=now)
    return document.id
