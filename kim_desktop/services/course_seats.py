"""Seat tallies of many courses at once, counted by the database with the seat rule of the domain."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import Course, Referral
from kim_desktop.db.network_mode import in_network
from kim_desktop.domain.enums import ReferralState
from kim_desktop.domain.seats import ACTIVE_STATES, BOOKED_STATES, ProviderReport, SeatCount


@dataclass(frozen=True)
class SeatTally:
    """Booked and reserved seats, active referrals and the newest change of any of one course's referrals.

    booked_since_report: our bookings registered on or after the day of the course's provider report (or on an
    unknown day), which the report may not contain (domain/seats.py: booked_since_report).
    """

    booked: int = 0
    reserved: int = 0
    active_referrals: int = 0
    changed_at: datetime | None = None
    booked_since_report: int = 0

    def seats(self, max_seats: int, report: ProviderReport | None = None) -> SeatCount:
        """The seat count for a course with this many seats and the provider's report, if any."""
        since = self.booked_since_report if report is not None else 0
        return SeatCount(max_seats, self.booked, self.reserved, report, since)


def _count(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def _tally_columns(
    today: date,
) -> tuple[sa.ColumnElement[int], sa.ColumnElement[int], sa.ColumnElement[int], sa.ColumnElement[int]]:
    """Booked, reserved, active referrals and bookings since the provider's report as SQL aggregates (by course).

    They state the domain's rule (domain/seats.py: BOOKED_STATES, is_active_reservation, ACTIVE_STATES,
    booked_since_report) in SQL, so the database counts 50,000 referrals instead of Python; tests compare both on
    every state, hold date and registration day. date() of a timestamp is the day on SQLite and PostgreSQL alike.
    """
    is_booked = Referral.state.in_(sorted(BOOKED_STATES))
    booked = _count(is_booked)
    reserved = _count(
        sa.and_(
            Referral.state == ReferralState.RESERVED, Referral.hold_until.is_not(None), Referral.hold_until >= today
        )
    )
    active = _count(Referral.state.in_(sorted(ACTIVE_STATES)))
    report_day = sa.func.date(Course.booked_reported_at)
    since = _count(
        sa.and_(
            is_booked,
            Course.booked_reported_at.is_not(None),
            sa.or_(Referral.registered_on.is_(None), Referral.registered_on >= report_day),
        )
    )
    return booked, reserved, active, since


def seat_tallies(session: Session, course_ids: Collection[int] | None, today: date) -> dict[int, SeatTally]:
    """Tally the referrals of the given courses (None: all courses); courses without referrals are missing.

    In a network every partner's referrals count, read through the definer function kim_seat_tallies (the same
    rule in SQL, db/network_policies.py): counts only, no person, and nobody reads the others' referrals.
    """
    if in_network(session):
        return _network_tallies(session, course_ids, today)
    booked, reserved, active, since = _tally_columns(today)
    stmt = (
        sa.select(Referral.course_id, booked, reserved, active, sa.func.max(Referral.updated_at), since)
        .join(Course, Course.id == Referral.course_id)
        .group_by(Referral.course_id)
    )
    if course_ids is not None:
        if not course_ids:
            return {}
        stmt = stmt.where(Referral.course_id.in_(list(course_ids)))
    return {
        course_id: SeatTally(int(b), int(r), int(a), changed, int(since))
        for course_id, b, r, a, changed, since in session.execute(stmt)
    }


def _network_tallies(session: Session, course_ids: Collection[int] | None, today: date) -> dict[int, SeatTally]:
    if course_ids is not None and not course_ids:
        return {}
    rows = session.execute(
        sa.text("SELECT * FROM public.kim_seat_tallies(:today, CAST(:ids AS integer[]))"),
        {"today": today, "ids": None if course_ids is None else list(course_ids)},
    )
    return {
        course_id: SeatTally(int(b), int(r), int(a), changed, int(since)) for course_id, b, r, a, changed, since in rows
    }
