"""The connection scan against a brute-force search on random small feeds, and its journeys checked ride by ride."""

import itertools
import random
from datetime import date, timedelta

import pytest

from kim_desktop.domain.transit_days import DAY, Service, Timetable, Trip
from kim_desktop.domain.transit_routing import INF, Ride, scan_backward, scan_forward
from tests.unit.transit_brute_force import Instance, earliest, instances, latest

MONDAY = date(2027, 3, 1)


def random_timetable(rng: random.Random) -> Timetable:
    """A few stops, services with exceptions, trips (some past midnight), walks with odd change times."""
    stops = rng.randint(3, 8)
    services = []
    for _ in range(rng.randint(1, 3)):
        start = MONDAY - timedelta(days=rng.randint(0, 3))
        services.append(
            Service(
                weekdays_mask=rng.randint(0, 127),
                start=start,
                end=start + timedelta(days=rng.randint(0, 10)),
                added=frozenset(MONDAY + timedelta(days=rng.randint(-2, 6)) for _ in range(rng.randint(0, 2))),
                removed=frozenset(MONDAY + timedelta(days=rng.randint(-2, 6)) for _ in range(rng.randint(0, 2))),
            )
        )
    trips = []
    for _ in range(rng.randint(2, 14)):
        path = rng.sample(range(stops), rng.randint(2, min(5, stops)))
        at = rng.choice([rng.randint(5 * 3600, 9 * 3600), rng.randint(22 * 3600, 25 * 3600)])
        times = []
        for stop in path:
            arr = at
            dep = arr + rng.choice([0, 0, 60])
            times.append((stop, arr, dep))
            at = dep + rng.randint(1, 20) * 60
        trips.append(Trip(rng.randrange(len(services)), tuple(times)))
    walks: dict[int, list[tuple[int, int]]] = {}
    for stop in range(stops):
        walks[stop] = [(stop, rng.choice([60, 120, 180]))]
    for _ in range(rng.randint(0, stops)):
        a, b = rng.sample(range(stops), 2)
        walks[a].append((b, rng.randint(1, 10) * 60))
    return Timetable(stops, services, trips, walks)


def check_rides(rides: tuple[Ride, ...], trips: list[Instance], walks: dict[int, list[tuple[int, int]]]) -> None:
    by_index = dict(trips)
    for ride in rides:
        stops = by_index[ride.trip]
        boards = [i for i, (s, _, d) in enumerate(stops) if s == ride.from_stop and d == ride.departure]
        alights = [i for i, (s, a, _) in enumerate(stops) if s == ride.to_stop and a == ride.arrival]
        assert boards and alights and boards[0] < alights[-1]
    for before, after in itertools.pairwise(rides):
        change = dict(walks[before.to_stop]).get(after.from_stop)
        assert change is not None and before.arrival + change <= after.departure


@pytest.mark.parametrize("seed", range(300))
def test_connection_scan_matches_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    timetable = random_timetable(rng)
    day = MONDAY + timedelta(days=rng.randint(0, 4))
    network = timetable.on(day)
    trips = instances(timetable, *timetable.signature(day))
    walks = timetable.walks
    stops = range(timetable.stop_count)

    sources = {s: rng.randint(4 * 3600, 9 * 3600) for s in rng.sample(stops, rng.randint(1, 2))}
    fast = scan_forward(network, sources)
    slow = earliest(trips, walks, sources)
    for stop in stops:
        assert fast.arrival[stop] == slow.get(stop, INF), (seed, stop)
        rides = fast.rides_to(stop)
        if rides is None:
            continue
        check_rides(rides, trips, walks)
        if rides:
            assert rides[-1].arrival == fast.arrival[stop]
            assert sources.get(rides[0].from_stop, INF) <= rides[0].departure
        else:
            assert stop in sources

    targets = {s: rng.randint(6 * 3600, 12 * 3600) for s in rng.sample(stops, rng.randint(1, 2))}
    back = scan_backward(network, targets)
    for stop in stops:
        expected = latest(trips, walks, targets, stop)
        assert back.departure[stop] == (-INF if expected is None else expected), (seed, stop)
        rides = back.rides_from(stop)
        if rides is None:
            continue
        check_rides(rides, trips, walks)
        if rides:
            assert rides[0].departure == back.departure[stop]
            assert rides[-1].arrival <= targets.get(rides[-1].to_stop, -INF)


def test_window_limits_do_not_change_answers_inside_them() -> None:
    rng = random.Random(7)
    timetable = random_timetable(rng)
    network = timetable.on(MONDAY)
    sources = {0: 6 * 3600}
    full = scan_forward(network, sources)
    cut = scan_forward(network, sources, until=8 * 3600)
    for stop in range(timetable.stop_count):
        if full.arrival[stop] <= 8 * 3600:
            assert cut.arrival[stop] == full.arrival[stop]


def test_trip_after_midnight_runs_on_the_next_morning() -> None:
    # A night bus leaving at 23:50 on Sunday reaches stop 1 at 24:30, i.e. 00:30 on Monday.
    sunday_only = Service(weekdays_mask=1 << 6, start=MONDAY - timedelta(days=7), end=MONDAY + timedelta(days=7))
    timetable = Timetable(2, [sunday_only], [Trip(0, ((0, 85800, 85800), (1, DAY + 1800, DAY + 1800)))], {})
    monday = timetable.on(MONDAY)
    assert scan_forward(monday, {0: -600}).arrival[1] == 1800
    assert scan_forward(timetable.on(MONDAY - timedelta(days=1)), {0: 85000}).arrival[1] == DAY + 1800
    assert scan_forward(timetable.on(MONDAY + timedelta(days=1)), {0: -600}).arrival[1] == INF
