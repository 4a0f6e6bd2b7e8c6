"""A sync killed (SIGKILL) at random points resumes where it stopped: no operation lost, none applied twice."""

import multiprocessing
import multiprocessing.synchronize
import os
import random
import signal
import time
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa

from kim_desktop.db.engine import sqlite_url
from kim_desktop.db.models import CounsellingSession, OutreachApplied, OutreachOperation, Person
from kim_desktop.domain.enums import Channel
from kim_desktop.services import counselling, people
from kim_desktop.services.database import OpenDatabase, open_database
from kim_desktop.services.outreach_sync import sync_with_office
from kim_desktop.services.people_dto import SessionInput
from tests.integration.outreach_setup import TODAY, advisor_of, go_out, laptop, newcomer

PEOPLE = 30  # each with two sessions: 90 operations
MAX_ROUNDS = 100


def _sync_in_child(office_url: str, copy: str, actor_id: int, started: "multiprocessing.synchronize.Event") -> None:
    office = open_database(office_url, None)
    lap = open_database(sqlite_url(Path(copy)), None)
    from kim_desktop.domain.access import Actor
    from kim_desktop.domain.enums import Role

    started.set()
    with lap.sessions() as s_lap, office.sessions() as s_office:
        sync_with_office(s_lap, s_office, actor=Actor(actor_id, "Anna Krüger", Role.ADVISOR), today=TODAY)
    os._exit(0)


def _count(db: OpenDatabase, model: type, *where: sa.ColumnElement[bool]) -> int:
    with db.sessions() as session:
        return int(session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0)


def test_killed_syncs_resume_without_loss_or_double(database: OpenDatabase, tmp_path: Path) -> None:
    outing = go_out(database, tmp_path)
    actor = advisor_of(outing.net)
    with laptop(outing) as lap:
        for n in range(PEOPLE):
            with lap.sessions() as s:
                data = newcomer(family=f"Kill{n:02d}", given="Test", town=outing.town)
                pid = people.register_person(s, data.__class__(**{**data.__dict__, "birth_date": date(1980, 1, n + 1)}),
                                             actor=actor, today=TODAY)  # fmt: skip
            for k in range(2):
                with lap.sessions() as s:
                    at = datetime(2026, 3, 2, 9, n, k)
                    counselling.record_session(s, SessionInput(pid, at, Channel.IN_PERSON), actor=actor, now=at)
        operations = _count(lap, OutreachOperation)
    assert operations == PEOPLE * 3
    before = _count(database, Person)
    rng = random.Random(19)
    context = multiprocessing.get_context("fork")
    database.engine.dispose()  # the child opens its own connections
    killed = 0
    for _ in range(MAX_ROUNDS):  # killed at a random moment of the sync, until one run gets through
        started = context.Event()
        args = (database.url, str(outing.taken.path), actor.advisor_id, started)
        child = context.Process(target=_sync_in_child, args=args)
        child.start()
        assert started.wait(30)
        time.sleep(rng.uniform(0.0, 0.08))
        if child.is_alive():
            os.kill(child.pid or 0, signal.SIGKILL)
            killed += 1
        child.join()
        if child.exitcode == 0:
            break
        applied = _count(database, OutreachApplied)
        assert applied <= operations
        assert _count(database, Person) == before + _count(
            database, OutreachApplied, OutreachApplied.kind == "register_person"
        )
    during = _count(database, OutreachApplied)
    assert killed >= 3 and during > 0  # the kills fell in the middle of the work, not only before it
    with laptop(outing) as lap, lap.sessions() as s_lap, database.sessions() as s_office:
        report = sync_with_office(s_lap, s_office, actor=actor, today=TODAY)
    assert report.settled and len(report.outcomes) <= operations
    assert _count(database, OutreachApplied) == operations
    assert _count(database, Person) == before + PEOPLE
    office_ids = sa.select(Person.id).where(Person.family_name.like("Kill%"))
    assert _count(database, CounsellingSession, CounsellingSession.person_id.in_(office_ids)) == PEOPLE * 2
