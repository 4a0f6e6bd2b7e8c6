"""Suggest the stops of each municipality and course location, by name and by distance (the administrator confirms)."""

import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import CourseLocation, Municipality
from kim_desktop.db.timetable_models import TimetableStop, TimetableStopLink
from kim_desktop.domain.search_text import fold_for_search
from kim_desktop.domain.transit_days import distance_m, walk_seconds

HOME_WALK_MINUTES = 5  # from a home in the village to its stop: unknown, an editable guess
TOWN_CENTRE_WALK_MINUTES = 10  # from the town's main stop to a location without coordinates
MUNICIPALITY_RADIUS_M = 3_000
LOCATION_RADIUS_M = 600
MAX_STOPS = 4
_CENTRAL = ("zob", "bahnhof", "bf", "markt", "mitte", "zentrum", "rathaus")
_WORD_END = re.compile(r"[\s,./()-]")


@dataclass(frozen=True)
class _Stop:
    id: int
    folded: str
    latitude: float | None
    longitude: float | None

    def metres_to(self, lat: float | None, lon: float | None) -> float | None:
        if None in (lat, lon, self.latitude, self.longitude):
            return None
        return distance_m(lat, lon, self.latitude, self.longitude)  # type: ignore[arg-type]


def _named_after(stop: _Stop, place: str) -> bool:
    rest = stop.folded[len(place) :] if stop.folded.startswith(place) else None
    return rest is not None and (not rest or bool(_WORD_END.match(rest)))


def _for_municipality(stops: list[_Stop], name: str, lat: float | None, lon: float | None) -> list[tuple[int, int]]:
    place = fold_for_search(name)
    named = [s for s in stops if _named_after(s, place)]
    if lat is not None and lon is not None:
        near = [(d, s) for s in (named or stops) if (d := s.metres_to(lat, lon)) is not None]
        radius = MUNICIPALITY_RADIUS_M if named else MUNICIPALITY_RADIUS_M / 2
        chosen = [s for d, s in sorted(near, key=lambda p: p[0]) if d <= radius][:MAX_STOPS]
        if chosen or not named:
            return [(s.id, HOME_WALK_MINUTES) for s in chosen]
    return [(s.id, HOME_WALK_MINUTES) for s in sorted(named, key=lambda s: s.folded)[:MAX_STOPS]]


def _for_location(stops: list[_Stop], town: str, lat: float | None, lon: float | None) -> list[tuple[int, int]]:
    near = [(d, s) for s in stops if (d := s.metres_to(lat, lon)) is not None and d <= LOCATION_RADIUS_M]
    if near:
        return [(s.id, walk_seconds(d) // 60) for d, s in sorted(near, key=lambda p: p[0])[:2]]
    place = fold_for_search(town)
    named = [s for s in stops if _named_after(s, place)]

    def rank(stop: _Stop) -> tuple[int, str]:
        words = stop.folded.split()
        return min((i for i, word in enumerate(_CENTRAL) if word in words), default=len(_CENTRAL)), stop.folded

    pick = sorted(named, key=rank)[:1]
    return [(s.id, TOWN_CENTRE_WALK_MINUTES) for s in pick]


def match_stops(session: Session, kept: list[tuple[int | None, int | None, str, int]]) -> int:
    """Link stops to places: confirmed choices kept where the stop still exists, the rest suggested; places linked."""
    rows = session.execute(sa.select(TimetableStop.id, TimetableStop.gtfs_id, TimetableStop.name,
                                     TimetableStop.latitude, TimetableStop.longitude)).all()  # fmt: skip
    by_gtfs = {gtfs_id: stop_id for stop_id, gtfs_id, *_ in rows}
    stops = [_Stop(i, fold_for_search(name), lat, lon) for i, _, name, lat, lon in rows]
    links: list[dict[str, object]] = []
    confirmed: set[tuple[int | None, int | None]] = set()
    for municipality_id, location_id, gtfs_id, walk in kept:
        if gtfs_id in by_gtfs:
            confirmed.add((municipality_id, location_id))
            links.append({"municipality_id": municipality_id, "location_id": location_id,
                          "stop_id": by_gtfs[gtfs_id], "walk_minutes": walk, "confirmed": True})  # fmt: skip
    for m_id, name, lat, lon in session.execute(
        sa.select(Municipality.id, Municipality.name, Municipality.latitude, Municipality.longitude).where(
            Municipality.retired.is_(False)
        )
    ):
        if (m_id, None) not in confirmed:
            for stop_id, walk in _for_municipality(stops, name, lat, lon):
                links.append({"municipality_id": m_id, "location_id": None, "stop_id": stop_id,
                              "walk_minutes": walk, "confirmed": False})  # fmt: skip
    for loc_id, town, lat, lon in session.execute(
        sa.select(CourseLocation.id, Municipality.name, CourseLocation.latitude, CourseLocation.longitude).join(
            Municipality, Municipality.id == CourseLocation.municipality_id
        )
    ):
        if (None, loc_id) not in confirmed:
            for stop_id, walk in _for_location(stops, town, lat, lon):
                links.append({"municipality_id": None, "location_id": loc_id, "stop_id": stop_id,
                              "walk_minutes": walk, "confirmed": False})  # fmt: skip
    if links:
        session.execute(sa.insert(TimetableStopLink), links)
    return len({(link["municipality_id"], link["location_id"]) for link in links})
