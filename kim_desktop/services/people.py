"""Registering, editing and reading people (with permission, children, availability); duplicate checks."""

from dataclasses import fields, replace
from datetime import date
from difflib import SequenceMatcher
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from kim_desktop.db.models import Availability, Child, Municipality, Permission, Person
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.errors import FieldError, NotFound, ValidationFailed
from kim_desktop.domain.search_text import fold_for_search
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.audit import AuditAction, diff_fields, plain_value, record
from kim_desktop.services.concurrency import RecordChanged, record_changed
from kim_desktop.services.field_labels import PERSON_FIELD_LABELS
from kim_desktop.services.outreach_journal import journaled
from kim_desktop.services.people_dto import (
    ChildDetails,
    ChildInput,
    DuplicateCandidate,
    PermissionDetails,
    PermissionInput,
    PersonDetails,
    PersonInput,
    PossibleDuplicates,
)
from kim_desktop.services.person_validation import MULTI_LINE_FIELDS, check_person, one_line

SIMILAR_NAME_RATIO = 0.85
# Fields of PersonInput that map one to one onto Person columns.
_SCALAR_FIELDS = tuple(f.name for f in fields(PersonInput) if f.name not in ("permission", "children", "availability"))
_PERMISSION_FIELDS = tuple(f.name for f in fields(PermissionInput) if f.name != "id")


def _clean(value: object) -> object:
    """Strip blanks around text and store empty optional text as NULL; everything else as given."""
    if isinstance(value, str):
        return value.strip()
    return value


def _normalised(data: PersonInput) -> PersonInput:
    changes: dict[str, object] = {}
    for name in _SCALAR_FIELDS:
        value = getattr(data, name)
        if isinstance(value, str):
            # A name pasted with a line break or a tab would print on two lines or with a gap.
            stripped = value.strip() if name in MULTI_LINE_FIELDS else one_line(value)
            # Optional text columns take NULL for empty; required ones ("" defaults) keep "".
            default = PersonInput.__dataclass_fields__[name].default
            changes[name] = stripped if stripped or default == "" or name == "family_name" else None
    return replace(data, **changes)  # type: ignore[arg-type]


def _search_key(data: PersonInput) -> str:
    return fold_for_search(f"{data.family_name} {data.given_names}")[:400]


def _check_municipality(session: Session, data: PersonInput, current_id: int | None = None) -> None:
    """The municipality exists, and is not retired unless the person already lives there (current_id)."""
    if data.municipality_id is None:
        return
    municipality = session.get(Municipality, data.municipality_id)
    if municipality is None:
        raise ValidationFailed([FieldError("municipality_id", Text(N_("Wohnort (Gemeinde): nicht in der Liste.")))])
    if municipality.retired and municipality.id != current_id:
        raise ValidationFailed(
            [FieldError("municipality_id", Text(N_("Wohnort (Gemeinde): „{name}“ wird nicht mehr geführt."),
                                                name=municipality.name))]
        )  # fmt: skip


def _apply(session: Session, person: Person, data: PersonInput) -> None:
    for name in _SCALAR_FIELDS:
        setattr(person, name, getattr(data, name))
    person.search_key = _search_key(data)
    _apply_permission(person, data.permission)
    _apply_children(person, data.children)
    wanted = set(data.availability)
    person.availability = [a for a in person.availability if (a.weekday, a.part_of_day) in wanted]
    have = {(a.weekday, a.part_of_day) for a in person.availability}
    for weekday, part in sorted(wanted - have):
        person.availability.append(Availability(weekday=weekday, part_of_day=part))


def _apply_permission(person: Person, entered: PermissionInput | None) -> None:
    """The form edits the newest permission; older ones stay as history."""
    if entered is None:
        newest = max(person.permissions, key=lambda p: p.id or 0, default=None)
        if newest is not None:
            person.permissions.remove(newest)
        return
    target = next((p for p in person.permissions if entered.id is not None and p.id == entered.id), None)
    if target is None:
        target = Permission()
        person.permissions.append(target)
    for name in _PERMISSION_FIELDS:
        value = _clean(getattr(entered, name))
        setattr(target, name, value if value != "" else None)


def _apply_children(person: Person, children: tuple[ChildInput, ...]) -> None:
    existing = sorted(person.children, key=lambda c: c.id or 0)
    for index, child in enumerate(children):
        assert child.birth_date is not None  # checked by validation
        if index < len(existing):
            existing[index].birth_date = child.birth_date
            existing[index].needs_care = child.needs_care
        else:
            person.children.append(Child(birth_date=child.birth_date, needs_care=child.needs_care))
    for extra in existing[len(children) :]:
        person.children.remove(extra)


def _snapshot(data: PersonInput) -> dict[str, Any]:
    """The audited fields of a person's form as plain values (permission flattened, children as text)."""
    values: dict[str, Any] = {name: plain_value(getattr(data, name)) for name in _SCALAR_FIELDS}
    if data.permission is not None:
        for name in _PERMISSION_FIELDS:
            value = _clean(getattr(data.permission, name))
            values[f"permission.{name}"] = plain_value(value if value != "" else None)
    children = [f"{c.birth_date}{' (Betreuung)' if c.needs_care else ''}" for c in data.children]
    values["children"] = children or None
    values["availability"] = sorted(f"{w}:{plain_value(p)}" for w, p in data.availability) or None
    return {name: value for name, value in values.items() if value not in (None, "")}


def _audited_actor(actor: Actor | None, action: Action) -> None:
    """Refuse what the role may not do; without an actor (scripts, demo data, older tests) nothing is checked."""
    if actor is not None:
        require(actor, action)


@journaled("register_person")  # travels from an outreach copy (services/outreach_kinds.py)
def register_person(
    session: Session,
    data: PersonInput,
    *,
    actor_id: int | None = None,
    actor: Actor | None = None,
    today: date | None = None,
    allow_duplicates: bool = False,
) -> int:
    """Create a person; raises ValidationFailed, or PossibleDuplicates unless allow_duplicates. Returns the id."""
    _audited_actor(actor, Action.EDIT_CASES)
    actor_id = actor.advisor_id if actor is not None else actor_id
    today = today or date.today()
    data = _normalised(data)
    check_person(data, today)
    with session.begin():
        _check_municipality(session, data)
        if not allow_duplicates:
            candidates = _duplicates(session, data.family_name, data.given_names, data.birth_date, None)
            if candidates:
                raise PossibleDuplicates(candidates)
        person = Person(created_by_id=actor_id, first_contact_on=data.first_contact_on or today)
        session.add(person)
        data = replace(data, first_contact_on=data.first_contact_on or today)
        _apply(session, person, data)
        session.flush()
        if actor is not None:
            record(session, actor, AuditAction.CASE_CREATED, "person", person.id, person.id,
                   diff_fields({}, _snapshot(data)))  # fmt: skip
        return person.id


@journaled("update_person")  # travels from an outreach copy (services/outreach_kinds.py)
def update_person(
    session: Session,
    person_id: int,
    data: PersonInput,
    *,
    expected_version: int | None,
    loaded: PersonInput | None = None,
    actor_id: int | None = None,
    actor: Actor | None = None,
    today: date | None = None,
) -> None:
    """Save the edited form; raises RecordChanged (a Conflict) if somebody else saved the person since it was read.

    `loaded` is what the form showed when it loaded the person; with it the conflict names the fields the other
    desk changed („Inzwischen an einem anderen Platz geändert: Telefon, Wohnort. Bitte neu laden.“).
    """
    _audited_actor(actor, Action.EDIT_CASES)
    _ = actor_id  # who changed what is recorded for an actor; a bare id (scripts) is not audited
    today = today or date.today()
    data = _normalised(data)
    check_person(data, today)
    try:
        with session.begin():
            person = load_person(session, person_id)
            _check_municipality(session, data, person.municipality_id)
            if expected_version is not None and person.version != expected_version:
                raise _changed_elsewhere(person, loaded)
            before = _snapshot(details_of(person).data)
            _apply(session, person, data)
            if actor is not None:
                session.flush()
                changes = diff_fields(before, _snapshot(details_of(person).data))
                if changes:
                    record(session, actor, AuditAction.CASE_CHANGED, "person", person.id, person.id, changes)
    except StaleDataError as exc:  # another desk saved between our read and our write
        with session.begin():
            raise _changed_elsewhere(load_person(session, person_id), loaded) from exc


def _changed_elsewhere(person: Person, loaded: PersonInput | None) -> RecordChanged:
    """The conflict naming the fields that differ between the form's loaded values and the person as stored now."""
    shown = _snapshot(_normalised(loaded)) if loaded is not None else None
    return record_changed("Person", shown, _snapshot(details_of(person).data), PERSON_FIELD_LABELS, person.version)


def load_person(session: Session, person_id: int) -> Person:
    """The person with permissions, children, availability and municipality loaded; raises NotFound."""
    person = session.scalar(
        sa.select(Person)
        .where(Person.id == person_id)
        .options(
            selectinload(Person.permissions),
            selectinload(Person.children),
            selectinload(Person.availability),
            selectinload(Person.municipality),
        )
    )
    if person is None:
        raise NotFound(Text(N_("Die Person gibt es nicht (mehr).")))
    return person


def details_of(person: Person) -> PersonDetails:
    """Frozen details of a loaded person (inside an open transaction)."""
    permissions = tuple(
        PermissionDetails(
            id=p.id,
            kind=p.kind,
            issuer_id=p.issuer_id,
            issuer_name=p.issuer_name,
            file_number=p.file_number,
            issued_on=p.issued_on,
            expires_on=p.expires_on,
            obliged=p.obliged,
            registered_with_provider_on=p.registered_with_provider_on,
        )
        for p in sorted(person.permissions, key=lambda p: p.id)
    )
    children = tuple(
        ChildDetails(c.id, c.birth_date, c.needs_care) for c in sorted(person.children, key=lambda c: c.id)
    )
    slots = frozenset((a.weekday, a.part_of_day) for a in person.availability)
    newest = max(permissions, key=lambda p: p.id, default=None)
    permission_input = None
    if newest is not None:
        permission_input = PermissionInput(**{name: getattr(newest, name) for name in _PERMISSION_FIELDS}, id=newest.id)
    data = PersonInput(
        **{name: getattr(person, name) for name in _SCALAR_FIELDS},
        permission=permission_input,
        children=tuple(ChildInput(c.birth_date, c.needs_care) for c in children),
        availability=slots,
    )
    return PersonDetails(
        id=person.id,
        version=person.version,
        data=data,
        municipality_name=person.municipality.name if person.municipality else None,
        permissions=permissions,
        children=children,
        availability=slots,
        created_at=person.created_at,
        updated_at=person.updated_at,
    )


def get_person_details(session: Session, person_id: int, *, actor: Actor | None = None) -> PersonDetails:
    """Everything stored about one person; raises NotFound. With an actor: checked and recorded as a case read."""
    _audited_actor(actor, Action.READ_CASES)
    with session.begin():
        details = details_of(load_person(session, person_id))
        if actor is not None:
            record(session, actor, AuditAction.CASE_READ, "person", person_id, person_id)
        return details


def _duplicates(
    session: Session, family: str, given: str, birth_date: date | None, exclude_id: int | None
) -> list[DuplicateCandidate]:
    key = fold_for_search(f"{family} {given}")
    swapped = fold_for_search(f"{given} {family}")
    if not key:
        return []
    stmt = (
        sa.select(Person.id, Person.family_name, Person.given_names, Person.birth_date, Person.search_key)
        .add_columns(Municipality.name)
        .outerjoin(Municipality, Municipality.id == Person.municipality_id)
    )
    same_name = Person.search_key.in_((key, swapped))
    if birth_date is not None:
        # the same birth date (similar names count), or the same name where the other record has no birth date
        stmt = stmt.where(sa.or_(Person.birth_date == birth_date, sa.and_(same_name, Person.birth_date.is_(None))))
    else:
        stmt = stmt.where(same_name)
    if exclude_id is not None:
        stmt = stmt.where(Person.id != exclude_id)
    found: list[DuplicateCandidate] = []
    for pid, fam, giv, born, other_key, muni in session.execute(stmt.limit(500)):
        if other_key in (key, swapped):
            if birth_date is not None and born is not None:
                reason = Text(N_("gleicher Name und Geburtsdatum"))
            else:  # softer: without both birth dates, the same name may be two people
                reason = Text(N_("gleicher Name, Geburtsdatum fehlt – bitte prüfen"))
        elif SequenceMatcher(None, key, other_key).ratio() >= SIMILAR_NAME_RATIO or (
            SequenceMatcher(None, swapped, other_key).ratio() >= SIMILAR_NAME_RATIO
        ):
            reason = Text(N_("ähnlicher Name, gleiches Geburtsdatum"))
        else:
            continue
        found.append(DuplicateCandidate(pid, fam, giv, born, muni, reason))
    return found[:20]


def find_possible_duplicates(
    session: Session,
    family_name: str,
    given_names: str,
    birth_date: date | None,
    exclude_id: int | None = None,
    *,
    actor: Actor | None = None,
) -> list[DuplicateCandidate]:
    """People who may be the same: same folded name (and birth date), or a similar name and the same birth date."""
    _audited_actor(actor, Action.READ_CASES)
    with session.begin():
        return _duplicates(session, family_name, given_names, birth_date, exclude_id)
