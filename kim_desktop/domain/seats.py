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
class SeatCount:
    """Seats of one course: maximum, booked (registered or started), actively reserved, free."""

    max_seats: int
    booked: int
    reserved: int

    @property
    def free(self) -> int:
        """Seats nobody holds; never negative (an overbooked course has none)."""
        return max(0, self.max_seats - self.booked - self.reserved)

    @property
    def overbooked(self) -> int:
        """How many more people hold a seat than the course has."""
        return max(0, self.booked + self.reserved - self.max_seats)


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


@dataclass(frozen=True)
class ProviderReport:
    """The provider's own booked count from an import, and when and by whom it was reported."""

    booked: int
    reported_at: datetime
    reported_by: str


def report_is_newer(report: ProviderReport | None, own_changed_at: datetime | None) -> bool:
    """Whether the provider's figure is newer than the last change of our own referrals to the course."""
    if report is None:
        return False
    return own_changed_at is None or report.reported_at > own_changed_at


def free_seats_considering_report(
    seats: SeatCount, report: ProviderReport | None, own_changed_at: datetime | None
) -> int:
    """Free seats; a newer provider figure that books more seats than we know of lowers them."""
    if not report_is_newer(report, own_changed_at):
        return seats.free
    assert report is not None  # report_is_newer is False without a report
    booked = max(seats.booked, report.booked)
    return max(0, seats.max_seats - booked - seats.reserved)
