from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from kim_desktop.domain.enums import ReferralState
from kim_desktop.domain.rules_table import Rules
from kim_desktop.domain.seats import (
    ProviderReport,
    SeatCount,
    count_seats,
    free_seats_considering_report,
    hold_until,
    holds_seat,
    report_is_newer,
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


def test_newer_provider_report_lowers_free_seats() -> None:
    seats = SeatCount(20, 10, 2)
    report = ProviderReport(15, datetime(2026, 11, 20, 9), "VHS (Import)")
    assert report_is_newer(report, datetime(2026, 11, 19))
    assert free_seats_considering_report(seats, report, datetime(2026, 11, 19)) == 3
    assert not report_is_newer(report, datetime(2026, 11, 21))
    assert free_seats_considering_report(seats, report, datetime(2026, 11, 21)) == 8
    assert free_seats_considering_report(seats, None, None) == 8
    assert report_is_newer(report, None)
