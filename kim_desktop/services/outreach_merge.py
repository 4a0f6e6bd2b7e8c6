"""A person edited offline and at the office: merged field by field; a field changed on both sides is kept open."""

import json
from dataclasses import fields, replace
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from kim_desktop.domain.access import Actor
from kim_desktop.domain.text import N_, Text, joined
from kim_desktop.services import people
from kim_desktop.services.field_labels import PERSON_FIELD_LABELS
from kim_desktop.services.outreach_codec import decode, encode
from kim_desktop.services.outreach_journal import Recording
from kim_desktop.services.outreach_seats import addressed
from kim_desktop.services.people_dto import PersonInput

_LABELS: dict[str, Text] = {
    "permission": Text(N_("Berechtigung")),
    "children": Text(N_("Kinder")),
    "availability": Text(N_("Verfügbarkeit")),
}


def label_of(name: str) -> str:
    """The field's label as the person form shows it."""
    return _LABELS.get(name) or PERSON_FIELD_LABELS.get(name) or name


def shown(value: Any) -> str:
    """A field's value in words for the advisor to compare ("–" for nothing)."""
    plain = encode(value)
    return "–" if plain in (None, "", []) else str(plain)


def merge_inputs(base: PersonInput, offline: PersonInput, office: PersonInput) -> tuple[PersonInput, list[str]]:
    """The office's person with the fields changed offline, and the fields both sides changed differently.

    Those stay as the office has them and are returned by name for the advisor to choose.
    """
    taken: dict[str, Any] = {}
    clashes: list[str] = []
    for f in fields(PersonInput):
        was, here, there = getattr(base, f.name), getattr(offline, f.name), getattr(office, f.name)
        if encode(here) == encode(was) or encode(here) == encode(there):
            continue
        if encode(there) == encode(was):
            taken[f.name] = here
        else:
            clashes.append(f.name)
    if "permission" in taken and office.permission is not None and taken["permission"] is not None:
        # the office's newest permission is the one the offline form edited (its id may differ after a new one)
        taken["permission"] = replace(taken["permission"], id=office.permission.id)
    return replace(office, **taken), clashes


def merge_person_edit(session: Session, params: dict[str, Any], actor: Actor, today: date, rec: Recording) -> None:
    """Replay an offline edit: merge against the office's current record and save through update_person."""
    person_id = params["person"]
    base, offline = decode(PersonInput, params["base"]), decode(PersonInput, params["data"])
    with session.begin():
        person = people.load_person(session, person_id)
        office, version, name = people.details_of(person).data, person.version, addressed(person)
    merged, clashes = merge_inputs(base, offline, office)
    if clashes:
        parts = [
            Text(N_("{field}: offline „{offline}“, im Büro „{office}“"), field=label_of(c),
                 offline=shown(getattr(offline, c)), office=shown(getattr(office, c)))
            for c in clashes
        ]  # fmt: skip
        rec.decisions.extend(
            (person_id, c, json.dumps(encode(getattr(office, c))), json.dumps(encode(getattr(offline, c))))
            for c in clashes
        )
        rec.outcome = "conflict"
        rec.message = Text(
            N_("{name} wurde offline und im Büro geändert – bitte wählen: {fields}"), name=name, fields=joined(parts)
        )
    people.update_person(session, person_id, merged, expected_version=version, actor=actor, today=today)
