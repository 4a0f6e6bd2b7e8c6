from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from kim_desktop.domain.enums import ReferralState
from kim_desktop.domain.rules_table import Rules
from kim_desktop.domain.seats import (
    BOOKED_STATES,
    ProviderReport,
    SeatCount,
    booked_since_report,
    count_seats,
    hold_until,
    holds_seat,
)

TODAY = date(2026, 11, 23)
referral = st.tuples(
    st.sampled_from(list(ReferralState)),
    st.one_of(st.none(), st.dates(min_value=TODAY - timedelta(days=30), max_value=TODAY + timedelta(days=30))),
)


@given(st.integers(min_value=1, max_value=40), st.lists(referral, max_size=80))
def test_free_seats_never_negative(max_seats: int, referrals: list[tuple[ReferralState, date | None]]) -> None:
    seats = count_seats(max_seats, referrals, TODAY)
    assert seats.free >= 0
    assert seats.free == max(0, max_seats - seats.booked - seats.reserved)


@given(st.lists(referral, max_size=80))
def test_each_referral_counted_at_most_once(referrals: list[tuple[ReferralState, date | None]]) -> None:
    seats = count_seats(25, referrals, TODAY)
    holding = sum(1 for state, hold in referrals if holds_seat(state, hold, TODAY))
    assert seats.booked + seats.reserved == holding <= len(referrals)


@given(st.integers(min_value=1, max_value=30), st.integers(min_value=1, max_value=30))
def test_expired_reservation_frees_its_seat(max_seats: int, days_ago: int) -> None:
    expired = [(ReferralState.RESERVED, TODAY - timedelta(days=days_ago))]
    assert count_seats(max_seats, expired, TODAY).free == max_seats


def test_reservation_holds_through_its_last_day() -> None:
    assert count_seats(5, [(ReferralState.RESERVED, TODAY)], TODAY) == SeatCount(5, 0, 1)
    assert count_seats(5, [(ReferralState.RESERVED, None)], TODAY).reserved == 0


def test_booked_and_other_states() -> None:
    refs = [
        (ReferralState.REGISTERED, None),
        (ReferralState.STARTED, None),
        (ReferralState.PROPOSED, None),
        (ReferralState.DECLINED, None),
        (ReferralState.HOLD_EXPIRED, TODAY + timedelta(days=2)),
        (ReferralState.RESERVED, TODAY + timedelta(days=1)),
    ]
    seats = count_seats(3, refs, TODAY)
    assert (seats.booked, seats.reserved, seats.free, seats.overbooked) == (2, 1, 0, 0)
    assert count_seats(1, refs, TODAY).overbooked == 2


def test_hold_lasts_the_rule_days() -> None:
    assert hold_until(TODAY, Rules.defaults()) == TODAY + timedelta(days=3)
    assert hold_until(TODAY, Rules({"reservation_hold_days": 5})) == TODAY + timedelta(days=5)


def test_provider_report_is_a_floor_that_our_later_bookings_add_to() -> None:
    report = ProviderReport(15, datetime(2026, 11, 20, 9), "VHS (Import)")
    assert SeatCount(20, 10, 2, report).free == 3  # 20 - 15 reported - 2 of our holds
    assert SeatCount(20, 10, 2, report, booked_since_report=2).free == 1  # two of ours registered since
    assert SeatCount(20, 18, 0, report, booked_since_report=1).free == 2  # we know of more than the report
    assert SeatCount(20, 10, 2).free == 8
    assert SeatCount(20, 10, 2, report).report_counts and not SeatCount(20, 16, 0, report).report_counts
    assert SeatCount(10, 0, 4, report).overbooked == 9


def test_the_found_case_a_new_hold_does_not_drop_the_report() -> None:
    """18 free with the provider's 7 booked; reserving made it 21 when the newer hold hid the older report."""
    report = ProviderReport(7, datetime(2026, 11, 20, 9), "VHS (Import)")
    before = count_seats(25, [(ReferralState.REGISTERED, None)] * 3, TODAY)
    after = count_seats(25, [(ReferralState.REGISTERED, None)] * 3 + [(ReferralState.RESERVED, TODAY)], TODAY)
    assert SeatCount(25, before.booked, before.reserved, report).free == 18
    assert SeatCount(25, after.booked, after.reserved, report).free == 17


def test_bookings_since_the_report_day_count_on_the_safe_side() -> None:
    report = ProviderReport(5, datetime(2026, 11, 20, 9), "VHS (Import)")
    refs = [
        (ReferralState.REGISTERED, date(2026, 11, 19)),  # before the report's day: in it
        (ReferralState.REGISTERED, date(2026, 11, 20)),  # the same day: maybe not in it
        (ReferralState.STARTED, date(2026, 11, 21)),
        (ReferralState.REGISTERED, None),  # day unknown
        (ReferralState.CANCELLED, date(2026, 11, 22)),  # not booked
        (ReferralState.RESERVED, None),
    ]
    assert booked_since_report(report, refs) == 3
    assert booked_since_report(None, refs) == 0


# A course's history as steps: ("report", booked), ("hold", 0), ("register", 0), ("end hold", 0), ("cancel", 0),
# ("next day", 0). Each step happens on the simulated day; a report is taken at noon of it.
step = st.one_of(
    st.tuples(st.just("report"), st.integers(min_value=0, max_value=30)),
    st.tuples(st.sampled_from(["hold", "hold", "register", "end hold", "cancel", "next day"]), st.just(0)),
)


@dataclass
class Course:
    """Our referrals of one course ([state, hold_until, registered_on]) and the provider's newest report."""

    max_seats: int
    today: date = TODAY
    referrals: list[list[Any]] = field(default_factory=list)
    report: ProviderReport | None = None

    def seats(self) -> SeatCount:
        counted = count_seats(self.max_seats, [(s, h) for s, h, _ in self.referrals], self.today)
        since = booked_since_report(self.report, [(s, r) for s, _, r in self.referrals])
        return SeatCount(self.max_seats, counted.booked, counted.reserved, self.report, since)

    def holding(self) -> list[list[Any]]:
        return [r for r in self.referrals if holds_seat(r[0], r[1], self.today) and r[0] not in BOOKED_STATES]

    def apply(self, kind: str, number: int) -> None:
        if kind == "report":
            self.report = ProviderReport(number, datetime.combine(self.today, time(12)), "Import")
        elif kind == "hold" and self.seats().free > 0:  # the service refuses a hold without a free seat
            self.referrals.append([ReferralState.RESERVED, self.today + timedelta(days=3), None])
        elif kind == "register" and self.holding():
            held = self.holding()[0]
            held[0], held[2] = ReferralState.REGISTERED, self.today
        elif kind == "end hold" and self.holding():
            self.holding()[0][0] = ReferralState.CANCELLED
        elif kind == "cancel":
            booked = [r for r in self.referrals if r[0] in BOOKED_STATES]
            if booked:
                booked[0][0] = ReferralState.CANCELLED
        elif kind == "next day":
            self.today += timedelta(days=1)


@given(st.integers(min_value=1, max_value=30), st.lists(step, max_size=60))
def test_reserving_never_raises_free_seats_and_free_seats_never_negative(
    max_seats: int, steps: list[tuple[str, int]]
) -> None:
    course = Course(max_seats)
    for kind, number in steps:
        before = course.seats()
        course.apply(kind, number)
        after = course.seats()
        assert after.free >= 0
        assert after.free <= after.max_seats
        if kind == "hold":
            assert after.free == max(0, before.free - 1)
        if kind == "register":  # a hold becomes a registration: the seat stays taken
            assert after.free <= before.free
        if course.report is not None:
            assert after.booked_counted >= course.report.booked
