"""Seat tallies of many courses at once, counted by the database with the seat rule of the domain."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import Referral
from kim_desktop.domain.enums import ReferralState
from kim_desktop.domain.seats import ACTIVE_STATES, BOOKED_STATES, SeatCount


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


def _count(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def _tally_columns(today: date) -> tuple[sa.ColumnElement[int], sa.ColumnElement[int], sa.ColumnElement[int]]:
    """Booked, reserved and active referrals of a course as SQL aggregates (grouped by course).

    They state the domain's rule (domain/seats.py: BOOKED_STATES, is_active_reservation, ACTIVE_STATES) in SQL, so
    the database counts 50,000 referrals instead of Python; tests compare both on every state and hold date.
    """
    booked = _count(Referral.state.in_(sorted(BOOKED_STATES)))
    reserved = _count(
        sa.and_(
            Referral.state == ReferralState.RESERVED, Referral.hold_until.is_not(None), Referral.hold_until >= today
        )
    )
    active = _count(Referral.state.in_(sorted(ACTIVE_STATES)))
    return booked, reserved, active


def seat_tallies(session: Session, course_ids: Collection[int] | None, today: date) -> dict[int, SeatTally]:
    """Tally the referrals of the given courses (None: all courses); courses without referrals are missing."""
    booked, reserved, active = _tally_columns(today)
    stmt = sa.select(
        Referral.course_id, booked, reserved, active, sa.func.max(Referral.updated_at).label("changed_at")
    ).group_by(Referral.course_id)
    if course_ids is not None:
        if not course_ids:
            return {}
        stmt = stmt.where(Referral.course_id.in_(list(course_ids)))
    return {
        course_id: SeatTally(int(b), int(r), int(a), changed) for course_id, b, r, a, changed in session.execute(stmt)
    }
