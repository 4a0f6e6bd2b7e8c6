r"""Load on the network's server: many desks of 20 partners at once (run by hand, needs a PostgreSQL server).

    .venv/bin/python -m bench.network_load --server postgresql+psycopg://postgres@127.0.0.1/postgres

Builds the demo network in a throwaway database (roles with a random prefix, dropped afterwards), adds a county's
worth of people to each counselling office, then runs simulated desks, each with its own connection under its
partner's login and the application's own use cases: search as you type (three keystrokes), the course catalogue
with everyone's seats, and seat reservations with contention on three popular courses. The desks are threads
spread over --processes worker processes (real desks are separate PCs: one Python process would measure its own
interpreter lock, not the server). Each level runs for --seconds; reported: p95 of one search and of one
reservation, reservations made and refused, double bookings (seats taken beyond a course's seats, counted by the
administrator afterwards: must be 0), how busy the machine's cores were and how much of that the desks' Python
took. Not in run_all: it needs a server, and the clients share this machine's cores with the server.
"""

import argparse
import multiprocessing
import os
import random
import resource
import secrets
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from multiprocessing.connection import Connection
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.network_roles import drop_network
from kim_desktop.domain.errors import Conflict
from kim_desktop.services.courses import list_courses
from kim_desktop.services.database import open_database
from kim_desktop.services.demo_data import DEMO_PASSWORD
from kim_desktop.services.demo_network import COUNSELLING, build_demo_network
from kim_desktop.services.network_partners import network_logins
from kim_desktop.services.people_search import search_people
from kim_desktop.services.referrals import reserve_seat

SYLLABLES = ("ha", "mo", "ka", "al", "sa", "re", "ni", "to", "be", "ja", "li", "ma", "ro", "ne", "da", "si")
POPULAR = 3  # courses everybody wants: the contention on the last seats
CONNECTIONS_PER_DESK = 1  # a simulated desk holds one session (a real one also listens for changes: 2)


@dataclass
class Samples:
    """Latencies in ms per kind of action, and the reservations' outcomes, from all desks of one level."""

    search: list[float] = field(default_factory=list)
    reserve: list[float] = field(default_factory=list)
    made: int = 0
    refused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, ms: float) -> None:
        with self.lock:
            getattr(self, kind).append(ms)


def p95(values: list[float]) -> float:
    """The 95th percentile (0 without values)."""
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values, default=0.0)


def _people(url: str, per_office: int, seed: int) -> None:
    """A county's worth of people per counselling office, inserted by the administrator with their owner."""
    rng = random.Random(seed)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        offices = conn.execute(sa.text("SELECT id FROM organisations WHERE kind <> 'kurstraeger'"))
        town = conn.execute(sa.text("SELECT min(id) FROM municipalities")).scalar_one()
        owners = [o for (o,) in offices]
        rows = []
        for owner in owners:
            for _ in range(per_office):
                family = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
                given = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
                rows.append({"f": family, "g": given, "k": f"{family} {given}".lower(), "o": owner, "m": town})
        conn.execute(
            sa.text(
                "INSERT INTO people (family_name, given_names, search_key, sex, nationalities, other_languages, "
                "interpreter_needed, literacy, german_level, fee_exemption, travel_subsidy_requested, "
                "needs_childcare, travel_public_transport, travel_car, travel_on_foot, created_at, updated_at, "
                "version, partner_id, municipality_id) VALUES (:f, :g, :k, 'x', '', '', false, 'latin', "
                "'none', 'none', false, false, true, false, false, now(), now(), 1, :o, :m)"
            ),
            rows,
        )
        conn.execute(sa.text("ANALYZE"))
    engine.dispose()


def _timed(samples: Samples, kind: str, action: Callable[[], object]) -> None:
    start = time.perf_counter()
    action()
    samples.add(kind, (time.perf_counter() - start) * 1000)


def _search(session: Session, typed: str) -> Callable[[], object]:
    return lambda: search_people(session, typed, limit=50)


def _reserve(session: Session, person: int, course: int, today: date) -> Callable[[], object]:
    return lambda: reserve_seat(session, person, course, today=today)


def _desk(url: str, stop: threading.Event, samples: Samples, popular: list[int], seed: int) -> None:
    """One desk: think, then search as you type, look at the catalogue or reserve a seat."""
    rng = random.Random(seed)
    db = open_database(url, None)
    today = date.today()
    try:
        with db.sessions() as session:
            mine = [p.id for p in search_people(session, "", limit=200)]
        while not stop.is_set():
            time.sleep(rng.uniform(1.0, 4.0))  # a person at a desk, not a script in a loop
            roll = rng.random()
            if roll < 0.6:
                typed = rng.choice(SYLLABLES) + rng.choice(SYLLABLES)
                for length in (2, 3, 4):
                    with db.sessions() as session:
                        _timed(samples, "search", _search(session, typed[:length]))
            elif roll < 0.85:
                with db.sessions() as session:
                    list_courses(session, today)
            elif mine:
                course = rng.choice(popular)
                person = mine.pop()
                try:
                    with db.sessions() as session:
                        _timed(samples, "reserve", _reserve(session, person, course, today))
                    with samples.lock:
                        samples.made += 1
                except Conflict:
                    with samples.lock:
                        samples.refused += 1
    finally:
        db.close()


def _double_bookings(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(
                    sa.text(
                        "SELECT count(*) FROM (SELECT c.id FROM courses c JOIN referrals r ON r.course_id = c.id "
                        "WHERE r.state IN ('registered', 'started') OR (r.state = 'reserved' AND r.hold_until >= "
                        "current_date) GROUP BY c.id, c.max_seats HAVING count(*) > c.max_seats) over"
                    )
                ).scalar_one()
            )
    finally:
        engine.dispose()


def _worker(desks: list[tuple[str, int]], seconds: float, popular: list[int], out: Connection) -> None:
    """One process of desks (threads): run them for the level's time, send back what they measured."""
    samples, stop = Samples(), threading.Event()
    threads = [
        threading.Thread(target=_desk, args=(url, stop, samples, popular, seed), daemon=True) for url, seed in desks
    ]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    out.send((samples.search, samples.reserve, samples.made, samples.refused))
    out.close()


def _busy_jiffies() -> tuple[int, int]:
    """The machine's CPU time so far (Linux /proc/stat): busy, total."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return sum(values) - idle, sum(values)


def _server_cpu_s(database: str) -> dict[int, float]:
    """CPU seconds so far of each server process serving the database (Linux /proc: its title names it)."""
    found = {}
    for process in Path("/proc").glob("[0-9]*"):
        try:
            title = (process / "cmdline").read_bytes().decode(errors="replace")
            values = (process / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if title.startswith("postgres: ") and f" {database} " in title:
            found[int(process.name)] = (int(values[11]) + int(values[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    return found


@dataclass(frozen=True)
class LevelLoad:
    """How busy the cores were during a level, and how much of that the desks and the server took."""

    machine_busy: float  # 0..1 of all cores
    desks_cpu_s: float  # CPU seconds of the desks' processes
    server_cpu_s: float  # of the server's processes while the desks were connected (the rest: other programs)
    busy_cpu_s: float


def _level(
    url: str, prefix: str, desks: int, seconds: float, popular: list[int], processes: int
) -> tuple[Samples, LevelLoad]:
    offices = [short for short, *_ in COUNSELLING]
    plan: list[list[tuple[str, int]]] = [[] for _ in range(processes)]
    for n in range(desks):
        login = f"{prefix}org_{offices[n % len(offices)]}"
        desk_url = sa.make_url(url).set(username=login, password=DEMO_PASSWORD).render_as_string(False)
        plan[n % processes].append((desk_url, n))
    context = multiprocessing.get_context("spawn")
    before_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy_before, total_before = _busy_jiffies()
    workers = []
    for share in plan:
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_worker, args=(share, seconds, popular, send))
        process.start()
        workers.append((process, receive))
    time.sleep(min(3.0, seconds / 4))  # the desks are connected
    database = sa.make_url(url).database or ""
    server_before = _server_cpu_s(database)
    time.sleep(seconds - 2 * min(3.0, seconds / 4))
    server_after = _server_cpu_s(database)  # before the desks hang up and their server processes end
    server_cpu = sum(cpu - server_before.get(pid, 0.0) for pid, cpu in server_after.items())
    samples = Samples()
    for process, receive in workers:
        search, reserve, made, refused = receive.recv()
        samples.search += search
        samples.reserve += reserve
        samples.made += made
        samples.refused += refused
        process.join()
    busy_after, total_after = _busy_jiffies()
    after_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    tick = float(os.sysconf("SC_CLK_TCK"))
    desks_cpu = (after_children.ru_utime + after_children.ru_stime) - (
        before_children.ru_utime + before_children.ru_stime
    )
    busy = (busy_after - busy_before) / max(1, total_after - total_before)
    load = LevelLoad(busy, desks_cpu, server_cpu, (busy_after - busy_before) / tick)
    return samples, load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True, help="administrator's URL of any database on the server")
    parser.add_argument("--levels", default="10,25,50,100", help="numbers of desks, one run each")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--people", type=int, default=3000, help="people per counselling office")
    parser.add_argument("--processes", type=int, default=4, help="worker processes the desks are spread over")
    args = parser.parse_args()
    tag = secrets.token_hex(3)
    name, prefix = f"kimload_{tag}", f"kl{tag}_"
    admin = sa.create_engine(args.server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(args.server).set(database=name).render_as_string(hide_password=False)
    try:
        build_demo_network(url, DEMO_PASSWORD, prefix)
        _people(url, args.people, 7)
        engine = sa.create_engine(url)
        with engine.begin() as conn:  # the popular courses: few seats, everyone wants them
            found = conn.execute(sa.text(f"SELECT id FROM courses ORDER BY id LIMIT {POPULAR}")).scalars().all()
            popular = [int(course) for course in found]
        engine.dispose()
        with admin.connect() as conn:
            slots = int(conn.execute(sa.text("SHOW max_connections")).scalar_one())
        print(
            "desks | searches | p95 search ms | reservations (refused) | p95 reservation ms | double bookings | "
            "cores busy | CPU s: desks, server (part of the level), all"
        )
        for desks in (int(level) for level in args.levels.split(",")):
            if CONNECTIONS_PER_DESK * desks + 20 > slots:  # never crowd out the server's other users
                print(f"{desks} | skipped: needs about {CONNECTIONS_PER_DESK * desks} connections, max {slots}")
                continue
            engine = sa.create_engine(url)
            with engine.begin() as conn:  # each level starts with the popular courses empty again, few seats
                conn.execute(sa.text("DELETE FROM referrals WHERE course_id = ANY(:ids)"), {"ids": popular})
                conn.execute(sa.text("UPDATE courses SET max_seats = 15 WHERE id = ANY(:ids)"), {"ids": popular})
            engine.dispose()
            s, load = _level(url, prefix, desks, args.seconds, popular, min(args.processes, desks))
            print(
                f"{desks} | {len(s.search)} | {p95(s.search):.1f} | {s.made} ({s.refused}) | {p95(s.reserve):.1f} | "
                f"{_double_bookings(url)} | {load.machine_busy:.0%} | {load.desks_cpu_s:.0f}, {load.server_cpu_s:.0f}, "
                f"{load.busy_cpu_s:.0f}",
                flush=True,
            )
    finally:
        logins = list(network_logins(url))
        drop_network(admin, name, prefix, logins)
        admin.dispose()


if __name__ == "__main__":
    main()
