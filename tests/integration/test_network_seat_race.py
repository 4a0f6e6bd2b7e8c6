"""The last seat of a provider's course, wanted by two partners' desks in two processes at once: one gets it."""

import multiprocessing
from collections import Counter
from collections.abc import Iterator
from datetime import date

import pytest

from kim_desktop.services.courses import get_course_row
from tests.integration.network_fixtures import NetworkUnderTest, add_course, add_municipality, add_person, network
from tests.integration.network_race_desk import reserve_when_ready

pytestmark = pytest.mark.postgres
TODAY = date(2026, 3, 2)
ROUNDS = 6


@pytest.fixture(scope="module")
def net() -> Iterator[NetworkUnderTest]:
    with network() as made:
        add_municipality(made)
        yield made


def test_two_partners_racing_for_the_last_seat_never_both_get_it(net: NetworkUnderTest) -> None:
    courses = [add_course(net, "vhs", 1, f"Letzter Platz {n}") for n in range(ROUNDS)]
    people = {"jc": add_person(net, "jc", "Haddad", "Rania"), "mbe": add_person(net, "mbe", "Petrenko", "Olena")}
    spawn = multiprocessing.get_context("spawn")
    ready, results = spawn.Barrier(2), spawn.Queue()
    desks = [
        spawn.Process(target=reserve_when_ready, args=(net.url(p), people[p], courses, TODAY, ready, results))
        for p in people
    ]
    for desk in desks:
        desk.start()
    outcomes = [results.get(timeout=120) for _ in range(2 * ROUNDS)]
    for desk in desks:
        desk.join(timeout=60)
        assert desk.exitcode == 0
    by_course = Counter((course, outcome) for course, _person, outcome in outcomes)
    for course in courses:
        assert (by_course[(course, "ok")], by_course[(course, "conflict")]) == (1, 1)
    with net.admin() as conn:
        held = conn.execute(
            "SELECT course_id, count(*) FROM referrals WHERE state = 'reserved' GROUP BY course_id"
        ).fetchall()
    assert sorted(held) == [(course, 1) for course in courses]
    # Each desk sees the course full, counted from the other partner's hold too, without seeing that referral.
    with net.desk("jc") as db, db.sessions() as session:
        row = get_course_row(session, courses[0], TODAY)
    assert (row.max_seats, row.free) == (1, 0)
