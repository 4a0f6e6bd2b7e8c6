"""Consents (purpose, data, recipients, how given, revoked) and the erasure of one person on request."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from kim_desktop.db.models import Consent, Organisation, Person
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.enums import ConsentMethod
from kim_desktop.domain.errors import FieldError, NotFound, ValidationFailed
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.audit import AuditAction, record
from kim_desktop.services.erasure import ErasureNotes, ErasureResult, erase_person_data, scrub_after_erasure


@dataclass(frozen=True)
class ConsentInput:
    """A consent as the advisor records it from the signed form or the witnessed conversation."""

    person_id: int
    purpose: str
    data_categories: str
    recipient_ids: tuple[int, ...]
    given_on: date
    method: ConsentMethod
    witness: str | None = None


@dataclass(frozen=True)
class ConsentRow:
    """A consent as the case file shows it."""

    id: int
    person_id: int
    purpose: str
    data_categories: str
    recipients: tuple[str, ...]
    recipient_ids: tuple[int, ...]
    given_on: date
    method: ConsentMethod
    witness: str | None
    revoked_on: date | None


def _consent_row(c: Consent) -> ConsentRow:
    recipients = sorted(c.recipients, key=lambda o: o.name)
    return ConsentRow(
        c.id, c.person_id, c.purpose, c.data_categories, tuple(o.name for o in recipients),
        tuple(o.id for o in recipients), c.given_on, c.method, c.witness, c.revoked_on,
    )  # fmt: skip


def _check_consent(session: Session, data: ConsentInput, today: date) -> list[Organisation]:
    errors: list[FieldError] = []
    if not data.purpose.strip():
        errors.append(
            FieldError("purpose", Text(N_("Zweck: bitte angeben (pauschale Einwilligungen sind unwirksam).")))
        )
    if not data.data_categories.strip():
        errors.append(FieldError("data_categories", Text(N_("Welche Daten: bitte angeben."))))
    recipients = list(session.scalars(sa.select(Organisation).where(Organisation.id.in_(data.recipient_ids))))
    if not data.recipient_ids:
        errors.append(
            FieldError("recipient_ids", Text(N_("Empfänger: mindestens eine Partnerorganisation auswählen.")))
        )
    elif len(recipients) != len(set(data.recipient_ids)):
        errors.append(FieldError("recipient_ids", Text(N_("Empfänger: nicht in der Liste der Partner."))))
    if data.given_on > today:
        errors.append(FieldError("given_on", Text(N_("Erteilt am: darf nicht in der Zukunft liegen."))))
    if data.method == ConsentMethod.VERBAL_WITNESSED and not (data.witness or "").strip():
        errors.append(FieldError("witness", Text(N_("Zeugin/Zeuge: bei mündlicher Einwilligung bitte angeben."))))
    if errors:
        raise ValidationFailed(errors)
    return recipients


def record_consent(session: Session, actor: Actor | None, data: ConsentInput, now: datetime) -> int:
    """Record a purpose-bound consent for named recipients; returns its id."""
    require(actor, Action.EDIT_CASES)
    with session.begin():
        if session.get(Person, data.person_id) is None:
            raise NotFound(Text(N_("Die Person gibt es nicht mehr.")))
        recipients = _check_consent(session, data, now.date())
        consent = Consent(
            person_id=data.person_id, purpose=data.purpose.strip(), data_categories=data.data_categories.strip(),
            given_on=data.given_on, method=data.method, witness=(data.witness or "").strip() or None,
            recorded_by_id=actor.advisor_id if actor else None, recipients=recipients,
        )  # fmt: skip
        session.add(consent)
        session.flush()
        changes = {"purpose": (None, consent.purpose), "recipient_ids": (None, sorted(data.recipient_ids)),
                   "given_on": (None, data.given_on), "method": (None, data.method)}  # fmt: skip
        record(session, actor, AuditAction.CONSENT_RECORDED, "consent", consent.id, data.person_id, changes, at=now)
        return consent.id


def revoke_consent(session: Session, actor: Actor | None, consent_id: int, revoked_on: date, now: datetime) -> None:
    """Mark a consent as revoked from this day on (kept as history, no longer valid)."""
    require(actor, Action.EDIT_CASES)
    with session.begin():
        consent = session.get(Consent, consent_id)
        if consent is None:
            raise NotFound(Text(N_("Die Einwilligung gibt es nicht mehr.")))
        if revoked_on < consent.given_on:
            raise ValidationFailed([FieldError("revoked_on", Text(N_("Widerrufen am: liegt vor der Erteilung.")))])
        if revoked_on > now.date():
            raise ValidationFailed([FieldError("revoked_on", Text(N_("Widerrufen am: liegt in der Zukunft.")))])
        old, consent.revoked_on = consent.revoked_on, revoked_on
        record(session, actor, AuditAction.CONSENT_REVOKED, "consent", consent.id, consent.person_id,
               {"revoked_on": (old, revoked_on)}, at=now)  # fmt: skip


def list_consents(session: Session, actor: Actor | None, person_id: int) -> list[ConsentRow]:
    """The person's consents, newest first, including revoked ones."""
    require(actor, Action.READ_CASES)
    with session.begin():
        return consents_of(session, person_id)


def consents_of(session: Session, person_id: int) -> list[ConsentRow]:
    """The person's consents in the caller's transaction (for case files and access requests)."""
    stmt = (
        sa.select(Consent).where(Consent.person_id == person_id).options(selectinload(Consent.recipients))
        .order_by(Consent.given_on.desc(), Consent.id.desc())
    )  # fmt: skip
    return [_consent_row(c) for c in session.scalars(stmt)]


def _valid_on(on_date: date) -> sa.ColumnElement[bool]:
    return sa.and_(Consent.given_on <= on_date, sa.or_(Consent.revoked_on.is_(None), Consent.revoked_on > on_date))


def consented_recipients(session: Session, person_id: int, on_date: date) -> set[int]:
    """Ids of the organisations the person's valid consents allow passing data to on that day."""
    return consented_recipients_of(session, [person_id], on_date).get(person_id, set())


def consented_recipients_of(session: Session, person_ids: Collection[int], on_date: date) -> dict[int, set[int]]:
    """For many people at once (registration lists, exports): person id -> permitted organisation ids."""
    stmt = (
        sa.select(Consent.person_id, Organisation.id)
        .join(Consent.recipients)
        .where(Consent.person_id.in_(list(person_ids)), _valid_on(on_date))
    )
    result: dict[int, set[int]] = {}
    for person_id, organisation_id in session.execute(stmt):
        result.setdefault(person_id, set()).add(organisation_id)
    return result


def consent_refusals(
    session: Session, person_ids: Collection[int], organisation_id: int, on_date: date
) -> dict[int, str]:
    """Why people must be left out when passing data to an organisation: person id -> German reason."""
    allowed = consented_recipients_of(session, person_ids, on_date)
    refusals: dict[int, str] = {}
    for person_id in person_ids:
        if organisation_id in allowed.get(person_id, set()):
            continue
        revoked = session.scalar(
            sa.select(sa.func.max(Consent.revoked_on)).join(Consent.recipients)
            .where(Consent.person_id == person_id, Organisation.id == organisation_id, Consent.revoked_on <= on_date)
        )  # fmt: skip
        refusals[person_id] = (
            f"Einwilligung für diesen Empfänger am {revoked:%d.%m.%Y} widerrufen."
            if revoked
            else "Keine gültige Einwilligung für diesen Empfänger."
        )
    return refusals


def erase_person(session: Session, actor: Actor | None, person_id: int, now: datetime) -> ErasureResult:
    """Erase one person on request (Art. 17 GDPR); leaves only an anonymous audit entry and a ledger line.

    The ledger (beside a local database file, keyed hashes only) lets a later restore erase the person again.
    The result says when another program's open read keeps erased content in the file for now.
    """
    require(actor, Action.ERASE)
    notes = ErasureNotes(session)
    try:
        with session.begin():
            if session.get(Person, person_id) is None:
                raise NotFound(Text(N_("Die Person gibt es nicht mehr.")))
            notes.note(person_id, now, "request")
            erase_person_data(session, person_id)
            record(session, actor, AuditAction.PERSON_ERASED, "person", person_id, person_id,
                   {"reason": (None, "request")}, at=now)  # fmt: skip
    except BaseException:
        notes.undo()
        raise
    return ErasureResult(scrub_after_erasure(session))
