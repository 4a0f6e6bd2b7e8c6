"""Referral services on SQLite and PostgreSQL: seats through transitions, the last-seat race, holds, filters."""

import contextlib
import threading
import time
from datetime import date, datetime, timedelta
from datetime import time as clock

import pytest
import sqlalchemy as sa

from kim_desktop.db.models import Course, Person, Referral
from kim_desktop.domain.enums import ReferralState as R
from kim_desktop.domain.errors import Conflict, NotFound, ValidationFailed
from kim_desktop.domain.referral_flow import TransitionRefused
from kim_desktop.services.course_seats import seat_tallies
from kim_desktop.services.courses import get_course_row
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.referral_dto import ReferralFilter
from kim_desktop.services.referrals import (
    _lock_course,
    expire_holds,
    get_referral,
    list_referrals,
    propose_referral,
    reservation_preview,
    reserve_seat,
    transition_referral,
)
from tests.integration.referral_setup import TODAY, Network, build_network


@pytest.fixture
def net(database: OpenDatabase) -> Network:
    return build_network(database, max_seats=2)


def seats(db: OpenDatabase, course_id: int, today: date = TODAY) -> tuple[int, int]:
    with db.sessions() as session:
        tally = seat_tallies(session, [course_id], today).get(course_id)
    return (tally.booked, tally.reserved) if tally else (0, 0)


def move(
    db: OpenDatabase, referral_id: int, to: R, reason: str = "", today: date = TODAY, actor: int | None = None
) -> None:
    with db.sessions() as session:
        transition_referral(session, referral_id, to, actor_id=actor, reason=reason, today=today)


def reserve(db: OpenDatabase, person_id: int, course_id: int, actor: int | None = None, today: date = TODAY) -> int:
    with db.sessions() as session:
        return reserve_seat(session, person_id, course_id, actor_id=actor, today=today).referral_id


def test_seat_arithmetic_follows_every_transition(database: OpenDatabase, net: Network) -> None:
    with database.sessions() as session:
        result = reserve_seat(session, net.rania, net.course, actor_id=net.advisor, today=TODAY)
    assert result.hold_until == TODAY + timedelta(days=3)
    assert result.free_seats_left == 1
    assert seats(database, net.course) == (0, 1)
    move(database, result.referral_id, R.REGISTERED, actor=net.advisor)
    assert seats(database, net.course) == (1, 0)
    move(database, result.referral_id, R.STARTED)
    assert seats(database, net.course) == (1, 0)
    move(database, result.referral_id, R.DROPPED_OUT, reason="Umzug")
    assert seats(database, net.course) == (0, 0)

    with database.sessions() as session:
        proposed = propose_referral(session, net.tesfaye, net.course, actor_id=net.advisor)
    assert seats(database, net.course) == (0, 0)
    move(database, proposed, R.RESERVED)
    assert seats(database, net.course) == (0, 1)
    move(database, proposed, R.CANCELLED, reason="Person zieht zurück")
    assert seats(database, net.course) == (0, 0)

    third = reserve(database, net.olena, net.course)
    move(database, third, R.REGISTERED)
    move(database, third, R.NO_SHOW, reason="nicht gekommen")
    assert seats(database, net.course) == (0, 0)

    details = _details(database, result.referral_id)
    assert [(e.from_state, e.to_state) for e in details.events] == [
        (None, R.RESERVED),
        (R.RESERVED, R.REGISTERED),
        (R.REGISTERED, R.STARTED),
        (R.STARTED, R.DROPPED_OUT),
    ]
    assert details.events[1].by == "Anna Krüger"
    assert details.events[-1].reason == "Umzug"
    assert details.row.registered_on == TODAY
    assert details.row.started_on == TODAY
    assert details.entry_module == 2  # the person's recommended module


def _details(db: OpenDatabase, referral_id: int):  # type: ignore[no-untyped-def]
    with db.sessions() as session:
        return get_referral(session, referral_id)


def test_full_course_refuses_and_refused_transitions_change_nothing(database: OpenDatabase, net: Network) -> None:
    first = reserve(database, net.rania, net.course)
    reserve(database, net.tesfaye, net.course)
    with pytest.raises(Conflict, match="letzte Platz"):
        reserve(database, net.olena, net.course)
    with pytest.raises(Conflict, match="bereits einen Platz"):
        reserve(database, net.rania, net.course)
    with pytest.raises(TransitionRefused, match="Kurs begonnen"):
        move(database, first, R.STARTED)
    with pytest.raises(ValidationFailed):
        move(database, first, R.DECLINED)
    with pytest.raises(NotFound):
        move(database, 9999, R.REGISTERED)
    assert _details(database, first).row.state == R.RESERVED
    assert len(_details(database, first).events) == 1
    assert seats(database, net.course) == (0, 2)


def test_registering_notes_the_day_on_the_permission(database: OpenDatabase, net: Network) -> None:
    referral = reserve(database, net.rania, net.course)
    move(database, referral, R.REGISTERED)
    with database.sessions() as session:
        person = session.get_one(Person, net.rania)
        assert person.permissions[0].registered_with_provider_on == TODAY


def test_holds_expire_and_can_be_reserved_again(database: OpenDatabase, net: Network) -> None:
    first = reserve(database, net.rania, net.course)
    later = TODAY + timedelta(days=4)
    assert seats(database, net.course, later) == (0, 0)  # a lapsed hold takes no seat even before expiry runs
    with database.sessions() as session:
        assert expire_holds(session, TODAY + timedelta(days=3)) == 0  # the hold's last day still counts
    with database.sessions() as session:
        assert expire_holds(session, later) == 1
    assert _details(database, first).row.state == R.HOLD_EXPIRED
    # Re-reserving takes a seat again (through the same referral), refused when the course is full.
    reserve(database, net.tesfaye, net.course, today=later)
    reserve(database, net.olena, net.course, today=later)
    with pytest.raises(Conflict, match="letzte Platz"):
        move(database, first, R.RESERVED, today=later)
    move(database, reserve(database, net.rania, net.course, today=later + timedelta(days=5)), R.REGISTERED,
         today=later + timedelta(days=5))  # fmt: skip
    details = _details(database, first)
    assert details.row.state == R.REGISTERED
    assert [e.to_state for e in details.events] == [R.RESERVED, R.HOLD_EXPIRED, R.RESERVED, R.REGISTERED]


def test_reserving_after_a_lapsed_hold_records_the_expiry(database: OpenDatabase, net: Network) -> None:
    first = reserve(database, net.rania, net.course)
    again = reserve(database, net.rania, net.course, today=TODAY + timedelta(days=10))
    assert again == first
    states = [e.to_state for e in _details(database, first).events]
    assert states == [R.RESERVED, R.HOLD_EXPIRED, R.RESERVED]


def test_last_seat_race_with_a_held_lock(database: OpenDatabase, net: Network) -> None:
    """Desk A locks the course and takes the last seat; desk B must wait for A, then gets the conflict."""
    reserve(database, net.olena, net.course)  # one of the two seats is gone
    outcome: dict[str, object] = {}

    def desk_b() -> None:
        try:
            outcome["b"] = reserve(database, net.tesfaye, net.course)
        except Conflict as exc:
            outcome["b"] = exc
        outcome["b_done_at"] = time.monotonic()

    with database.sessions() as session_a, session_a.begin():
        _lock_course(session_a, course_id=net.course)
        b = threading.Thread(target=desk_b)
        b.start()
        time.sleep(0.6)
        assert "b" not in outcome, "desk B must wait while desk A holds the course"
        session_a.add(
            Referral(person_id=net.rania, course_id=net.course, state=R.RESERVED, hold_until=TODAY + timedelta(days=3))
        )
        committed_at = time.monotonic()
    b.join(10)
    assert isinstance(outcome["b"], Conflict)
    assert "letzte Platz wurde gerade vergeben" in str(outcome["b"])
    assert float(outcome["b_done_at"]) >= committed_at  # type: ignore[arg-type]
    assert seats(database, net.course) == (0, 2)


def test_last_seat_race_between_threads(database: OpenDatabase, net: Network) -> None:
    """Two desks, each with its own session and connection, reserve at the same moment: one seat, one winner."""
    with database.sessions() as session, session.begin():
        session.execute(sa.update(Course).where(Course.id == net.course).values(max_seats=1))
    barrier = threading.Barrier(2)
    results: list[object] = []

    def desk(person_id: int) -> None:
        barrier.wait()
        try:
            results.append(reserve(database, person_id, net.course))
        except Conflict as exc:
            results.append(exc)

    threads = [threading.Thread(target=desk, args=(p,)) for p in (net.rania, net.tesfaye)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(15)
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "int"]
    assert seats(database, net.course) == (0, 1)


def test_many_desks_never_overbook(database: OpenDatabase, net: Network) -> None:
    with database.sessions() as session, session.begin():
        session.execute(sa.update(Course).where(Course.id == net.course).values(max_seats=3))
        town = session.get_one(Person, net.rania).municipality_id
        people = [
            Person(family_name=f"P{i}", given_names="X", search_key=f"p{i}", municipality_id=town) for i in range(8)
        ]
        session.add_all(people)
        session.flush()
        ids = [p.id for p in people]
    barrier = threading.Barrier(4)
    wins: list[int] = []

    def desk(mine: list[int]) -> None:
        barrier.wait()
        for person_id in mine:
            with contextlib.suppress(Conflict):
                wins.append(reserve(database, person_id, net.course))

    threads = [threading.Thread(target=desk, args=(ids[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(wins) == 3
    assert seats(database, net.course) == (0, 3)


def test_filters(database: OpenDatabase, net: Network) -> None:
    rania = reserve(database, net.rania, net.course, actor=net.advisor)  # obliged, hold until TODAY + 3
    tesfaye = reserve(database, net.tesfaye, net.course, today=TODAY - timedelta(days=2))  # hold until TODAY + 1
    with database.sessions() as session:
        olena = propose_referral(session, net.olena, net.course, actor_id=None)

    def ids(**kw: object) -> set[int]:
        with database.sessions() as session:
            return {r.id for r in list_referrals(session, ReferralFilter(**kw), TODAY)}  # type: ignore[arg-type]

    assert ids() == {rania, tesfaye, olena}
    assert ids(states=frozenset({R.PROPOSED})) == {olena}
    assert ids(advisor_id=net.advisor) == {rania}
    assert ids(provider_id=net.provider) == {rania, tesfaye, olena}
    assert ids(provider_id=net.other_provider) == set()
    assert ids(course_id=net.course) == {rania, tesfaye, olena}
    assert ids(hold_expiring_within_days=1) == {tesfaye}
    assert ids(hold_expiring_within_days=3) == {rania, tesfaye}
    assert ids(obliged_not_registered=True) == {rania}
    assert ids(person_id=net.olena) == {olena}
    move(database, rania, R.REGISTERED)
    assert ids(obliged_not_registered=True) == set()
    with database.sessions() as session:
        row = next(r for r in list_referrals(session, ReferralFilter(), TODAY) if r.id == rania)
    assert row.person_name == "Haddad, Rania"
    assert row.provider == "Volkshochschule Melle"
    assert row.course_label == "226-0001 – Integrationskurs Vormittag"
    assert row.advisor == "Anna Krüger"
    assert row.obliged
    assert row.state == R.REGISTERED


def test_reserving_never_raises_the_free_seats_shown_with_a_provider_report(database: OpenDatabase) -> None:
    """Found at the desk: 18 free, reserve, 21 free (the new hold made the provider's report look older)."""
    net = build_network(database, max_seats=25)
    earlier = TODAY - timedelta(days=2)
    reserve(database, net.olena, net.course, today=earlier)  # holds through tomorrow
    move(database, reserve(database, net.tesfaye, net.course, today=earlier), R.REGISTERED, today=earlier)
    with database.sessions() as session, session.begin():
        course = session.get(Course, net.course)
        assert course is not None
        course.booked_reported, course.booked_reported_by = 6, "VHS (Import)"
        course.booked_reported_at = datetime.combine(TODAY - timedelta(days=1), clock(10))

    def free() -> int:
        with database.sessions() as session:
            return get_course_row(session, net.course, TODAY).free

    assert free() == 25 - 6 - 1  # the report (Tesfaye, registered before it, is in it) and our hold
    rania = reserve(database, net.rania, net.course)
    assert free() == 17
    move(database, rania, R.REGISTERED)  # registered after the report: the report cannot contain her
    assert free() == 17
    with database.sessions() as session:
        preview = reservation_preview(session, net.olena, net.course, today=TODAY)
    assert preview.free_seats == 17
