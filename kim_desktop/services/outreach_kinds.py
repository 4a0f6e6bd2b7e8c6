"""The use cases that travel: per kind, how a call is journaled on the laptop and replayed at the office.

One entry per kind in KINDS; a new use case that should work offline is one more `Kind` here plus
`@journaled("<kind>")` on its service function. Replay calls the same service function with the office's actor,
so roles, validation and audit apply again; record ids made offline arrive already mapped to the office's ids.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from kim_desktop.db.models import Referral
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.enums import DocumentKind
from kim_desktop.services import counselling, people, waiting_list
from kim_desktop.services import outreach_status_kinds as status
from kim_desktop.services.issued_documents import record_issued
from kim_desktop.services.outreach_codec import decode, encode, ref
from kim_desktop.services.outreach_journal import JournalEntry, Recording
from kim_desktop.services.outreach_merge import merge_person_edit
from kim_desktop.services.outreach_seats import replay_reservation
from kim_desktop.services.people_dto import PersonInput, SessionInput
from kim_desktop.services.waiting_list import UnmetNeed

Params = dict[str, Any]


@dataclass(frozen=True)
class Replay:
    """What a replay function gets: the office's session, the resolved parameters, who did it offline and when."""

    session: Session
    params: Params
    actor: Actor
    at: datetime
    today: date
    recording: Recording


@dataclass(frozen=True)
class Kind:
    """How one use case travels: encode its call's arguments; replay them through the same service."""

    encode: Callable[[Session, dict[str, Any]], Params]
    replay: Callable[[Replay], None]
    action: Action = Action.EDIT_CASES  # what the role must permit: a refused call reads nothing to journal it

    def journal(self, kind: str, session: Session, arguments: dict[str, Any]) -> JournalEntry:
        """The journal entry of one call on the laptop (who from the actor, or the bare id of a script)."""
        actor: Actor | None = arguments.get("actor")
        if actor is not None:
            require(actor, self.action)
        advisor_id = actor.advisor_id if actor is not None else arguments.get("actor_id")
        label = actor.display_name if actor is not None else ""
        at = arguments.get("now") or datetime.now()
        return JournalEntry(kind, self.encode(session, arguments), advisor_id, label, at.replace(microsecond=0))


def person_input(data: PersonInput) -> Any:
    """A person's form as plain values; the id of an edited permission is a reference (it may be new offline)."""
    plain = encode(data)
    if data.permission is not None:
        plain["permission"]["id"] = ref("permissions", data.permission.id)
    return plain


def _register(session: Session, a: dict[str, Any]) -> Params:
    today = a["today"] or date.today()
    return {"data": person_input(a["data"]), "today": today.isoformat(), "allow_duplicates": a["allow_duplicates"]}


def _replay_register(r: Replay) -> None:
    # The office's duplicate check runs again whatever was decided offline: the person may exist at the office.
    allowed = bool(r.params.get("duplicates_decided"))
    people.register_person(
        r.session, decode(PersonInput, r.params["data"]), actor=r.actor, today=date.fromisoformat(r.params["today"]),
        allow_duplicates=allowed,
    )  # fmt: skip


def _update(session: Session, a: dict[str, Any]) -> Params:
    with session.begin():  # what the laptop had before the edit: the base of a field-by-field merge
        base = people.details_of(people.load_person(session, a["person_id"])).data
    return {"person": ref("people", a["person_id"]), "data": person_input(a["data"]), "base": person_input(base)}


def _replay_update(r: Replay) -> None:
    merge_person_edit(r.session, r.params, r.actor, r.today, r.recording)


def _session(session: Session, a: dict[str, Any]) -> Params:
    plain = encode(a["data"])
    plain["person_id"] = ref("people", a["data"].person_id)
    return {"data": plain}


def _replay_session(r: Replay) -> None:
    counselling.record_session(r.session, decode(SessionInput, r.params["data"]), actor=r.actor, now=r.at)


def _follow_up(session: Session, a: dict[str, Any]) -> Params:
    return {"follow_up": ref("follow_ups", a["follow_up_id"]), "outcome": a["outcome"]}


def _replay_follow_up(r: Replay) -> None:
    counselling.complete_follow_up(r.session, r.params["follow_up"], r.params["outcome"], actor=r.actor, now=r.at)


def _reserve(session: Session, a: dict[str, Any]) -> Params:
    # "fallback": what to do when the seat is gone at the office; the advisor may choose a course while offline.
    return {"person": ref("people", a["person_id"]), "course_id": a["course_id"], "fallback_course_id": None}


def _replay_reserve(r: Replay) -> None:
    replay_reservation(r.session, r.params, r.actor, r.today, r.at, r.recording)


def _waiting(session: Session, a: dict[str, Any]) -> Params:
    return {"person": ref("people", a["person_id"]), "need": encode(a["need"])}


def _replay_waiting(r: Replay) -> None:
    need = decode(UnmetNeed, r.params["need"])
    waiting_list.add_to_waiting_list(r.session, r.params["person"], need, actor=r.actor)


def _issued(session: Session, a: dict[str, Any]) -> Params:
    return {"kind": encode(a["kind"]), "person": ref("people", a["person_id"]), "language": a["language"],
            "text_version": a["text_version"], "now": encode(a["now"]), "referral": ref("referrals", a["referral_id"]),
            "reprint": a["reprint"]}  # fmt: skip


def _replay_issued(r: Replay) -> None:
    # A helper inside the issuing use case's transaction: the replay is its own transaction. A hold that became a
    # waiting-list entry at the office has no referral there: the record then names the person only.
    p = r.params
    with r.session.begin():
        referral: int | None = p["referral"]
        if referral is not None and r.session.get(Referral, referral) is None:
            referral = None
        record_issued(r.session, r.actor, DocumentKind(p["kind"]), p["person"], p["language"], p["text_version"],
                      datetime.fromisoformat(p["now"]), referral_id=referral, reprint=p["reprint"])  # fmt: skip


def _replay_transition(r: Replay) -> None:
    status.replay_transition(r.session, r.params, r.actor, r.at, r.recording)


def _replay_consent(r: Replay) -> None:
    status.replay_consent(r.session, r.params, r.actor, r.at)


def _replay_revoke(r: Replay) -> None:
    status.replay_revoke(r.session, r.params, r.actor, r.at, r.recording)


def _replay_propose(r: Replay) -> None:
    status.replay_propose(r.session, r.params, r.actor, r.at)


def _replay_purpose(r: Replay) -> None:
    status.replay_purpose(r.session, r.params, r.actor, r.at, r.recording)


KINDS: dict[str, Kind] = {
    "register_person": Kind(_register, _replay_register),
    "update_person": Kind(_update, _replay_update),
    "record_session": Kind(_session, _replay_session),
    "complete_follow_up": Kind(_follow_up, _replay_follow_up),
    "reserve_seat": Kind(_reserve, _replay_reserve, Action.REFER),
    "add_to_waiting_list": Kind(_waiting, _replay_waiting),
    "record_issued": Kind(_issued, _replay_issued, Action.PRINT_LETTERS),  # letters printed offline
    "transition_referral": Kind(status.transition_params, _replay_transition, Action.REFER),
    "record_consent": Kind(status.consent_params, _replay_consent),
    "revoke_consent": Kind(status.revoke_params, _replay_revoke),
    "propose_referral": Kind(status.propose_params, _replay_propose, Action.REFER),
    "assign_purpose": Kind(status.purpose_params, _replay_purpose),
}
