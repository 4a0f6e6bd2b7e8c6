"""Municipalities as reference data: list, add, rename, merge two, retire, and postcodes -> municipality."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import CourseLocation, Municipality, Person, TravelTime, WaitingListEntry
from kim_desktop.domain.access import Action, Actor
from kim_desktop.domain.errors import FieldError, NotFound, ValidationFailed
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.audit import AuditAction, check_if_signed_in, record
from kim_desktop.services.network import audit_network_change
from kim_desktop.services.people_dto import Choice
from kim_desktop.services.person_validation import valid_postcode

MAX_NAME = 100
MAX_POSTCODES = 200  # characters of the comma-separated column


@dataclass(frozen=True)
class MunicipalityInput:
    """What the municipality form gives: name, postcodes (spaces or commas between), official key, town."""

    name: str
    postcodes: str = ""
    ags: str = ""
    is_town: bool = False


@dataclass(frozen=True)
class MunicipalityRow:
    """A municipality as the Stammdaten list shows it, with how much refers to it."""

    id: int
    name: str
    ags: str
    postcodes: tuple[str, ...]
    is_town: bool
    retired: bool
    people: int
    locations: int

    def input(self) -> MunicipalityInput:
        """The values for the form."""
        return MunicipalityInput(self.name, " ".join(self.postcodes), self.ags, self.is_town)


@dataclass(frozen=True)
class MergeOutcome:
    """What a merge moved from the merged municipality to the one that stays."""

    kept: str
    removed: str
    people: int
    locations: int
    waiting: int
    travel_times: int


def split_postcodes(text: str) -> tuple[str, ...]:
    """Postcodes typed with spaces, commas, semicolons or slashes between them, in order, without repeats."""
    for separator in ";/":
        text = text.replace(separator, ",")
    return tuple(dict.fromkeys(code for part in text.split(",") for code in part.split() if code))


def _stored_postcodes(value: str) -> tuple[str, ...]:
    return tuple(code for code in value.split(",") if code)


def list_municipality_rows(session: Session) -> list[MunicipalityRow]:
    """Every municipality (retired ones too) by name, with the number of people and course locations in it."""
    people = sa.select(Person.municipality_id, sa.func.count().label("n")).group_by(Person.municipality_id).subquery()
    locations = (
        sa.select(CourseLocation.municipality_id, sa.func.count().label("n"))
        .group_by(CourseLocation.municipality_id)
        .subquery()
    )
    stmt = (
        sa.select(Municipality, sa.func.coalesce(people.c.n, 0), sa.func.coalesce(locations.c.n, 0))
        .outerjoin(people, people.c.municipality_id == Municipality.id)
        .outerjoin(locations, locations.c.municipality_id == Municipality.id)
        .order_by(Municipality.name)
    )
    with session.begin():
        return [
            MunicipalityRow(
                m.id, m.name, m.ags or "", _stored_postcodes(m.postcodes), m.is_town, m.retired, n_people, n_locations
            )
            for m, n_people, n_locations in session.execute(stmt)
        ]


def count_active_municipalities(session: Session) -> int:
    """How many municipalities new records can be given."""
    with session.begin():
        return session.scalar(sa.select(sa.func.count()).where(Municipality.retired.is_(False))) or 0


def _validate(session: Session, data: MunicipalityInput, municipality_id: int | None) -> tuple[str, tuple[str, ...]]:
    errors: list[FieldError] = []
    name = " ".join(data.name.split())
    if not name:
        errors.append(FieldError("name", Text(N_("Name der Gemeinde: bitte eintragen."))))
    elif len(name) > MAX_NAME:
        errors.append(FieldError("name", Text(N_("Name der Gemeinde: höchstens {limit} Zeichen."), limit=MAX_NAME)))
    elif session.scalar(
        sa.select(Municipality.id).where(
            sa.func.lower(Municipality.name) == name.lower(), Municipality.id != (municipality_id or 0)
        )
    ):
        errors.append(FieldError("name", Text(N_("Name der Gemeinde: „{name}“ gibt es schon."), name=name)))
    postcodes = split_postcodes(data.postcodes)
    wrong = [code for code in postcodes if not valid_postcode(code)]
    if wrong:
        errors.append(
            FieldError("postcodes", Text(N_("Postleitzahlen: „{value}“ hat nicht fünf Ziffern."), value=wrong[0]))
        )
    elif len(",".join(postcodes)) > MAX_POSTCODES:
        errors.append(FieldError("postcodes", Text(N_("Postleitzahlen: zu viele für eine Gemeinde."))))
    ags = data.ags.strip()
    if ags and not (len(ags) == 8 and ags.isdigit()):
        errors.append(FieldError("ags", Text(N_("Gemeindeschlüssel (AGS): bitte genau acht Ziffern eingeben."))))
    elif ags and session.scalar(
        sa.select(Municipality.id).where(Municipality.ags == ags, Municipality.id != (municipality_id or 0))
    ):
        errors.append(
            FieldError("ags", Text(N_("Gemeindeschlüssel (AGS): {ags} gehört schon einer anderen Gemeinde."), ags=ags))
        )
    if errors:
        raise ValidationFailed(errors)
    return name, postcodes


def _values(m: Municipality) -> dict[str, object]:
    return {"name": m.name, "postcodes": m.postcodes, "ags": m.ags, "is_town": m.is_town, "retired": m.retired}


def add_municipality(session: Session, data: MunicipalityInput, *, actor: Actor | None = None) -> int:
    """Add a municipality; returns its id (ValidationFailed names every wrong field)."""
    check_if_signed_in(actor, Action.EDIT_NETWORK)
    with session.begin():
        name, postcodes = _validate(session, data, None)
        municipality = Municipality(
            name=name, postcodes=",".join(postcodes), ags=data.ags.strip() or None, is_town=data.is_town
        )
        session.add(municipality)
        session.flush()
        audit_network_change(session, actor, ("municipality", municipality.id), {}, _values(municipality))
        return municipality.id


def update_municipality(
    session: Session, municipality_id: int, data: MunicipalityInput, *, actor: Actor | None = None
) -> None:
    """Rename a municipality or change its postcodes and key (every record that refers to it follows)."""
    check_if_signed_in(actor, Action.EDIT_NETWORK)
    with session.begin():
        municipality = _get(session, municipality_id)
        name, postcodes = _validate(session, data, municipality_id)
        before = _values(municipality)
        municipality.name, municipality.postcodes = name, ",".join(postcodes)
        municipality.ags, municipality.is_town = data.ags.strip() or None, data.is_town
        audit_network_change(session, actor, ("municipality", municipality_id), before, _values(municipality))


def set_municipality_retired(
    session: Session, municipality_id: int, retired: bool, *, actor: Actor | None = None
) -> None:
    """Retire a municipality (old records keep it, new ones no longer offer it) or bring it back."""
    check_if_signed_in(actor, Action.EDIT_NETWORK)
    with session.begin():
        municipality = _get(session, municipality_id)
        before = _values(municipality)
        municipality.retired = retired
        audit_network_change(session, actor, ("municipality", municipality_id), before, _values(municipality))


def _get(session: Session, municipality_id: int) -> Municipality:
    municipality = session.get(Municipality, municipality_id)
    if municipality is None:
        raise NotFound(Text(N_("Die Gemeinde gibt es nicht mehr.")))
    return municipality


def merge_municipalities(
    session: Session, removed_id: int, kept_id: int, *, actor: Actor | None = None
) -> MergeOutcome:
    """Merge two municipalities in one transaction: people, locations, waiting list and travel times move over."""
    check_if_signed_in(actor, Action.EDIT_NETWORK)
    if removed_id == kept_id:
        raise ValidationFailed([FieldError("kept_id", Text(N_("Bitte zwei verschiedene Gemeinden wählen.")))])
    with session.begin():
        removed, kept = _get(session, removed_id), _get(session, kept_id)
        people_ids = list(session.scalars(sa.select(Person.id).where(Person.municipality_id == removed_id)))
        # Each person's version goes up, so that a form another desk has open reloads instead of writing the old id.
        session.execute(
            sa.update(Person)
            .where(Person.municipality_id == removed_id)
            .values(municipality_id=kept_id, version=Person.version + 1)
            .execution_options(synchronize_session=False)
        )
        for person_id in people_ids:
            record(
                session, actor, AuditAction.CASE_CHANGED, "person", person_id, person_id,
                {"municipality": (removed.name, kept.name)},
            )  # fmt: skip
        locations = _move(session, CourseLocation, removed_id, kept_id)
        waiting = _move(session, WaitingListEntry, removed_id, kept_id)
        travel_times = _merge_travel_times(session, removed_id, kept_id)
        before_kept = _values(kept)
        postcodes = ",".join(dict.fromkeys(_stored_postcodes(kept.postcodes) + _stored_postcodes(removed.postcodes)))
        if len(postcodes) > MAX_POSTCODES:
            raise ValidationFailed(
                [FieldError("kept_id", Text(N_("Zusammen hätten die Gemeinden zu viele Postleitzahlen für eine.")))]
            )
        kept.postcodes = postcodes
        if kept.ags is None and removed.ags is not None:
            removed_ags, removed.ags = removed.ags, None
            session.flush()  # the key is unique: free it before the kept municipality takes it
            kept.ags = removed_ags
        outcome = MergeOutcome(kept.name, removed.name, len(people_ids), locations, waiting, travel_times)
        audit_network_change(session, actor, ("municipality", kept_id), before_kept, _values(kept))
        audit_network_change(session, actor, ("municipality", removed_id), _values(removed), {})
        session.delete(removed)
        return outcome


def _move(session: Session, table: type[CourseLocation] | type[WaitingListEntry], removed_id: int, kept_id: int) -> int:
    """Point the rows of one table from the merged municipality to the kept one; how many moved."""
    moved = session.scalar(sa.select(sa.func.count()).where(table.municipality_id == removed_id)) or 0
    session.execute(sa.update(table).where(table.municipality_id == removed_id).values(municipality_id=kept_id))
    return moved


def _merge_travel_times(session: Session, removed_id: int, kept_id: int) -> int:
    """Travel times of the merged municipality move over where the kept one has none for that location."""
    kept_locations = sa.select(TravelTime.location_id).where(TravelTime.municipality_id == kept_id)
    movable = sa.select(
        sa.literal(kept_id), TravelTime.location_id, TravelTime.minutes, TravelTime.distance_km,
        TravelTime.connection_notes,
    ).where(TravelTime.municipality_id == removed_id, TravelTime.location_id.not_in(kept_locations))  # fmt: skip
    moved = session.scalar(sa.select(sa.func.count()).select_from(movable.subquery())) or 0
    columns = ["municipality_id", "location_id", "minutes", "distance_km", "connection_notes"]
    session.execute(sa.insert(TravelTime).from_select(columns, movable))
    session.execute(sa.delete(TravelTime).where(TravelTime.municipality_id == removed_id))
    return moved


def municipalities_for_postcode(session: Session, postcode: str) -> list[Choice]:
    """Municipalities a postcode may belong to: from the reference data and from the people already registered.

    Postcodes are not 1:1 with municipalities: the caller offers a choice when there is more than one.
    """
    code = postcode.strip()
    if not valid_postcode(code):
        return []
    with session.begin():
        listed = session.execute(
            sa.select(Municipality.id, Municipality.name, Municipality.postcodes).where(
                Municipality.retired.is_(False), Municipality.postcodes.contains(code)
            )
        )
        found = {mid: name for mid, name, codes in listed if code in _stored_postcodes(codes)}
        lived = session.execute(
            sa.select(Municipality.id, Municipality.name)
            .join(Person, Person.municipality_id == Municipality.id)
            .where(Person.postcode == code, Municipality.retired.is_(False))
            .distinct()
        )
        for mid, name in lived:
            found.setdefault(mid, name)
        return [Choice(mid, name) for mid, name in sorted(found.items(), key=lambda item: item[1])]
