"""The fields changed offline and at the office alike: kept open at the office until the advisor picks a value."""

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import OutreachDecision
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.errors import FieldError, NotFound, ValidationFailed
from kim_desktop.domain.text import N_, Text
from kim_desktop.services import people
from kim_desktop.services.outreach_codec import decode, encode
from kim_desktop.services.outreach_journal import Recording, recording_into
from kim_desktop.services.outreach_merge import label_of, shown
from kim_desktop.services.outreach_seats import addressed
from kim_desktop.services.people_dto import PersonInput

OFFICE = "office"
LAPTOP = "laptop"


@dataclass(frozen=True)
class OpenDecision:
    """One field to choose: whose, which, the value the office has now and the value entered on the laptop."""

    id: int
    person_id: int
    person: str
    field: str
    label: str
    office_value: str
    laptop_value: str


def open_decisions(session: Session, *, actor: Actor | None = None, copy_id: str | None = None) -> list[OpenDecision]:
    """The fields waiting for the advisor (of one copy, or all), oldest first; the office value as it is now."""
    if actor is not None:
        require(actor, Action.EDIT_CASES)
    with session.begin():
        query = sa.select(OutreachDecision).where(OutreachDecision.decided_at.is_(None)).order_by(OutreachDecision.id)
        if copy_id is not None:
            query = query.where(OutreachDecision.copy_id == copy_id)
        found: list[OpenDecision] = []
        for row in session.scalars(query):
            person = people.load_person(session, row.person_id)
            now = getattr(people.details_of(person).data, row.field)
            found.append(OpenDecision(row.id, row.person_id, addressed(person), row.field, label_of(row.field),
                                      shown(now), shown(json.loads(row.laptop_value))))  # fmt: skip
        return found


def _with_laptop_values(current: PersonInput, rows: list[OutreachDecision]) -> PersonInput:
    plain = encode(current)
    for row in rows:
        plain[row.field] = json.loads(row.laptop_value)
    data: PersonInput = decode(PersonInput, plain)
    if data.permission is not None and current.permission is not None:  # the office's newest permission is edited
        data = replace(data, permission=replace(data.permission, id=current.permission.id))
    return data


def decide_fields(
    session: Session, choices: Mapping[int, str], *, actor: Actor | None = None, today: date | None = None,
    now: datetime | None = None,
) -> int:  # fmt: skip
    """Apply the advisor's choice per field (OFFICE keeps it, LAPTOP takes the offline value) for one person.

    The person is saved through the people service (validated, audited) in the same transaction that closes the
    decisions; returns how many were decided.
    """
    if actor is not None:
        require(actor, Action.EDIT_CASES)
    if not choices:
        return 0
    if any(choice not in (OFFICE, LAPTOP) for choice in choices.values()):
        raise ValidationFailed([FieldError("choice", Text(N_("Bitte je Feld „Büro“ oder „Laptop“ wählen.")))])
    stamp = (now or datetime.now()).replace(microsecond=0)
    with session.begin():
        rows = list(session.scalars(sa.select(OutreachDecision).where(OutreachDecision.id.in_(list(choices)))))
        if len(rows) != len(choices) or any(r.decided_at is not None for r in rows):
            raise NotFound(Text(N_("Diese Entscheidung ist schon getroffen oder gibt es nicht mehr.")))
        if len({r.person_id for r in rows}) != 1:
            raise ValidationFailed([FieldError("choice", Text(N_("Bitte je Person einzeln entscheiden.")))])
        person_id = rows[0].person_id
        taken = [r for r in rows if choices[r.id] == LAPTOP]
        data = _with_laptop_values(people.details_of(people.load_person(session, person_id)).data, taken)
        session.expunge_all()

    def close(closing: Session, _rec: Recording) -> None:
        for decision_id, pick in choices.items():
            row = closing.get_one(OutreachDecision, decision_id)
            row.decided_at, row.decided_by_id, row.choice = stamp, actor.advisor_id if actor else None, pick

    with recording_into(session, close) as rec:
        if taken:
            people.update_person(session, person_id, data, expected_version=None, actor=actor, today=today)
    if not rec.written:  # nothing to change on the person (the office value was kept): close the decisions alone
        with session.begin():
            close(session, rec)
    return len(choices)


def decide_all(
    session: Session, choices: Mapping[int, str], *, actor: Actor | None = None, today: date | None = None,
    now: datetime | None = None,
) -> int:  # fmt: skip
    """The advisor's choices for several people: each person's fields are saved in a transaction of their own."""
    if actor is not None:
        require(actor, Action.EDIT_CASES)
    with session.begin():
        owners = {i: p for i, p in session.execute(
            sa.select(OutreachDecision.id, OutreachDecision.person_id).where(OutreachDecision.id.in_(list(choices)))
        )}  # fmt: skip
    if set(owners) != set(choices):
        raise NotFound(Text(N_("Diese Entscheidung ist schon getroffen oder gibt es nicht mehr.")))
    per_person: dict[int, dict[int, str]] = {}
    for decision_id, pick in choices.items():
        per_person.setdefault(owners[decision_id], {})[decision_id] = pick
    return sum(decide_fields(session, picked, actor=actor, today=today, now=now) for picked in per_person.values())
