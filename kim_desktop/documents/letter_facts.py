"""Sentences from a letter's data, written in each language from its text file (never German words in code).

What comes from data (childcare ages and places, the way there, opening hours, the interpreter's language, the
course start) is written here per language; only free text someone typed is printed as typed, and in a
translated part marked as the German original ('common.as_typed').
"""

import re
from datetime import date, time

from kim_desktop.documents.formatting import format_date, format_time
from kim_desktop.documents.letter_data import Childcare, Course, OpeningTime, WayThere
from kim_desktop.documents.letter_texts import LetterTexts
from kim_desktop.documents.text import embed_ltr
from kim_desktop.domain.transit_journey import MODE_KEYS, JourneyLeg

# Placeholders the phrases below fill (besides the letters' own values), for the test that every one is filled.
PHRASE_PLACEHOLDERS = frozenset(
    {"typed", "places", "min_age", "max_age", "origin", "minutes", "start_date", "entry_module", "current_module",
     "first", "last", "start", "end", "days", "hours", "page", "earlier", "later", "mode", "line", "from_stop",
     "departure", "to_stop", "arrival"}
)  # fmt: skip


def fill(texts: LetterTexts, key: str, values: dict[str, str]) -> str:
    """A text with values filled in; Latin values stay in order inside right-to-left text."""
    if texts.direction == "rtl":
        values = {name: embed_ltr(value) for name, value in values.items()}
    return texts.text(key, values)


def as_typed(texts: LetterTexts, typed: str) -> str:
    """Free text as typed; in a translated part marked as the German original ('(in German:) Bus R45 …')."""
    typed = " ".join(typed.split())
    return fill(texts, "common.as_typed", {"typed": typed}) if typed else ""


def childcare_text(texts: LetterTexts, care: Childcare) -> str:
    """'Es gibt Kinderbetreuung für Kinder von 12 Monaten bis 6 Jahren (3 Plätze).' in the texts' language."""
    if care.places <= 0:
        return texts.text("referral.childcare_none")
    values = {"places": texts.plural("places", care.places)}
    if care.min_age_months is not None:
        values["min_age"] = texts.plural("age_months", care.min_age_months)
    if care.max_age_years is not None:
        values["max_age"] = texts.plural("age_years", care.max_age_years)
    key = {
        (True, True): "referral.childcare_ages",
        (True, False): "referral.childcare_from_age",
        (False, True): "referral.childcare_up_to_age",
        (False, False): "referral.childcare_any_age",
    }[(care.min_age_months is not None, care.max_age_years is not None)]
    return fill(texts, key, values)


def _ride(texts: LetterTexts, key: str, ride: JourneyLeg) -> str:
    """One ride in the texts' language: the mode's word, then line, stops and times as the timetable names them."""
    mode = texts.text(f"referral.mode_{MODE_KEYS.get(ride.mode, 'bus')}")  # the timetable's German word
    values = {
        "mode": mode, "line": ride.line, "from_stop": ride.from_stop,
        "departure": format_time(ride.departure), "to_stop": ride.to_stop, "arrival": format_time(ride.arrival),
    }  # fmt: skip
    return fill(texts, key, values)


def way_there_lines(texts: LetterTexts, way: WayThere) -> list[str]:
    """The way to the course, one sentence a line, in travel order: from home, at the course place, how long.

    From the timetable: each ride, the walk from the last stop, the ride back, and a warning when the
    connection does not run on every course day; else the typed notes.
    """
    lines: list[str] = []
    origin = way.origin.strip()
    if way.rides:
        lines.extend(_ride(texts, "referral.way_ride", ride) for ride in way.rides)
        if way.walk_minutes:
            lines.append(fill(texts, "referral.way_walk", {"minutes": texts.plural("minutes", way.walk_minutes)}))
        if way.back is not None:
            lines.append(_ride(texts, "referral.way_back", way.back))
        if not way.every_day:
            lines.append(texts.text("referral.way_not_every_day"))
    elif way.connection_notes.strip():
        typed = as_typed(texts, way.connection_notes)
        lines.append(fill(texts, "referral.way_from", {"origin": origin, "typed": typed}) if origin else typed)
    if way.location_notes.strip() and not way.rides:
        lines.append(fill(texts, "referral.way_at_location", {"typed": as_typed(texts, way.location_notes)}))
    if way.minutes and origin:
        lines.append(
            fill(texts, "referral.way_minutes", {"origin": origin, "minutes": texts.plural("minutes", way.minutes)})
        )
    return lines or [texts.text("referral.transit_none")]


def course_start_text(texts: LetterTexts, course: Course, issue_date: date) -> str:
    """When the course starts for the person: the start date, or that it runs and from which module they join."""
    start = format_date(course.start_date)
    entry = course.entry_module
    values = {"start_date": start, "entry_module": str(entry or ""), "current_module": str(course.current_module or "")}
    if course.start_date < issue_date:  # the course is running
        if entry is None:
            return fill(texts, "referral.start_running_unknown_module", values)
        if course.current_module is not None:
            return fill(texts, "referral.start_running_now", values)
        return fill(texts, "referral.start_running", values)
    if entry is not None and entry > 1:
        return fill(texts, "referral.start_later_module", values)
    return start


# --- opening hours ----------------------------------------------------------------------------------------------

_DAY_NAMES = {"mo": 0, "di": 1, "mi": 2, "do": 3, "fr": 4, "sa": 5, "so": 6}
_DAY = r"(mo|di|mi|do|fr|sa|so)[a-z]*\.?"
_TIME = r"(\d{1,2})(?:[:.](\d{2}))?"
_DASH = r"\s*(?:-|–|—|bis)\s*"
_DAYS = re.compile(rf"{_DAY}(?:{_DASH}{_DAY})?", re.IGNORECASE)
_HOURS = re.compile(rf"{_TIME}{_DASH}{_TIME}(?:\s*uhr)?", re.IGNORECASE)


def _clock(hours: str, minutes: str | None) -> time | None:
    hour, minute = int(hours), int(minutes or 0)
    return time(hour, minute) if hour < 24 and minute < 60 else None


def read_opening_hours(typed: str) -> tuple[OpeningTime, ...] | None:
    """Typed opening hours ('Mo–Do 8:30–12:00, Do 14:00–17:30') as days and times; None if not readable so.

    Each part (separated by ',' or ';') is a day or a day range, then one or more time ranges ('und', '+' or
    '/' between them). Anything else makes the whole text unreadable: it is then printed as typed.
    """
    parts = [part.strip() for part in re.split(r"[,;]", typed) if part.strip()]
    result: list[OpeningTime] = []
    for part in parts:
        days_match = _DAYS.match(part)
        if days_match is None:
            return None
        first = _DAY_NAMES[days_match.group(1).lower()]
        last = _DAY_NAMES[days_match.group(2).lower()] if days_match.group(2) else first
        if last < first:
            return None
        rest = part[days_match.end() :].strip().lstrip(":").strip()
        hours: list[tuple[time, time]] = []
        for piece in re.split(r"\s*(?:\bund\b|\+|/|&)\s*", rest, flags=re.IGNORECASE):
            found = _HOURS.fullmatch(piece.strip())
            if found is None:
                return None
            start, end = _clock(found.group(1), found.group(2)), _clock(found.group(3), found.group(4))
            if start is None or end is None or end <= start:
                return None
            hours.append((start, end))
        result.append(OpeningTime(tuple(range(first, last + 1)), tuple(hours)))
    return tuple(result) or None


def opening_hours_text(texts: LetterTexts, typed: str, times: tuple[OpeningTime, ...] | None) -> str:
    """Opening hours in the texts' language ('Mon–Thu 08:30–12:00; Thu 14:00–17:30'), or as typed (marked)."""
    if times is None:
        return as_typed(texts, typed)
    names = texts.weekdays_short
    items = []
    for opening in times:
        days = opening.weekdays
        if len(days) == 1:
            day_text = names[days[0]]
        else:
            day_text = texts.text("common.days_range", {"first": names[days[0]], "last": names[days[-1]]})
        ranges = [
            fill(texts, "common.hours_range", {"start": format_time(start), "end": format_time(end)})
            for start, end in opening.hours
        ]
        hours = _joined(texts, "common.hours_and", ranges)
        items.append(fill(texts, "common.hours_item", {"days": day_text, "hours": hours}))
    return _joined(texts, "common.hours_more", items)


def _joined(texts: LetterTexts, key: str, parts: list[str]) -> str:
    """Parts joined pairwise by a language's template ('{earlier}; {later}'; Arabic writes '؛')."""
    joined = parts[0]
    for part in parts[1:]:
        joined = texts.text(key, {"earlier": joined, "later": part})
    return joined


def interpreter_language_text(texts: LetterTexts, code: str, typed: str) -> str:
    """The interpreter's language named in the texts' language, or as typed (marked) if it has no name there."""
    key = f"language_names.{code}"
    if code and key in texts.blocks:
        return texts.text(key)
    return as_typed(texts, typed)
