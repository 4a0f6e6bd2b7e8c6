"""Consents (purpose, data, recipients, how given, revoked), their review list, and erasure on request."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from kim_desktop.db.models import Consent, ConsentData, Organisation, Person
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.consent_scope import (
    ConsentPurpose,
    ConsentTerms,
    DataCategory,
    DataUse,
    Shortfall,
    ordered,
    refusal,
)
from kim_desktop.domain.enums import ConsentMethod
from kim_desktop.domain.errors import FieldError, NotFound, ValidationFailed
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.audit import AuditAction, check_if_signed_in, record
from kim_desktop.services.erasure import ErasureNotes, ErasureResult, erase_person_data, scrub_after_erasure
from kim_desktop.services.outreach_journal import journaled


@dataclass(frozen=True)
class ConsentInput:
    """A consent as the advisor records it from the signed form or the witnessed conversation."""

    person_id: int
    purpose: ConsentPurpose | None
    data: frozenset[DataCategory]
    recipient_ids: tuple[int, ...]
    given_on: date
    method: ConsentMethod
    witness: str | None = None
    purpose_text: str = ""  # details in the advisor's words (optional)
    data_text: str = ""
    valid_until: date | None = None


@dataclass(frozen=True)
class ConsentRow:
    """A consent as the case file shows it; purpose None: recorded as free text, covers nothing until reviewed."""

    id: int
    person_id: int
    purpose: ConsentPurpose | None
    purpose_text: str
    data: tuple[DataCategory, ...]
    data_text: str
    recipients: tuple[str, ...]
    recipient_ids: tuple[int, ...]
    given_on: date
    method: ConsentMethod
    witness: str | None
    revoked_on: date | None
    valid_until: date | None = None

    @property
    def needs_review(self) -> bool:
        """Recorded without a structured purpose (before revision 0006): an advisor has to assign one."""
        return self.purpose is None


@dataclass(frozen=True)
class ReviewItem:
    """A consent on the review list: whose it is, and what it said in free text."""

    person_name: str
    birth_date: date | None
    consent: ConsentRow


def _consent_row(c: Consent) -> ConsentRow:
    recipients = sorted(c.recipients, key=lambda o: o.name)
    return ConsentRow(
        c.id, c.person_id, c.purpose, c.purpose_text, ordered(c.data), c.data_text, tuple(o.name for o in recipients),
        tuple(o.id for o in recipients), c.given_on, c.method, c.witness, c.revoked_on, c.valid_until,
    )  # fmt: skip


def _check_scope(purpose: ConsentPurpose | None, data: frozenset[DataCategory]) -> list[FieldError]:
    errors: list[FieldError] = []
    if purpose is None:
        errors.append(
            FieldError("purpose", Text(N_("Zweck: bitte angeben (pauschale Einwilligungen sind unwirksam).")))
        )
    if not data:
        errors.append(FieldError("data", Text(N_("Welche Daten: bitte mindestens eine Datenart ankreuzen."))))
    return errors


def _check_consent(session: Session, data: ConsentInput, today: date) -> list[Organisation]:
    errors = _check_scope(data.purpose, data.data)
    recipients = list(session.scalars(sa.select(Organisation).where(Organisation.id.in_(data.recipient_ids))))
    if not data.recipient_ids:
        errors.append(
            FieldError("recipient_ids", Text(N_("Empfänger: mindestens eine Partnerorganisation auswählen.")))
        )
    elif len(recipients) != len(set(data.recipient_ids)):
        errors.append(FieldError("recipient_ids", Text(N_("Empfänger: nicht in der Liste der Partner."))))
    if data.given_on > today:
        errors.append(FieldError("given_on", Text(N_("Erteilt am: darf nicht in der Zukunft liegen."))))
    if data.valid_until is not None and data.valid_until < data.given_on:
        errors.append(FieldError("valid_until", Text(N_("Gültig bis: liegt vor der Erteilung."))))
    if data.method == ConsentMethod.VERBAL_WITNESSED and not (data.witness or "").strip():
        errors.append(FieldError("witness", Text(N_("Zeugin/Zeuge: bei mündlicher Einwilligung bitte angeben."))))
    if errors:
        raise ValidationFailed(errors)
    return recipients


@journaled("record_consent")  # travels from an outreach copy (services/outreach_status_kinds.py)
def record_consent(session: Session, actor: Actor | None, data: ConsentInput, now: datetime) -> int:
    """Record a consent for one purpose, named data and named recipients; returns its id."""
    require(actor, Action.EDIT_CASES)
    with session.begin():
        if session.get(Person, data.person_id) is None:
            raise NotFound(Text(N_("Die Person gibt es nicht mehr.")))
        recipients = _check_consent(session, data, now.date())
        consent = Consent(
            person_id=data.person_id, purpose=data.purpose, purpose_text=data.purpose_text.strip(),
            data_text=data.data_text.strip(), given_on=data.given_on, valid_until=data.valid_until,
            method=data.method, witness=(data.witness or "").strip() or None,
            recorded_by_id=actor.advisor_id if actor else None, recipients=recipients,
            data_items=[ConsentData(category=c) for c in ordered(data.data)],
        )  # fmt: skip
        session.add(consent)
        session.flush()
        changes = {"purpose": (None, consent.purpose), "data": (None, [c.value for c in ordered(data.data)]),
                   "recipient_ids": (None, sorted(data.recipient_ids)), "given_on": (None, data.given_on),
                   "valid_until": (None, data.valid_until), "method": (None, data.method)}  # fmt: skip
        record(session, actor, AuditAction.CONSENT_RECORDED, "consent", consent.id, data.person_id, changes, at=now)
        return consent.id


@journaled("assign_purpose")  # travels from an outreach copy (services/outreach_status_kinds.py)
def assign_purpose(
    session: Session,
    actor: Actor | None,
    consent_id: int,
    purpose: ConsentPurpose | None,
    data: frozenset[DataCategory],
    now: datetime,
) -> None:
    """Review a free-text consent: assign the purpose and data it was given for (once; then it covers that use)."""
    require(actor, Action.EDIT_CASES)
    with session.begin():
        consent = session.get(Consent, consent_id)
        if consent is None:
            raise NotFound(Text(N_("Die Einwilligung gibt es nicht mehr.")))
        if consent.purpose is not None:
            raise ValidationFailed([FieldError("purpose", Text(N_(
                "Zweck: ist schon zugeordnet. Für einen anderen Zweck bitte eine neue Einwilligung erfassen."
            )))])  # fmt: skip
        errors = _check_scope(purpose, data)
        if errors:
            raise ValidationFailed(errors)
        consent.purpose = purpose
        consent.data_items = [ConsentData(category=c) for c in ordered(data)]
        changes = {"purpose": (None, purpose), "data": (None, [c.value for c in ordered(data)])}
        record(session, actor, AuditAction.CONSENT_PURPOSE_ASSIGNED, "consent", consent.id, consent.person_id,
               changes, at=now)  # fmt: skip


@journaled("revoke_consent")  # travels from an outreach copy (services/outreach_status_kinds.py)
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


def _with_details[S: sa.Select[Any]](stmt: S) -> S:
    return stmt.options(selectinload(Consent.recipients), selectinload(Consent.data_items))


def consents_of(session: Session, person_id: int) -> list[ConsentRow]:
    """The person's consents in the caller's transaction (for case files and access requests)."""
    stmt = _with_details(sa.select(Consent).where(Consent.person_id == person_id))
    return [_consent_row(c) for c in session.scalars(stmt.order_by(Consent.given_on.desc(), Consent.id.desc()))]


def list_consents_to_review(session: Session, actor: Actor | None) -> list[ReviewItem]:
    """The review list: unrevoked consents without a purpose (free text), oldest first; they cover nothing."""
    require(actor, Action.READ_CASES)
    with session.begin():
        stmt = _with_details(
            sa.select(Consent)
            .join(Person, Person.id == Consent.person_id)
            .where(Consent.purpose.is_(None), Consent.revoked_on.is_(None))
        ).add_columns(Person.family_name, Person.given_names, Person.birth_date)
        rows = session.execute(stmt.order_by(Consent.given_on, Consent.id)).all()
        return [ReviewItem(f"{family}, {given}", born, _consent_row(c)) for c, family, given, born in rows]


def count_consents_to_review(session: Session, actor: Actor | None) -> int:
    """How many consents wait for an advisor to assign a purpose (not counting revoked ones); a count, no names."""
    check_if_signed_in(actor, Action.READ_CASES)
    with session.begin():
        stmt = sa.select(sa.func.count(Consent.id)).where(Consent.purpose.is_(None), Consent.revoked_on.is_(None))
        return int(session.scalar(stmt) or 0)


def consent_terms_of(session: Session, person_ids: Collection[int]) -> dict[int, list[ConsentTerms]]:
    """Every consent of these people as terms for the rule, in the caller's transaction."""
    stmt = _with_details(sa.select(Consent).where(Consent.person_id.in_(list(person_ids))))
    result: dict[int, list[ConsentTerms]] = {}
    for c in session.scalars(stmt):
        result.setdefault(c.person_id, []).append(
            ConsentTerms(
                c.purpose, frozenset(o.id for o in c.recipients), c.data, c.given_on, c.revoked_on, c.valid_until
            )
        )
    return result


def data_use_refusals(
    session: Session,
    person_ids: Collection[int],
    purpose: ConsentPurpose,
    recipient_id: int,
    data: frozenset[DataCategory],
    on_date: date,
) -> dict[int, Shortfall]:
    """Who must be left out of passing these data to this recipient for this purpose: person id -> why.

    In the caller's transaction, for every list, export or handover: a person is included only under one
    consent whose purpose, recipient and data cover the use on that day (domain rule `covers`).
    """
    terms = consent_terms_of(session, person_ids)
    refusals: dict[int, Shortfall] = {}
    for person_id in person_ids:
        found = refusal(terms.get(person_id, []), DataUse(purpose, recipient_id, data, on_date))
        if found is not None:
            refusals[person_id] = found
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
