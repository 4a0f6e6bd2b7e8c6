"""Seat tallies counted by the database agree with the domain's seat rule, on SQLite and PostgreSQL."""

from datetime import datetime, timedelta
from itertools import product

from kim_desktop.db.models import Course, Referral
from kim_desktop.domain.enums import ReferralState
from kim_desktop.domain.seats import ACTIVE_STATES, ProviderReport, booked_since_report, count_seats
from kim_desktop.services.course_seats import seat_tallies
from kim_desktop.services.database import OpenDatabase
from tests.integration.referral_setup import TODAY, build_network

HOLDS = (None, TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=1))


def test_the_database_counts_every_state_and_hold_date_as_the_domain_rule(database: OpenDatabase) -> None:
    net = build_network(database, max_seats=40)
    pairs = list(product(ReferralState, HOLDS))
    people = (net.rania, net.tesfaye, net.olena)
    with database.sessions.begin() as session:
        for i, (state, hold) in enumerate(pairs):
            stamp = datetime(2026, 3, 1, 8, 0) + timedelta(minutes=i)
            referral = Referral(person_id=people[i % 3], course_id=net.course, state=state, hold_until=hold)
            referral.created_at = referral.updated_at = stamp
            session.add(referral)
    with database.sessions() as session:
        tallies = seat_tallies(session, None, TODAY)
        only_this = seat_tallies(session, [net.course], TODAY)
        none_asked = seat_tallies(session, [], TODAY)
    expected = count_seats(40, pairs, TODAY)
    tally = tallies[net.course]
    assert (tally.booked, tally.reserved) == (expected.booked, expected.reserved)
    assert tally.reserved == 2  # reserved with hold today and tomorrow; yesterday's and none hold nothing
    assert tally.active_referrals == sum(1 for state, _ in pairs if state in ACTIVE_STATES)
    assert tally.changed_at == datetime(2026, 3, 1, 8, 0) + timedelta(minutes=len(pairs) - 1)
    assert only_this == {net.course: tally}
    assert none_asked == {}
    assert set(tallies) == {net.course}  # courses without referrals are missing


def test_the_database_counts_bookings_since_the_report_day_as_the_domain_rule(database: OpenDatabase) -> None:
    net = build_network(database, max_seats=40)
    reported_at = datetime(2026, 3, 1, 10, 30)
    days = (None, reported_at.date() - timedelta(days=1), reported_at.date(), reported_at.date() + timedelta(days=1))
    pairs = list(product(ReferralState, days))
    people = (net.rania, net.tesfaye, net.olena)
    with database.sessions.begin() as session:
        for i, (state, day) in enumerate(pairs):
            session.add(Referral(person_id=people[i % 3], course_id=net.course, state=state, registered_on=day))
    with database.sessions() as session:
        before_any_report = seat_tallies(session, None, TODAY)[net.course]
    with database.sessions.begin() as session:
        course = session.get(Course, net.course)
        assert course is not None
        course.booked_reported, course.booked_reported_at, course.booked_reported_by = 30, reported_at, "VHS"
    with database.sessions() as session:
        tally = seat_tallies(session, None, TODAY)[net.course]
    report = ProviderReport(30, reported_at, "VHS")
    assert before_any_report.booked_since_report == 0
    assert tally.booked_since_report == booked_since_report(report, pairs) == 2 * 3  # 2 booked states x 3 days
    seats = tally.seats(40, report)
    assert seats.booked_counted == max(tally.booked, 30 + 6)
    assert seats.free == 40 - 36
