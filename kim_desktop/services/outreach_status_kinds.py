"""The status changes that travel: a referral moved on (registered, cancelled, …), a consent recorded or revoked.

Each is replayed through its own service at the office. When the office changed the same record meanwhile, a rule
decides and the sync lists it: a referral whose state at the office is no longer the one the laptop moved it from
keeps the office's state; a consent the office has already revoked keeps the office's date.
"""

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import Consent, Course, Person, Referral
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import ReferralState
from kim_desktop.domain.referral_flow import STATE_NAMES
from kim_desktop.domain.text import N_, Text
from kim_desktop.services import privacy, referrals
from kim_desktop.services.outreach_codec import decode, encode, ref
from kim_desktop.services.outreach_journal import Recording
from kim_desktop.services.outreach_seats import addressed
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
            sa.select(Referral.state, Person, Course.title)
            .join(Person, Person.id == Referral.person_id)
            .join(Course, Course.id == Referral.course_id)
            .where(Referral.id == referral_id)
        ).first()
        if found is not None:
            office_state, person, title = found.state, found.Person, found.title
            name = addressed(person)
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
    referrals.transition_referral(session, referral_id, to_state, actor=actor, reason=params["reason"],
                                  today=date.fromisoformat(params["today"]), now=at)  # fmt: skip


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
    with session.begin():
        found = session.execute(
            sa.select(Consent.revoked_on, Person)
            .join(Person, Person.id == Consent.person_id)
            .where(Consent.id == consent_id)
        ).first()
        office_revoked = found.revoked_on if found is not None else None
        name = addressed(found.Person) if found is not None else ""
    if office_revoked is not None:
        if office_revoked != revoked_on:
            rec.outcome = "conflict"
            rec.message = Text(
                N_("Einwilligung von {name}: offline widerrufen am {offline:%d.%m.%Y}, im Büro schon am "
                   "{office:%d.%m.%Y} – es bleibt der {office:%d.%m.%Y}"),
                name=name, offline=revoked_on, office=office_revoked,
            )  # fmt: skip
        return
    privacy.revoke_consent(session, actor, consent_id, revoked_on, at)
