"""Stored timetable answers for the lookup and the letter: the journey of a pair, why a course is out of reach."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.timetable_models import TimetableReach
from kim_desktop.domain.text import Text
from kim_desktop.domain.transit_journey import (
    JourneyLegs,
    Schedule,
    journey_from_json,
    schedule_key,
    unreachable_reason,
)


@dataclass(frozen=True)
class Reach:
    """The stored answer for one municipality, location and schedule."""

    reachable: bool
    minutes: int | None
    course_days: int
    days_without_way_there: int
    days_without_way_back: int
    first_failing_day: date | None
    stored_journey: str  # JSON, read only when the journey is asked for

    @property
    def journey(self) -> JourneyLegs | None:
        """The typical day's way there and back (None when no course day has both)."""
        there, back = journey_from_json(self.stored_journey)
        return JourneyLegs(there, back, self.course_days, self.reachable) if there and back else None

    def reason(self, schedule: Schedule) -> Text:
        """Why it is not reachable (only meaningful when `reachable` is False)."""
        return unreachable_reason(
            schedule.start_time, schedule.end_time, self.course_days, self.days_without_way_there,
            self.days_without_way_back, self.first_failing_day,
        )  # fmt: skip


_COLUMNS = (
    TimetableReach.reachable, TimetableReach.minutes, TimetableReach.course_days,
    TimetableReach.days_without_way_there, TimetableReach.days_without_way_back, TimetableReach.first_failing_day,
    TimetableReach.journey,
)  # fmt: skip


def has_answers(session: Session, municipality_id: int) -> bool:
    """Whether the timetable answered for the municipality (else the typed travel times apply)."""
    stmt = sa.select(TimetableReach.location_id).where(TimetableReach.municipality_id == municipality_id)
    found = session.scalar(stmt.limit(1))
    return found is not None


def reach_of_municipality(
    session: Session, municipality_id: int, locations: set[int] | None = None, schedules: set[str] | None = None
) -> dict[tuple[int, str], Reach]:
    """(location id, schedule key) -> answer, for one municipality (and these locations and schedule keys).

    In the caller's transaction. Empty when no timetable answers exist for the municipality: then the typed travel
    times apply.
    """
    stmt = sa.select(TimetableReach.location_id, TimetableReach.schedule, *_COLUMNS).where(
        TimetableReach.municipality_id == municipality_id
    )
    if locations is not None:
        stmt = stmt.where(TimetableReach.location_id.in_(sorted(locations)))
    if schedules is not None:
        stmt = stmt.where(TimetableReach.schedule.in_(sorted(schedules)))
    rows = session.execute(stmt)
    return {(loc, key): Reach(ok, mins, days, there, back, first, text)
            for loc, key, ok, mins, days, there, back, first, text in rows}  # fmt: skip


def journey_for(session: Session, municipality_id: int, location_id: int, course: Schedule) -> JourneyLegs | None:
    """The way there and back for a course (inside the caller's transaction); None without a timetable answer.

    `journey.every_day` False: the typical day works, but not every course day (see reach_of_municipality).
    """
    row = session.execute(
        sa.select(*_COLUMNS).where(
            TimetableReach.municipality_id == municipality_id, TimetableReach.location_id == location_id,
            TimetableReach.schedule == schedule_key(course),
        )
    ).first()  # fmt: skip
    return Reach(*row).journey if row is not None else None


def reach_minutes(session: Session) -> dict[tuple[int, int, str], int | None]:
    """(municipality, location, schedule key) -> minutes, for the answers reachable on every course day only.

    For the report's demand gaps (inside the caller's transaction): an answer that is absent here is unreachable or
    not there (see answered_municipalities). A county has millions of answers, nearly all unreachable: reading
    them all took seconds.
    """
    return {
        (m, loc, key): minutes
        for m, loc, key, minutes in session.execute(
            sa.select(TimetableReach.municipality_id, TimetableReach.location_id, TimetableReach.schedule,
                      TimetableReach.minutes).where(TimetableReach.reachable)
        )
    }  # fmt: skip


def answered_municipalities(session: Session) -> set[int]:
    """The municipalities the timetable answered for (inside the caller's transaction)."""
    return set(session.scalars(sa.select(TimetableReach.municipality_id).distinct()))
