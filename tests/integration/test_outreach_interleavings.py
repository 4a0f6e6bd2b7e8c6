"""Property: random offline and office work on two laptops and the office, synced in any order (also cut off).

Whatever the interleaving, once everything is synced every operation is applied at the office exactly once,
every person and session made offline is there once, and every seat taken offline is a hold or a waiting-list
entry (never both, never neither); the office's own work is untouched.
"""

import shutil
import tempfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kim_desktop.db.engine import sqlite_url
from kim_desktop.db.models import (
    CounsellingSession,
    OutreachApplied,
    OutreachOperation,
    Person,
    Referral,
    WaitingListEntry,
)
from kim_desktop.domain.enums import Channel
from kim_desktop.services import counselling, people, referrals
from kim_desktop.services.database import OpenDatabase, open_database
from kim_desktop.services.outreach_replay import apply_operations
from kim_desktop.services.outreach_sync import confirm, outgoing, sync_with_office
from kim_desktop.services.people_dto import SessionInput
from tests.conftest import _fresh_postgres
from tests.integration.outreach_setup import TODAY, Outing, go_out, newcomer, take_again

SIDES = ("office", "a", "b")
step = st.one_of(
    st.tuples(st.just("register"), st.sampled_from(SIDES)),
    st.tuples(st.just("session"), st.sampled_from(SIDES)),
    st.tuples(st.just("reserve"), st.sampled_from(SIDES)),
    st.tuples(st.just("sync"), st.sampled_from(("a", "b")), st.integers(0, 6)),  # 6: all; fewer: cut off
)


def _count(db: OpenDatabase, model: type, *where: sa.ColumnElement[bool]) -> int:
    with db.sessions() as session:
        return int(session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0)


class World:
    """The office and two laptops, with what each side registered."""

    def __init__(self, folder: Path, office_url: str) -> None:
        self.office = open_database(office_url, None)
        self.outing: Outing = go_out(self.office, folder, max_seats=3, name="a.kim")
        second = take_again(self.office, self.outing.net, folder, "b.kim")
        self.laptops = {
            "a": open_database(sqlite_url(self.outing.taken.path), None),
            "b": open_database(sqlite_url(second.taken.path), None),
        }
        self.registered: dict[str, list[int]] = {side: [] for side in SIDES}
        self.names: list[str] = []
        self.office_sessions = 0

    def db(self, side: str) -> OpenDatabase:
        return self.office if side == "office" else self.laptops[side]

    def register(self, side: str) -> None:
        self.names.append(f"P{len(self.names):03d}{side}")
        data = replace(newcomer(family=self.names[-1], town=self.outing.town),
                       birth_date=date(1960 + len(self.names), 1, 1))  # fmt: skip
        with self.db(side).sessions() as s:
            self.registered[side].append(people.register_person(s, data, actor=self.outing.actor, today=TODAY))

    def known(self, side: str) -> list[int]:
        net = self.outing.net
        return [net.rania, net.tesfaye, net.olena, *self.registered[side]]

    def session(self, side: str) -> None:
        person = self.known(side)[-1]
        at = datetime(2026, 3, 2, 9, 0)
        self.office_sessions += side == "office"
        with self.db(side).sessions() as s:
            counselling.record_session(s, SessionInput(person, at, Channel.PHONE), actor=self.outing.actor, now=at)

    def reserve(self, side: str) -> None:
        for person in reversed(self.known(side)):
            with self.db(side).sessions() as s:
                try:
                    referrals.reserve_seat(s, person, self.outing.net.course, actor=self.outing.actor, today=TODAY)
                    return
                except Exception:
                    continue

    def sync(self, side: str, how_far: int) -> None:
        lap = self.laptops[side]
        if how_far == 6:
            with lap.sessions() as s_lap, self.office.sessions() as s_office:
                sync_with_office(s_lap, s_office, actor=self.outing.actor, today=TODAY)
            return
        with lap.sessions() as s:  # cut off: only the first operations arrive, no answer comes back
            going = outgoing(s)
        with self.office.sessions() as s:
            apply_operations(s, going.copy, going.operations[:how_far], actor=self.outing.actor, today=TODAY)

    def close(self) -> None:
        for db in (*self.laptops.values(), self.office):
            db.close()


def _run(world: World, steps: list[tuple]) -> None:  # type: ignore[type-arg]
    """Play the steps, sync both laptops fully, then check: every operation applied once, nothing lost."""
    office_people = _count(world.office, Person)
    for action, side, *rest in steps:
        getattr(world, action)(side, *rest)
    for side in ("a", "b"):
        world.sync(side, 6)
    journaled = {}
    for side in ("a", "b"):
        lap = world.laptops[side]
        with lap.sessions() as s:
            assert confirm(s, ()) == 0  # everything settled at the office
            journaled[side] = list(s.execute(sa.select(OutreachOperation.id, OutreachOperation.kind)))
    all_ops = journaled["a"] + journaled["b"]
    assert _count(world.office, OutreachApplied) == len(all_ops)  # none lost, none doubled
    with world.office.sessions() as s:
        applied = dict(s.execute(sa.select(OutreachApplied.operation_id, OutreachApplied.outcome)).all())
    assert {op_id for op_id, _ in all_ops} == set(applied)
    assert _count(world.office, Person) == office_people + len(world.names)
    for name in world.names:  # every person registered anywhere is at the office exactly once
        assert _count(world.office, Person, Person.family_name == name) == 1
    sessions = sum(1 for _, kind in all_ops if kind == "record_session")
    assert _count(world.office, CounsellingSession) == sessions + world.office_sessions
    for op_id, kind in all_ops:
        if kind == "reserve_seat":
            assert applied[op_id] in ("applied", "waitlisted", "rejected")
    holds = _count(world.office, Referral)
    waiting = _count(world.office, WaitingListEntry)
    reserved_offline = sum(1 for op_id, kind in all_ops if kind == "reserve_seat" and applied[op_id] != "rejected")
    assert holds + waiting >= reserved_offline
    assert holds <= 3  # the course never holds more than its seats


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=14))
def test_any_interleaving_arrives_exactly_once(sqlite_template: Path, steps: list[tuple]) -> None:  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copyfile(sqlite_template, Path(tmp) / "office.sqlite")
        world = World(Path(tmp), sqlite_url(Path(tmp) / "office.sqlite"))
        try:
            _run(world, steps)
        finally:
            world.close()


@pytest.mark.postgres
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=14))
def test_any_interleaving_arrives_exactly_once_on_postgresql(
    postgres_template: tuple[sa.Engine, str],
    steps: list[tuple],  # type: ignore[type-arg]
) -> None:
    name, url = _fresh_postgres(postgres_template)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            world = World(Path(tmp), url)
            try:
                _run(world, steps)
            finally:
                world.close()
    finally:
        with postgres_template[0].connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
