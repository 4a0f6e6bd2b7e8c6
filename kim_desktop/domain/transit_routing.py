"""Connection scan over one day's trips: earliest arrival after a time, latest departure before a deadline."""

from bisect import bisect_left
from dataclasses import dataclass
from itertools import islice

INF = 10**9

# One connection: a trip's ride from one stop to the next (times in seconds after midnight of the day).
# (departure, arrival, from_stop, to_stop, trip, position in trip)
Connection = tuple[int, int, int, int, int, int]


@dataclass(frozen=True)
class DayTimetable:
    """The connections running on one day, sorted both ways, and the walks between stops."""

    forward: tuple[Connection, ...]  # by departure, arrival, position
    backward: tuple[Connection, ...]  # by arrival, departure, position, descending
    stop_count: int
    trip_count: int
    walks_from: tuple[tuple[tuple[int, int], ...], ...]  # stop -> ((to stop, seconds), ...) incl. the stop itself
    walks_to: tuple[tuple[tuple[int, int], ...], ...]  # stop -> ((from stop, seconds), ...)


def day_timetable(
    connections: list[Connection], stop_count: int, trip_count: int, walks: dict[int, list[tuple[int, int]]],
    *, backward: list[Connection] | None = None, presorted: bool = False,
) -> DayTimetable:  # fmt: skip
    """Sort a day's connections for both scans; `walks` maps a stop to the stops reachable on foot (with itself).

    presorted: `connections` is already in forward order and `backward` in backward order.
    """
    if presorted and backward is not None:
        forward = connections
    else:
        forward = sorted(connections, key=lambda c: (c[0], c[1], c[5]))
        backward = sorted(connections, key=lambda c: (c[1], c[0], c[5]), reverse=True)
    walks_to: list[list[tuple[int, int]]] = [[] for _ in range(stop_count)]
    for origin, targets in walks.items():
        for target, seconds in targets:
            walks_to[target].append((origin, seconds))
    return DayTimetable(
        tuple(forward),
        tuple(backward),
        stop_count,
        trip_count,
        tuple(tuple(walks.get(s, ())) for s in range(stop_count)),
        tuple(tuple(w) for w in walks_to),
    )


@dataclass(frozen=True)
class Ride:
    """One leg on a trip: boarded at a connection, left at a later one of the same trip."""

    trip: int
    from_stop: int
    departure: int
    to_stop: int
    arrival: int


MAX_RIDES = 20  # a guard: a journey never has this many rides


def _ride(board: Connection, leave: Connection) -> Ride:
    return Ride(board[4], board[2], board[0], leave[3], leave[1])


@dataclass
class ForwardScan:
    """Earliest arrival at every stop from the sources, with the rides that achieve it."""

    arrival: list[int]
    _ride_in: list[tuple[Connection, Connection] | None]  # (boarded at, left at)
    _ready_from: list[int]  # stop whose arrival made this stop ready; -1: a source
    _sources: dict[int, int]

    def rides_to(self, stop: int) -> tuple[Ride, ...] | None:
        """Rides that reach the stop earliest (empty: the stop is a source), None if not reached."""
        if self.arrival[stop] >= INF:
            return None
        if self._sources.get(stop, INF) == self.arrival[stop]:
            return ()
        rides: list[Ride] = []
        pair = self._ride_in[stop]
        while pair is not None and len(rides) < MAX_RIDES:
            ride = _ride(*pair)
            rides.append(ride)
            came_from = self._ready_from[ride.from_stop]
            if came_from < 0:
                break
            pair = self._ride_in[came_from]
        return tuple(reversed(rides))


@dataclass
class BackwardScan:
    """Latest time to be at every stop and still reach a target by its deadline, with the rides."""

    departure: list[int]
    _ride_out: list[tuple[Connection, Connection] | None]  # (boarded at, left at)
    _alight_to: list[int]  # stop reached on foot after alighting here; -1: a target
    _targets: dict[int, int]

    def rides_from(self, stop: int) -> tuple[Ride, ...] | None:
        """Rides that leave the stop latest (empty: the stop is a target), None if no ride gets there in time."""
        if self.departure[stop] <= -INF:
            return None
        if self._targets.get(stop, -INF) == self.departure[stop]:
            return ()
        rides: list[Ride] = []
        pair = self._ride_out[stop]
        while pair is not None and len(rides) < MAX_RIDES:
            ride = _ride(*pair)
            rides.append(ride)
            goes_to = self._alight_to[ride.to_stop]
            if goes_to < 0:
                break
            pair = self._ride_out[goes_to]
        return tuple(rides)


def scan_forward(day: DayTimetable, sources: dict[int, int], until: int = INF) -> ForwardScan:
    """Earliest arrival from the sources (stop -> time ready to board there), over departures up to `until`."""
    n = day.stop_count
    ready = [INF] * n
    alighted = [INF] * n  # by a ride (a source's own time does not count: walks start from rides only)
    ride_in: list[tuple[Connection, Connection] | None] = [None] * n
    ready_from = [-1] * n
    for stop, at in sources.items():
        ready[stop] = min(ready[stop], at)
    boarded: list[Connection | None] = [None] * day.trip_count
    walks = day.walks_from
    first = bisect_left(day.forward, min(sources.values(), default=INF), key=lambda c: c[0])
    for conn in islice(day.forward, first, None):
        dep, arr, origin, dest, trip, _ = conn
        if dep > until:
            break
        board = boarded[trip]
        if board is None:
            if ready[origin] > dep:
                continue
            board = boarded[trip] = conn
        if arr < alighted[dest]:
            alighted[dest] = arr
            ride_in[dest] = (board, conn)
            for other, seconds in walks[dest]:
                if arr + seconds < ready[other]:
                    ready[other] = arr + seconds
                    ready_from[other] = dest
    arrival = [min(at, sources.get(stop, INF)) for stop, at in enumerate(alighted)]
    return ForwardScan(arrival, ride_in, ready_from, dict(sources))


def scan_backward(day: DayTimetable, targets: dict[int, int], since: int = -INF) -> BackwardScan:
    """Latest departure to the targets (stop -> latest arrival there), over arrivals down to `since`."""
    n = day.stop_count
    alight = [-INF] * n
    boarding = [-INF] * n  # by a ride (a target's own time does not count: walks end at rides only)
    ride_out: list[tuple[Connection, Connection] | None] = [None] * n
    alight_to = [-1] * n
    for stop, at in targets.items():
        alight[stop] = max(alight[stop], at)
    leaving: list[Connection | None] = [None] * day.trip_count
    walks = day.walks_to
    latest = max(targets.values(), default=-INF)
    first = bisect_left(day.backward, -latest, key=lambda c: -c[1])
    for conn in islice(day.backward, first, None):
        dep, arr, origin, dest, trip, _ = conn
        if arr < since:
            break
        leave = leaving[trip]
        if leave is None:
            if arr > alight[dest]:
                continue
            leave = leaving[trip] = conn
        if dep > boarding[origin]:
            boarding[origin] = dep
            ride_out[origin] = (conn, leave)
            for other, seconds in walks[origin]:
                if dep - seconds > alight[other]:
                    alight[other] = dep - seconds
                    alight_to[other] = origin
    departure = [max(at, targets.get(stop, -INF)) for stop, at in enumerate(boarding)]
    return BackwardScan(departure, ride_out, alight_to, dict(targets))
