"""A slow, obviously correct router for tests: repeat over every trip until no arrival improves."""

from kim_desktop.domain.transit_days import DAY, Timetable

INF = 10**9
Instance = tuple[int, list[tuple[int, int, int]]]  # trip index of the day, (stop, arrival, departure)


def instances(timetable: Timetable, today: frozenset[int], yesterday: frozenset[int]) -> list[Instance]:
    """The trips running on a day, yesterday's late trips shifted by a day (indexes as the router numbers them)."""
    n = len(timetable.trips)
    found: list[Instance] = []
    for index, trip in enumerate(timetable.trips):
        if trip.service in today:
            found.append((index, list(trip.stops)))
        if trip.service in yesterday and trip.stops[-1][1] >= DAY:
            found.append((index + n, [(s, a - DAY, d - DAY) for s, a, d in trip.stops]))
    return found


def earliest(trips: list[Instance], walks: dict[int, list[tuple[int, int]]], sources: dict[int, int]) -> dict[int, int]:
    """Earliest arrival at each stop (sources count as arrived at their time)."""
    ready = dict(sources)
    arrival = dict(sources)
    changed = True
    while changed:
        changed = False
        for _, stops in trips:
            aboard = False
            for pos, (stop, arr, dep) in enumerate(stops):
                if aboard:
                    if arr < arrival.get(stop, INF):
                        arrival[stop] = arr
                        changed = True
                    for other, seconds in walks.get(stop, ()):
                        if arr + seconds < ready.get(other, INF):
                            ready[other] = arr + seconds
                            changed = True
                if pos < len(stops) - 1 and ready.get(stop, INF) <= dep:
                    aboard = True
    return arrival


def latest(
    trips: list[Instance], walks: dict[int, list[tuple[int, int]]], targets: dict[int, int], stop: int
) -> int | None:
    """Latest time to be at the stop and still arrive at a target by its time."""
    candidates = {dep for _, stops in trips for s, _, dep in stops if s == stop}
    if stop in targets:
        candidates.add(targets[stop])
    for at in sorted(candidates, reverse=True):
        arrival = earliest(trips, walks, {stop: at})
        if any(arrival.get(t, INF) <= limit for t, limit in targets.items()):
            return at
    return None
