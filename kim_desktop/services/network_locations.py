"""Course locations of the providers and the travel-time table (municipality -> location, minutes by bus)."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import CourseLocation, Municipality, Organisation, TravelTime
from kim_desktop.domain.access import Action, Actor
from kim_desktop.domain.enums import OrganisationKind
from kim_desktop.domain.errors import FieldError, NotFound, ValidationFailed
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.audit import check_if_signed_in
from kim_desktop.services.network import audit_network_change
from kim_desktop.services.person_validation import valid_postcode

MAX_MINUTES = 300


@dataclass(frozen=True)
class LocationInput:
    """What the location form gives."""

    provider_id: int
    name: str
    street: str
    postcode: str
    municipality_id: int
    transit_notes: str = ""
    accessible: bool = False
    childcare_on_site: bool = False


@dataclass(frozen=True)
class LocationRow:
    """A course location as the table shows it."""

    id: int
    provider_id: int
    provider: str
    name: str
    street: str
    postcode: str
    municipality_id: int
    municipality: str
    transit_notes: str
    accessible: bool
    childcare_on_site: bool

    def input(self) -> LocationInput:
        """The values for the form."""
        return LocationInput(
            self.provider_id, self.name, self.street, self.postcode, self.municipality_id, self.transit_notes,
            self.accessible, self.childcare_on_site,
        )  # fmt: skip


@dataclass(frozen=True)
class Place:
    """An entry of a pick-list or a grid axis."""

    id: int
    label: str


@dataclass(frozen=True)
class TravelGrid:
    """Minutes from each municipality (rows) to each location (columns); a missing pair means no connection."""

    municipalities: tuple[Place, ...]
    locations: tuple[Place, ...]
    minutes: dict[tuple[int, int], int]

    def get(self, municipality_id: int, location_id: int) -> int | None:
        """Minutes of one pair, None when no connection is recorded."""
        return self.minutes.get((municipality_id, location_id))


_FIELD_LIMITS = {"name": (Text(N_("Name des Kursorts")), 200), "street": (Text(N_("Straße")), 200)}


def _row(loc: CourseLocation, provider: str, municipality: str) -> LocationRow:
    return LocationRow(
        loc.id, loc.provider_id, provider, loc.name, loc.street, loc.postcode, loc.municipality_id, municipality,
        loc.transit_notes or "", loc.accessible, loc.childcare_on_site,
    )  # fmt: skip


def _query() -> sa.Select[CourseLocation, str, str]:
    return (
        sa.select(CourseLocation, sa.func.coalesce(Organisation.short_name, Organisation.name), Municipality.name)
        .join(Organisation, CourseLocation.provider_id == Organisation.id)
        .join(Municipality, CourseLocation.municipality_id == Municipality.id)
        .order_by(Municipality.name, CourseLocation.name)
    )


def list_locations(session: Session, provider_id: int | None = None) -> list[LocationRow]:
    """All course locations (of one provider), by municipality and name."""
    stmt = _query()
    if provider_id is not None:
        stmt = stmt.where(CourseLocation.provider_id == provider_id)
    with session.begin():
        return [_row(loc, provider, muni) for loc, provider, muni in session.execute(stmt)]


def get_location(session: Session, location_id: int) -> LocationRow:
    """One course location."""
    with session.begin():
        found = session.execute(_query().where(CourseLocation.id == location_id)).first()
        if found is None:
            raise NotFound(Text(N_("Den Kursort gibt es nicht mehr.")))
        loc, provider, muni = found
        return _row(loc, provider, muni)


def location_choices(session: Session) -> tuple[list[Place], list[Place]]:
    """Pick-lists for the location form: the course providers and the municipalities."""
    with session.begin():
        providers = session.execute(
            sa.select(Organisation.id, Organisation.name)
            .where(Organisation.kind == OrganisationKind.KURSTRAEGER)
            .order_by(Organisation.name)
        )
        munis = session.execute(
            sa.select(Municipality.id, Municipality.name)
            .where(
                sa.or_(Municipality.retired.is_(False), Municipality.id.in_(sa.select(CourseLocation.municipality_id)))
            )
            .order_by(Municipality.name)
        )
        return [Place(i, n) for i, n in providers], [Place(i, n) for i, n in munis]


def _validate(session: Session, data: LocationInput, location_id: int | None) -> None:
    errors: list[FieldError] = []
    for field, (label, limit) in _FIELD_LIMITS.items():
        value = getattr(data, field).strip()
        if not value:
            errors.append(FieldError(field, Text(N_("{label}: bitte eintragen."), label=label)))
        elif len(value) > limit:
            errors.append(FieldError(field, Text(N_("{label}: höchstens {limit} Zeichen."), label=label, limit=limit)))
    if not valid_postcode(data.postcode.strip()):
        errors.append(FieldError("postcode", Text(N_("Postleitzahl: bitte genau fünf Ziffern eingeben."))))
    provider = session.get(Organisation, data.provider_id)
    if provider is None or provider.kind != OrganisationKind.KURSTRAEGER:
        errors.append(FieldError("provider_id", Text(N_("Kursträger: bitte einen Kursträger aus der Liste wählen."))))
    if session.get(Municipality, data.municipality_id) is None:
        errors.append(FieldError("municipality_id", Text(N_("Gemeinde: bitte aus der Liste wählen."))))
    name = data.name.strip()
    if name and provider is not None:
        clash = session.scalar(
            sa.select(CourseLocation.id).where(
                CourseLocation.provider_id == data.provider_id,
                sa.func.lower(CourseLocation.name) == name.lower(),
                CourseLocation.id != (location_id or 0),
            )
        )
        if clash is not None:
            errors.append(
                FieldError("name", Text(N_("Name des Kursorts: „{name}“ gibt es bei diesem Träger schon."), name=name))
            )
    if errors:
        raise ValidationFailed(errors)


def _apply(loc: CourseLocation, data: LocationInput) -> None:
    loc.provider_id = data.provider_id
    loc.name = data.name.strip()
    loc.street = data.street.strip()
    loc.postcode = data.postcode.strip()
    loc.municipality_id = data.municipality_id
    loc.transit_notes = data.transit_notes.strip() or None
    loc.accessible = data.accessible
    loc.childcare_on_site = data.childcare_on_site


def _values(loc: CourseLocation) -> dict[str, object]:
    return {name: getattr(loc, name) for name in _LOCATION_FIELDS}


_LOCATION_FIELDS = ("provider_id", "name", "street", "postcode", "municipality_id", "transit_notes", "accessible",
                    "childcare_on_site")  # fmt: skip


def create_location(session: Session, data: LocationInput, *, actor: Actor | None = None) -> int:
    """Add a course location; returns its id."""
    check_if_signed_in(actor, Action.EDIT_NETWORK)
    with session.begin():
        _validate(session, data, None)
        loc = CourseLocation()
        _apply(loc, data)
        session.add(loc)
        session.flush()
        audit_network_change(session, actor, ("course_location", loc.id), {}, _values(loc))
        return loc.id


def update_location(session: Session, location_id: int, data: LocationInput, *, actor: Actor | None = None) -> None:
    """Change a course location."""
    check_if_signed_in(actor, Action.EDIT_NETWORK)
    with session.begin():
        loc = session.get(CourseLocation, location_id)
        if loc is None:
            raise NotFound(Text(N_("Den Kursort gibt es nicht mehr.")))
        _validate(session, data, location_id)
        before = _values(loc)
        _apply(loc, data)
        audit_network_change(session, actor, ("course_location", location_id), before, _values(loc))


def travel_time_grid(session: Session) -> TravelGrid:
    """The whole travel-time table with its axes."""
    with session.begin():
        munis = session.execute(
            sa.select(Municipality.id, Municipality.name)
            .where(Municipality.retired.is_(False))
            .order_by(Municipality.name)
        )
        locs = session.execute(
            sa.select(CourseLocation.id, CourseLocation.name, Municipality.name)
            .join(Municipality, CourseLocation.municipality_id == Municipality.id)
            .order_by(Municipality.name, CourseLocation.name)
        )
        times = session.execute(sa.select(TravelTime.municipality_id, TravelTime.location_id, TravelTime.minutes))
        return TravelGrid(
            tuple(Place(i, n) for i, n in munis),
            tuple(Place(i, n if n.startswith(m) or m in n else f"{n} ({m})") for i, n, m in locs),
            {(m, loc): minutes for m, loc, minutes in times},
        )


def set_travel_time(
    session: Session, municipality_id: int, location_id: int, minutes: int | None, *, actor: Actor | None = None,
) -> None:  # fmt: skip
    """Record the minutes from a municipality to a location (0..300); None removes the pair (no connection)."""
    check_if_signed_in(actor, Action.EDIT_NETWORK)
    if minutes is not None and not 0 <= minutes <= MAX_MINUTES:
        raise ValidationFailed(
            [
                FieldError(
                    "minutes",
                    Text(N_("Fahrzeit: bitte eine Zahl von 0 bis {limit} Minuten eingeben."), limit=MAX_MINUTES),
                )
            ]
        )
    with session.begin():
        if session.get(Municipality, municipality_id) is None or session.get(CourseLocation, location_id) is None:
            raise NotFound(Text(N_("Gemeinde oder Kursort gibt es nicht mehr.")))
        entry = session.get(TravelTime, (municipality_id, location_id))
        pair = {"municipality_id": municipality_id}
        before = {**pair, "minutes": entry.minutes} if entry is not None else {}
        after = {**pair, "minutes": minutes} if minutes is not None else {}
        audit_network_change(session, actor, ("travel_time", location_id), before, after)
        if minutes is None:
            if entry is not None:
                session.delete(entry)
        elif entry is None:
            session.add(TravelTime(municipality_id=municipality_id, location_id=location_id, minutes=minutes))
        else:
            entry.minutes = minutes
