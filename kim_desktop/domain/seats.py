"""Seat arithmetic of a course: booked, reserved and free seats, computed from referrals, never typed twice."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kim_desktop.domain.enums import ReferralState
from kim_desktop.domain.rules_table import Rules

BOOKED_STATES = frozenset({ReferralState.REGISTERED, ReferralState.STARTED})
# Referrals that still concern a course: cancelling the course must cancel them too.
ACTIVE_STATES = frozenset(
    {ReferralState.PROPOSED, ReferralState.RESERVED, ReferralState.REGISTERED, ReferralState.STARTED}
)


@dataclass(frozen=True)
class ProviderReport:
    """The provider's own booked count from an import, and when and by whom it was reported."""

    booked: int
    reported_at: datetime
    reported_by: str


@dataclass(frozen=True)
class SeatCount:
    """Seats of one course: maximum, booked (registered or started), actively reserved, free.

    The rule for a provider's reported count (``report``) against our own referrals:

    - Our holds (reservations) are ours alone: the provider does not see them, so they always come on top.
    - The provider's figure is the booked count at the moment of its report. It may contain our registrations
      made before it and other agencies' registrations we cannot see, so it is a floor for booked seats.
    - Our registrations on or after the report's day (or on an unknown day) may be missing from it: they are
      added to it (``booked_since_report``). Same day counts as after, because a double count only hides a seat
      while a missed one overbooks the course.
    - Booked seats counted = max(our booked, reported + ours since); free = seats − booked counted − holds.

    So taking a hold lowers the free seats by one (or they stay 0) and turning a hold into a registration never
    raises them; only a newer report or a hold that ends frees a seat. Which figure is newer decides nothing.
    """

    max_seats: int
    booked: int
    reserved: int
    report: ProviderReport | None = None
    booked_since_report: int = 0

    @property
    def booked_counted(self) -> int:
        """Booked seats as the free seats count them: ours, or the provider's report plus ours since, if more."""
        if self.report is None:
            return self.booked
        return max(self.booked, self.report.booked + self.booked_since_report)

    @property
    def report_counts(self) -> bool:
        """Whether the provider's report books more seats than we know of (so it lowers the free seats)."""
        return self.booked_counted > self.booked

    @property
    def free(self) -> int:
        """Seats nobody holds; never negative (an overbooked course has none)."""
        return max(0, self.max_seats - self.booked_counted - self.reserved)

    @property
    def overbooked(self) -> int:
        """How many more people hold a seat than the course has."""
        return max(0, self.booked_counted + self.reserved - self.max_seats)


def is_active_reservation(state: ReferralState, hold_until: date | None, today: date) -> bool:
    """A reservation holds a seat until the end of its hold day; without an end date it holds nothing."""
    return state == ReferralState.RESERVED and hold_until is not None and hold_until >= today


def holds_seat(state: ReferralState, hold_until: date | None, today: date) -> bool:
    """Whether a referral in this state takes a seat today."""
    return state in BOOKED_STATES or is_active_reservation(state, hold_until, today)


def count_seats(max_seats: int, referrals: Iterable[tuple[ReferralState, date | None]], today: date) -> SeatCount:
    """Count booked and reserved seats from (state, hold_until) pairs, one pair per referral."""
    booked = reserved = 0
    for state, hold_until in referrals:
        if state in BOOKED_STATES:
            booked += 1
        elif is_active_reservation(state, hold_until, today):
            reserved += 1
    return SeatCount(max_seats, booked, reserved)


def hold_until(reserved_on: date, rules: Rules) -> date:
    """Last day a reservation made today holds its seat (default 3 days, a rule)."""
    return reserved_on + timedelta(days=rules.int("reservation_hold_days"))


def booked_since_report(report: ProviderReport | None, referrals: Iterable[tuple[ReferralState, date | None]]) -> int:
    """Our bookings the report may not contain, from (state, registered_on) pairs: registered on its day or later.

    A booking without a registration day counts too (the safe side); without a report nothing counts.
    """
    if report is None:
        return 0
    day = report.reported_at.date()
    return sum(1 for state, registered_on in referrals if state in BOOKED_STATES and is_on_or_after(registered_on, day))


def is_on_or_after(registered_on: date | None, report_day: date) -> bool:
    """Whether a booking registered on this day may be missing from a report of report_day (unknown day: yes)."""
    return registered_on is None or registered_on >= report_day
