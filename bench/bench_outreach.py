"""Outreach: syncing a day's offline work into a loopback PostgreSQL, and taking a copy out of a county-size office."""

import os
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from bench.common import BenchResult, scaled_database
from kim_desktop.db.engine import sqlite_url
from kim_desktop.db.models import Advisor, Course, Person
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Channel, Role, Sex
from kim_desktop.domain.errors import Conflict
from kim_desktop.services import counselling, people, referrals
from kim_desktop.services.database import OpenDatabase, open_database
from kim_desktop.services.outreach_copy import take_outreach_copy
from kim_desktop.services.outreach_sync import sync_with_office
from kim_desktop.services.people_dto import PersonInput, SessionInput

POSTGRES = os.environ.get("KIM_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
COPY_SCALE = int(os.environ.get("KIM_BENCH_OUTREACH_SCALE", "334"))  # about 100,000 people
NEW_PEOPLE, SESSIONS, HOLDS = 40, 60, 10


def _advisor(db: OpenDatabase) -> Actor:
    with db.sessions() as s:
        row = s.execute(sa.select(Advisor.id, Advisor.display_name).where(Advisor.role == Role.ADVISOR)).first()
    assert row is not None
    return Actor(row[0], row[1], Role.ADVISOR)


def _biggest_towns(db: OpenDatabase, wanted: int) -> tuple[list[int], int]:
    """Municipalities, largest first, until about `wanted` people live in them."""
    with db.sessions() as s:
        counts = s.execute(
            sa.select(Person.municipality_id, sa.func.count())
            .where(Person.municipality_id.is_not(None))
            .group_by(Person.municipality_id)
            .order_by(sa.func.count().desc())
        ).all()
    chosen: list[int] = []
    total = 0
    for town, n in sorted(counts, key=lambda r: abs(r[1] - wanted)):
        if town is not None and (total + n <= wanted * 1.15 or not chosen):
            chosen.append(town)
            total += int(n)
        if total >= wanted * 0.85:
            break
    return chosen, total


def _a_day(lap: OpenDatabase, actor: Actor, town: int, today: date) -> None:
    with lap.sessions() as s:
        known = list(s.scalars(sa.select(Person.id).limit(SESSIONS)))
        courses = list(s.scalars(sa.select(Course.id).where(Course.start_date > today)))
    new = []
    for n in range(NEW_PEOPLE):
        data = PersonInput(family_name=f"Außentermin{n:02d}", given_names="Test", sex=Sex.FEMALE,
                           birth_date=date(1970, 1, 1) + timedelta(days=97 * n), municipality_id=town)  # fmt: skip
        with lap.sessions() as s:
            new.append(people.register_person(s, data, actor=actor, today=today))
    at = datetime.combine(today, datetime.min.time()).replace(hour=9)
    for n in range(SESSIONS):
        person = (new + known)[n % (len(new) + len(known))]
        with lap.sessions() as s:
            held = at + timedelta(minutes=5 * n)
            counselling.record_session(s, SessionInput(person, held, Channel.IN_PERSON, notes="Beratung"),
                                       actor=actor, now=held)  # fmt: skip
    holds = 0
    for person in new:
        for course in courses:
            try:
                with lap.sessions() as s:
                    referrals.reserve_seat(s, person, course, actor=actor, today=today)
                holds += 1
                break
            except Conflict:
                continue
        if holds == HOLDS:
            break


def _sync_a_day() -> BenchResult:
    from kim_desktop.services.demo_data import generate_demo_data

    admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    name = f"kim_bench_outreach_{os.getpid()}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)
    try:
        office = open_database(url, None)
        generate_demo_data(office.sessions, scale=1)
        actor = _advisor(office)
        towns, _ = _biggest_towns(office, 60)
        today = date.today()
        with tempfile.TemporaryDirectory() as tmp, office.sessions() as s:
            taken = take_outreach_copy(s, Path(tmp) / "laptop.kim", municipality_ids=towns, office="Bench",
                                       laptop="bench", actor=actor)  # fmt: skip
            lap = open_database(sqlite_url(taken.path), None)
            _a_day(lap, actor, towns[0], today)
            with lap.sessions() as s_lap, office.sessions() as s_office:
                start = time.perf_counter()
                report = sync_with_office(s_lap, s_office, actor=actor, today=today)
                seconds = time.perf_counter() - start
            lap.close()
        office.close()
        note = f"{len(report.outcomes)} operations: {report.summary()[:80]}"
        return BenchResult("outreach: sync a day (40 people, 60 sessions, 10 holds) into PostgreSQL", 5, seconds,
                           "s", note)  # fmt: skip
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _take_a_copy() -> BenchResult:
    office = scaled_database(COPY_SCALE)
    with office.sessions() as s:
        everyone = s.scalar(sa.select(sa.func.count()).select_from(Person)) or 0
    towns, _carried = _biggest_towns(office, 2000)
    actor = _advisor(office)
    with tempfile.TemporaryDirectory() as tmp, office.sessions() as s:
        start = time.perf_counter()
        taken = take_outreach_copy(s, Path(tmp) / "copy.kim", municipality_ids=towns, office="Bench", laptop="bench",
                                   actor=actor, passphrase="bench passphrase")  # fmt: skip
        seconds = time.perf_counter() - start
    office.close()
    people_out = taken.counts.get("people", 0)
    note = f"{people_out:,} of {everyone:,} people, {len(towns)} municipalities, SQLCipher-encrypted"
    return BenchResult("outreach: take a copy (≈2,000 people) out of the county", 10, seconds, "s", note)


def run() -> list[BenchResult]:
    """Both outreach figures (the sync's only where the loopback PostgreSQL answers)."""
    results = []
    try:
        results.append(_sync_a_day())
    except sa.exc.OperationalError:
        print("bench_outreach: no PostgreSQL at", sa.make_url(POSTGRES).render_as_string(), "- sync figure skipped")
    results.append(_take_a_copy())
    return results


if __name__ == "__main__":
    for result in run():
        print(result)
