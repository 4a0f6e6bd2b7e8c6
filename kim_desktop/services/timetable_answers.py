"""The stored timetable answers of one place, for the administrator: which schedules are reached, how or why not."""

from dataclasses import dataclass
from datetime import date, time

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from kim_desktop.db.models import CourseLocation, Municipality
from kim_desktop.db.timetable_models import TimetableReach
from kim_desktop.domain.schedule import weekdays_text
from kim_desktop.domain.text import N_, Text
from kim_desktop.domain.transit_journey import JourneyLegs, journey_from_json, unreachable_reason


@dataclass(frozen=True)
class AnswerRow:
    """One municipality x location x schedule: reached on every course day or not, with the journey or the reason."""

    municipality: str
    location: str
    schedule: Text
    reachable: bool
    text: Text


def _schedule(key: str) -> tuple[int, time, time, date, date]:
    mask, times, days = key.split(":")
    start, end = (time(int(t[:2]), int(t[2:])) for t in times.split("-"))
    first, last = (date(int(d[:4]), int(d[4:6]), int(d[6:])) for d in days.split("-"))
    return int(mask), start, end, first, last


def answers_of_place(session: Session, municipality_id: int | None, location_id: int | None) -> list[AnswerRow]:
    """The answers for a municipality (all locations) or a course location (all municipalities)."""
    town = aliased(Municipality)
    stmt = (
        sa.select(TimetableReach, Municipality.name, CourseLocation.name, town.name)
        .join(Municipality, Municipality.id == TimetableReach.municipality_id)
        .join(CourseLocation, CourseLocation.id == TimetableReach.location_id)
        .join(town, town.id == CourseLocation.municipality_id)
        .order_by(Municipality.name, CourseLocation.name, TimetableReach.schedule)
    )
    if municipality_id is not None:
        stmt = stmt.where(TimetableReach.municipality_id == municipality_id)
    if location_id is not None:
        stmt = stmt.where(TimetableReach.location_id == location_id)
    rows = []
    with session.begin():
        for reach, municipality, location, place in session.execute(stmt):
            mask, start, end, first, last = _schedule(reach.schedule)
            schedule = Text(N_("{days} {start:%H:%M}–{end:%H:%M} ({first:%d.%m.%y}–{last:%d.%m.%y})"),
                            days=weekdays_text(mask), start=start, end=end, first=first, last=last)  # fmt: skip
            there, back = journey_from_json(reach.journey)
            if reach.reachable and there and back:
                text = JourneyLegs(there, back, reach.course_days, True).text()
            else:
                text = unreachable_reason(start, end, reach.course_days, reach.days_without_way_there,
                                          reach.days_without_way_back, reach.first_failing_day)  # fmt: skip
            rows.append(AnswerRow(municipality, f"{location} ({place})", schedule, reach.reachable, text))
    return rows
