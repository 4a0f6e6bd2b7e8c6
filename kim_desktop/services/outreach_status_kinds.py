"""The status changes that travel: a referral proposed or moved on, a consent recorded, reviewed or revoked.

Each is replayed through its own service at the office. When the office changed the same record meanwhile, a rule
decides and the sync lists it: a referral whose state at the office is no longer the one the laptop moved it from
keeps the office's state; a consent the office has already revoked keeps the office's date; a consent whose purpose
the office has already assigned keeps the office's purpose.
"""

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import Consent, Course, Person, Referral
from kim_desktop.domain.access import Actor
from kim_desktop.domain.consent_scope import ConsentPurpose, DataCategory, purpose_name
from kim_desktop.domain.enums import ReferralState
from kim_desktop.domain.errors import Conflict
from kim_desktop.domain.referral_flow import STATE_NAMES
from kim_desktop.domain.text import N_, Text
from kim_desktop.services import privacy, referrals
from kim_desktop.services.outreach_codec import decode, encode, ref
from kim_desktop.services.outreach_journal import Recording
from kim_desktop.services.outreach_seats import addressed, is_seat_gone, seat_gone
from kim_desktop.services.privacy import ConsentInput

Params = dict[str, Any]


def transition_params(session: Session, a: dict[str, Any]) -> Params:
    """The change and the state the laptop moved the referral from (the office compares it with its own)."""
    with session.begin():
        referral = session.get(Referral, a["referral_id"])
        from_state = referral.state.value if referral is not None else None
    return {"referral": ref("referrals", a["referral_id"]), "from_state": from_state, "to_state": encode(a["to_state"]),
            "reason": a["reason"], "today": a["today"].isoformat()}  # fmt: skip


def _state_word(state: str | None) -> Text:
    return STATE_NAMES[ReferralState(state)] if state is not None else Text(N_("unbekannt"))


def replay_transition(session: Session, params: Params, actor: Actor, at: datetime, rec: Recording) -> None:
    """Apply the change if the office's referral is still where the laptop found it; else keep the office's state."""
    referral_id, to_state = params["referral"], ReferralState(params["to_state"])
    with session.begin():
        found = session.execute(
            sa.select(Referral.state, Person, Course.title, Course.id)
            .join(Person, Person.id == Referral.person_id)
            .join(Course, Course.id == Referral.course_id)
            .where(Referral.id == referral_id)
        ).first()
        if found is not None:
            office_state, title, course_id = found.state, found.title, found.id
            person_id, name = found.Person.id, addressed(found.Person)
    if found is not None and office_state == to_state:
        return  # the office made the same change: nothing to do
    if found is not None and params["from_state"] is not None and office_state.value != params["from_state"]:
        rec.outcome = "conflict"
        rec.message = Text(
            N_("Vermittlung {name} ({course}): offline „{old}“ → „{new}“, im Büro inzwischen „{office}“ – "
               "es bleibt „{office}“, bitte prüfen"),
            name=name, course=title or "–", old=_state_word(params["from_state"]), new=STATE_NAMES[to_state],
            office=STATE_NAMES[office_state],
        )  # fmt: skip
        return
    today = date.fromisoformat(params["today"])
    try:
        referrals.transition_referral(session, referral_id, to_state, actor=actor, reason=params["reason"],
                                      today=today, now=at)  # fmt: skip
    except Conflict as exc:  # a proposal turned into a hold offline: the seat went meanwhile, as for a hold
        if found is None or to_state != ReferralState.RESERVED or not is_seat_gone(exc):
            raise
        seat_gone(session, person_id, course_id, None, actor, today, at, rec)


def _consent_at_office(session: Session, consent_id: int, column: Any) -> tuple[Any, str]:
    """One value of a consent as the office has it now, and whose it is (None, "" if it is gone)."""
    with session.begin():
        found = session.execute(
            sa.select(column, Person).join(Person, Person.id == Consent.person_id).where(Consent.id == consent_id)
        ).first()
        return (found[0], addressed(found.Person)) if found is not None else (None, "")


def _office_keeps(rec: Recording, office: Any, offline: Any, says: Text) -> bool:
    """The office has a value already: it stays; an offline value that differs is listed (a conflict in words)."""
    if office is None:
        return False
    if office != offline:
        rec.outcome, rec.message = "conflict", says
    return True


def consent_params(session: Session, a: dict[str, Any]) -> Params:
    """A consent recorded offline: the form's values; the person may be new offline."""
    plain = encode(a["data"])
    plain["person_id"] = ref("people", a["data"].person_id)
    return {"data": plain}


def replay_consent(session: Session, params: Params, actor: Actor, at: datetime) -> None:
    """Record the consent at the office as given offline (checked again there)."""
    privacy.record_consent(session, actor, decode(ConsentInput, params["data"]), at)


def revoke_params(session: Session, a: dict[str, Any]) -> Params:
    """A consent revoked offline: which (it may have been recorded offline) and from which day."""
    return {"consent": ref("consents", a["consent_id"]), "revoked_on": a["revoked_on"].isoformat()}


def replay_revoke(session: Session, params: Params, actor: Actor, at: datetime, rec: Recording) -> None:
    """Revoke at the office; a revocation the office has recorded already stays as it is (listed if it differs)."""
    consent_id, revoked_on = params["consent"], date.fromisoformat(params["revoked_on"])
    office_revoked, name = _consent_at_office(session, consent_id, Consent.revoked_on)
    says = Text(
        N_("Einwilligung von {name}: offline widerrufen am {offline:%d.%m.%Y}, im Büro schon am {office:%d.%m.%Y} – "
           "es bleibt der {office:%d.%m.%Y}"),
        name=name, offline=revoked_on, office=office_revoked or revoked_on,
    )  # fmt: skip
    if _office_keeps(rec, office_revoked, revoked_on, says):
        return
    privacy.revoke_consent(session, actor, consent_id, revoked_on, at)


def propose_params(session: Session, a: dict[str, Any]) -> Params:
    """A course proposed offline (no seat taken): the person may be new offline."""
    return {"person": ref("people", a["person_id"]), "course_id": a["course_id"]}


def replay_propose(session: Session, params: Params, actor: Actor, at: datetime) -> None:
    """Propose the course at the office (refused and listed if the person is already noted for it there)."""
    referrals.propose_referral(session, params["person"], params["course_id"], actor=actor, now=at)


def purpose_params(session: Session, a: dict[str, Any]) -> Params:
    """A free-text consent reviewed offline: the purpose and data assigned to it."""
    return {"consent": ref("consents", a["consent_id"]), "purpose": encode(a["purpose"]), "data": encode(a["data"])}


def replay_purpose(session: Session, params: Params, actor: Actor, at: datetime, rec: Recording) -> None:
    """Assign at the office unless the office assigned a purpose meanwhile (then the office's stays, listed)."""
    consent_id = params["consent"]
    purpose = ConsentPurpose(params["purpose"]) if params["purpose"] is not None else None
    office_purpose, name = _consent_at_office(session, consent_id, Consent.purpose)
    if office_purpose is not None and _office_keeps(rec, office_purpose, purpose, Text(
        N_("Einwilligung von {name}: offline einem anderen Zweck zugeordnet, im Büro schon „{office}“ – es bleibt "
           "„{office}“"), name=name, office=purpose_name(office_purpose),
    )):  # fmt: skip
        return
    data = frozenset(DataCategory(c) for c in params["data"])
    privacy.assign_purpose(session, actor, consent_id, purpose, data, at)
