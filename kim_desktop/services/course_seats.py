"""Seat tallies of many courses at once, from their referrals, using the pure seat arithmetic of the domain."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import Referral
from kim_desktop.domain.enums import ReferralState
from kim_desktop.domain.seats import ACTIVE_STATES, SeatCount, count_seats


@dataclass(frozen=True)
class SeatTally:
    """Booked and reserved seats, active referrals and the newest change of any of one course's referrals."""

    booked: int = 0
    reserved: int = 0
    active_referrals: int = 0
    changed_at: datetime | None = None

    def seats(self, max_seats: int) -> SeatCount:
        """The seat count for a course with this many seats."""
        return SeatCount(max_seats, self.booked, self.reserved)


def seat_tallies(session: Session, course_ids: Collection[int] | None, today: date) -> dict[int, SeatTally]:
    """Tally the referrals of the given courses (None: all courses); courses without referrals are missing."""
    stmt = sa.select(Referral.course_id, Referral.state, Referral.hold_until, Referral.updated_at)
    if course_ids is not None:
        if not course_ids:
            return {}
        stmt = stmt.where(Referral.course_id.in_(list(course_ids)))
    grouped: dict[int, list[tuple[ReferralState, date | None, datetime]]] = {}
    for course_id, state, hold, updated in session.execute(stmt):
        grouped.setdefault(course_id, []).append((state, hold, updated))
    tallies: dict[int, SeatTally] = {}
    for course_id, rows in grouped.items():
        seats = count_seats(0, ((state, hold) for state, hold, _ in rows), today)
        tallies[course_id] = SeatTally(
            booked=seats.booked,
            reserved=seats.reserved,
            active_referrals=sum(1 for state, _, _ in rows if state in ACTIVE_STATES),
            changed_at=max(updated for _, _, updated in rows),
        )
    return tallies
