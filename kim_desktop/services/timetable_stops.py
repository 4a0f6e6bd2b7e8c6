"""The timetable's state and the stops per place as the administrator sees, confirms and picks them."""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import CourseLocation, Municipality
from kim_desktop.db.timetable_models import TimetableFeed, TimetableReach, TimetableStop, TimetableStopLink
from kim_desktop.domain.access import Action, Actor
from kim_desktop.domain.errors import FieldError, NotFound, ValidationFailed
from kim_desktop.domain.search_text import fold_for_search
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.audit import check_if_signed_in
from kim_desktop.services.network import audit_network_change

MAX_WALK = 120


@dataclass(frozen=True)
class TimetableStatus:
    """The imported timetable (None: none) and how many answers were computed from it."""

    file_name: str | None
    agencies: tuple[str, ...]
    imported_at: datetime | None
    computed_at: datetime | None
    first_day: date | None
    last_day: date | None
    stops: int
    answers: int
    reachable: int


@dataclass(frozen=True)
class StopChoice:
    """A stop with its walk to or from the place."""

    stop_id: int
    name: str
    walk_minutes: int


@dataclass(frozen=True)
class PlaceStops:
    """A municipality (location_id None) or a course location, with its stops and whether they are confirmed."""

    municipality_id: int | None
    location_id: int | None
    name: str
    stops: tuple[StopChoice, ...]
    confirmed: bool


def timetable_status(session: Session) -> TimetableStatus:
    """What is imported and computed."""
    with session.begin():
        feed = session.scalars(sa.select(TimetableFeed).order_by(TimetableFeed.id.desc())).first()
        stops = session.scalar(sa.select(sa.func.count()).select_from(TimetableStop)) or 0
        answers, reachable = session.execute(
            sa.select(sa.func.count(), sa.func.count().filter(TimetableReach.reachable.is_(True)))
        ).one()
        if feed is None:
            return TimetableStatus(None, (), None, None, None, None, 0, 0, 0)
        return TimetableStatus(
            feed.file_name, tuple(a for a in feed.agencies.split("\n") if a), feed.imported_at, feed.computed_at,
            feed.first_day, feed.last_day, int(stops), int(answers), int(reachable),
        )  # fmt: skip


def stop_matches(session: Session) -> list[PlaceStops]:
    """Every active municipality and every course location with its stops (empty when none matched)."""
    with session.begin():
        links: dict[tuple[int | None, int | None], list[tuple[StopChoice, bool]]] = {}
        for m_id, loc_id, stop_id, name, walk, confirmed in session.execute(
            sa.select(TimetableStopLink.municipality_id, TimetableStopLink.location_id, TimetableStop.id,
                      TimetableStop.name, TimetableStopLink.walk_minutes, TimetableStopLink.confirmed)
            .join(TimetableStop, TimetableStop.id == TimetableStopLink.stop_id)
            .order_by(TimetableStop.name)
        ):  # fmt: skip
            links.setdefault((m_id, loc_id), []).append((StopChoice(stop_id, name, walk), confirmed))
        places: list[PlaceStops] = []
        for m_id, name in session.execute(
            sa.select(Municipality.id, Municipality.name)
            .where(Municipality.retired.is_(False))
            .order_by(Municipality.name)
        ):
            found = links.get((m_id, None), [])
            places.append(PlaceStops(m_id, None, name, tuple(s for s, _ in found), all(c for _, c in found)))
        for loc_id, name, town in session.execute(
            sa.select(CourseLocation.id, CourseLocation.name, Municipality.name)
            .join(Municipality, Municipality.id == CourseLocation.municipality_id)
            .order_by(Municipality.name, CourseLocation.name)
        ):
            found = links.get((None, loc_id), [])
            label = f"{name} ({town})"
            places.append(PlaceStops(None, loc_id, label, tuple(s for s, _ in found), all(c for _, c in found)))
        return places


def search_stops(session: Session, text: str, limit: int = 50) -> list[StopChoice]:
    """Stops whose name contains every word typed (walk minutes 0: the caller sets them)."""
    words = fold_for_search(text).split()
    with session.begin():
        rows = session.execute(sa.select(TimetableStop.id, TimetableStop.name).order_by(TimetableStop.name))
        found = [StopChoice(i, n, 0) for i, n in rows if all(w in fold_for_search(n) for w in words)]
        return found[:limit]


def set_place_stops(
    session: Session, municipality_id: int | None, location_id: int | None, stops: list[tuple[int, int]],
    *, actor: Actor | None = None,
) -> None:  # fmt: skip
    """Confirm the stops of one place: (stop id, walk minutes 0..120); an empty list: the place has no stop."""
    check_if_signed_in(actor, Action.EDIT_NETWORK)
    if (municipality_id is None) == (location_id is None):
        raise ValueError("exactly one of municipality_id and location_id")
    bad = [walk for _, walk in stops if not 0 <= walk <= MAX_WALK]
    if bad:
        message = Text(N_("Fußweg: bitte 0 bis {limit} Minuten eingeben."), limit=MAX_WALK)
        raise ValidationFailed([FieldError("walk_minutes", message)])
    with session.begin():
        place = (
            session.get(Municipality, municipality_id) if municipality_id is not None
            else session.get(CourseLocation, location_id)
        )  # fmt: skip
        known = set(session.scalars(sa.select(TimetableStop.id).where(TimetableStop.id.in_([s for s, _ in stops]))))
        if place is None or len(known) != len({s for s, _ in stops}):
            raise NotFound(Text(N_("Ort oder Haltestelle gibt es nicht mehr (Fahrplan neu eingelesen?).")))
        where = (
            TimetableStopLink.municipality_id == municipality_id if municipality_id is not None
            else TimetableStopLink.location_id == location_id
        )  # fmt: skip
        before = {str(s): w for s, w in session.execute(
            sa.select(TimetableStopLink.stop_id, TimetableStopLink.walk_minutes).where(where))}  # fmt: skip
        session.execute(sa.delete(TimetableStopLink).where(where))
        session.add_all(
            TimetableStopLink(municipality_id=municipality_id, location_id=location_id, stop_id=stop_id,
                              walk_minutes=walk, confirmed=True)
            for stop_id, walk in dict(stops).items()
        )  # fmt: skip
        entity = ("municipality_stops", municipality_id) if municipality_id else ("location_stops", location_id or 0)
        audit_network_change(session, actor, entity, before, {str(s): w for s, w in stops})
