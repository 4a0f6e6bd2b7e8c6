"""A stored journey (way there and back on a typical course day), its sentence, and why a course is unreachable."""

import json
from dataclasses import dataclass
from datetime import date, time
from typing import Any, Protocol

from kim_desktop.domain.text import N_, Text, joined, verbatim

DAY = 86_400


class Schedule(Protocol):
    """What of a course decides its reachability (a Course row or a CourseFacts)."""

    @property
    def weekdays_mask(self) -> int: ...
    @property
    def start_time(self) -> time: ...
    @property
    def end_time(self) -> time: ...
    @property
    def start_date(self) -> date: ...
    @property
    def end_date(self) -> date: ...


def schedule_key(course: Schedule) -> str:
    """One key per weekdays, times and dates: courses alike in these are reached alike."""
    return schedule_key_of(course.weekdays_mask, course.start_time, course.end_time, course.start_date,
                           course.end_date)  # fmt: skip


def schedule_key_of(weekdays_mask: int, start_time: time, end_time: time, start_date: date, end_date: date) -> str:
    """The key from the values themselves."""
    return f"{weekdays_mask}:{start_time:%H%M}-{end_time:%H%M}:{start_date:%Y%m%d}-{end_date:%Y%m%d}"


def mode_label(route_type: int) -> str:
    """The German word for a GTFS route_type (basic and extended types)."""
    if route_type in (2,) or 100 <= route_type < 200 or 400 <= route_type < 500:
        return N_("Bahn")
    if route_type in (0, 5, 11) or 900 <= route_type < 1000:
        return N_("Straßenbahn")
    if route_type == 1:
        return N_("U-Bahn")
    if route_type == 4 or 1000 <= route_type < 1300:
        return N_("Fähre")
    if 1500 <= route_type < 1600:
        return N_("Rufbus")
    return N_("Bus")


# The key of each mode word in the letter texts (resources/letters: referral.mode_<key>).
MODE_KEYS = {"Bus": "bus", "Bahn": "rail", "Straßenbahn": "tram", "U-Bahn": "subway", "Fähre": "ferry",
             "Rufbus": "on_demand"}  # fmt: skip


def clock(seconds: int) -> time:
    """A time of day from seconds after midnight (past 24:00 or before 00:00 wraps around)."""
    seconds %= DAY
    return time(seconds // 3600, seconds % 3600 // 60)


@dataclass(frozen=True)
class JourneyLeg:
    """One ride: mode and line, boarded at a stop and time, left at a stop and time."""

    mode: str
    line: str
    from_stop: str
    departure: time
    to_stop: str
    arrival: time


@dataclass(frozen=True)
class Way:
    """One direction: walk to the first stop, the rides, walk from the last stop."""

    legs: tuple[JourneyLeg, ...]
    walk_before_minutes: int
    walk_after_minutes: int
    leave: time  # leaving the door (home or course location)
    arrive: time  # at the door
    minutes: int

    @property
    def changes(self) -> int:
        """Changes between rides."""
        return max(0, len(self.legs) - 1)


@dataclass(frozen=True)
class JourneyLegs:
    """How a person from a municipality gets to a course and back on a typical course day, and whether every day."""

    there: Way
    back: Way
    course_days: int
    every_day: bool

    @property
    def minutes(self) -> int:
        """Door to door on the way there."""
        return self.there.minutes

    def text(self) -> Text:
        """The sentence for the lookup and the letter (German as a str, translatable)."""
        return journey_sentence(self)


def _changes(way: Way) -> Text:
    if way.changes == 0:
        return verbatim("")
    if way.changes == 1:
        return Text(N_(" (1 Umstieg)"))
    return Text(N_(" ({count} Umstiege)"), count=way.changes)


def journey_sentence(j: JourneyLegs) -> Text:
    """'Bus 510 ab Hollwinkel Kirche 07:42, an Musterstadt ZOB 08:19, 4 Min. zu Fuß; zurück 12:58 (1 Umstieg)'.

    German as a str; the UI translates the words, stop names and lines stay as the timetable names them.
    """
    there, back = j.there, j.back
    if not there.legs:
        out = Text(N_("zu Fuß"))
    else:
        first, last = there.legs[0], there.legs[-1]
        out = Text(
            N_("{mode} {line} ab {origin} {departure:%H:%M}{changes}, an {destination} {arrival:%H:%M}"),
            mode=Text(first.mode), line=verbatim(first.line), origin=verbatim(first.from_stop),
            departure=first.departure, changes=_changes(there), destination=verbatim(last.to_stop),
            arrival=last.arrival,
        )  # fmt: skip
        if there.walk_after_minutes:
            out = Text(N_("{journey}, {minutes} Min. zu Fuß"), journey=out, minutes=there.walk_after_minutes)
    if back.legs:
        out = Text(N_("{journey}; zurück {departure:%H:%M}{changes}"), journey=out,
                   departure=back.legs[0].departure, changes=_changes(back))  # fmt: skip
    return out


def way_to_json(way: Way) -> dict[str, Any]:
    """A plain form for storing."""
    return {
        "legs": [
            [g.mode, g.line, g.from_stop, f"{g.departure:%H:%M}", g.to_stop, f"{g.arrival:%H:%M}"] for g in way.legs
        ],
        "walk": [way.walk_before_minutes, way.walk_after_minutes],
        "door": [f"{way.leave:%H:%M}", f"{way.arrive:%H:%M}"],
        "minutes": way.minutes,
    }


def _time(text: str) -> time:
    return time.fromisoformat(text)


def way_from_json(data: dict[str, Any]) -> Way:
    """The stored form back."""
    legs = tuple(JourneyLeg(m, line, a, _time(d), b, _time(r)) for m, line, a, d, b, r in data["legs"])
    return Way(legs, data["walk"][0], data["walk"][1], _time(data["door"][0]), _time(data["door"][1]), data["minutes"])


def journey_json(there: Way | None, back: Way | None) -> str:
    """Both directions of the typical day, as stored."""
    return json.dumps({"there": there and way_to_json(there), "back": back and way_to_json(back)}, ensure_ascii=False)


def journey_from_json(text: str) -> tuple[Way | None, Way | None]:
    """The stored directions (None where there is none)."""
    data = json.loads(text or "{}")
    there, back = data.get("there"), data.get("back")
    return (way_from_json(there) if there else None, way_from_json(back) if back else None)


def unreachable_reason(
    start: time, end: time, course_days: int, without_there: int, without_back: int, first_failing: date | None
) -> Text:
    """Why a course cannot be reached by bus and train on every course day (German, translatable)."""
    parts: list[Text] = []
    if course_days == 0:
        return Text(N_("keine Kurstage mehr"))
    if without_there == course_days:
        parts.append(Text(N_("keine Verbindung, die vor {start:%H:%M} ankommt"), start=start))
    elif without_there:
        parts.append(Text(N_("an {count} von {total} Kurstagen keine Verbindung hin"), count=without_there,
                          total=course_days))  # fmt: skip
    if without_back == course_days:
        parts.append(Text(N_("keine Rückfahrt nach {end:%H:%M}"), end=end))
    elif without_back:
        parts.append(Text(N_("an {count} von {total} Kurstagen keine Rückfahrt"), count=without_back,
                          total=course_days))  # fmt: skip
    if first_failing is not None and (without_there < course_days and without_back < course_days):
        parts.append(Text(N_("zuerst am {day:%d.%m.%Y}"), day=first_failing))
    return Text(N_("mit Bus und Bahn nicht erreichbar an Kurstagen: {why}"), why=joined(parts, "; "))
