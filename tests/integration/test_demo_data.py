import hashlib
import itertools
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from kim_desktop.db import models as m
from kim_desktop.db.engine import sqlite_url
from kim_desktop.domain.enums import OrganisationKind, ReferralState, Sex
from kim_desktop.domain.errors import KimError
from kim_desktop.domain.search_text import fold_for_search
from kim_desktop.services.database import OpenDatabase, open_database
from kim_desktop.services.demo_data import DemoSummary, database_is_empty, generate_demo_data

TODAY = date(2026, 11, 23)
SEAT_TAKING = (ReferralState.REGISTERED, ReferralState.STARTED)


def _count(db: OpenDatabase, model: type[m.Base]) -> int:
    with db.sessions() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def _digest(db: OpenDatabase) -> str:
    """A fingerprint of the generated content (names, dates, courses, referrals, sessions)."""
    h = hashlib.sha256()
    queries = [
        sa.select(m.Person.id, m.Person.family_name, m.Person.given_names, m.Person.birth_date, m.Person.search_key,
                  m.Person.phone, m.Person.municipality_id).order_by(m.Person.id),
        sa.select(m.Course.id, m.Course.course_type, m.Course.start_date, m.Course.end_date, m.Course.location_id,
                  m.Course.max_seats, m.Course.start_time, m.Course.booked_reported).order_by(m.Course.id),
        sa.select(m.Referral.id, m.Referral.person_id, m.Referral.course_id, m.Referral.state,
                  m.Referral.hold_until).order_by(m.Referral.id),
        sa.select(m.CounsellingSession.id, m.CounsellingSession.person_id, m.CounsellingSession.held_at,
                  m.CounsellingSession.notes).order_by(m.CounsellingSession.id),
        sa.select(m.TravelTime.municipality_id, m.TravelTime.location_id, m.TravelTime.minutes).order_by(
            m.TravelTime.municipality_id, m.TravelTime.location_id),
    ]  # fmt: skip
    with db.sessions() as s:
        for query in queries:
            for row in s.execute(query):
                h.update(repr(tuple(row)).encode())
    return h.hexdigest()


@pytest.fixture
def demo(database: OpenDatabase) -> tuple[OpenDatabase, DemoSummary]:
    return database, generate_demo_data(database.sessions, today=TODAY)


def test_counts_match_summary_and_spec(demo: tuple[OpenDatabase, DemoSummary]) -> None:
    db, summary = demo
    assert summary.people == _count(db, m.Person) == 300
    assert summary.courses == _count(db, m.Course) == 40
    assert summary.sessions == _count(db, m.CounsellingSession) == 800
    assert summary.referrals == _count(db, m.Referral) == 150
    assert summary.follow_ups == _count(db, m.FollowUp) == 120
    assert summary.waiting == _count(db, m.WaitingListEntry) == 40
    assert summary.municipalities == _count(db, m.Municipality) == 8
    assert summary.locations == _count(db, m.CourseLocation) == 10
    assert summary.advisors == _count(db, m.Advisor) == 5
    with db.sessions() as s:
        kinds = Counter(s.scalars(sa.select(m.Organisation.kind)))
        states = set(s.scalars(sa.select(m.Referral.state)))
        topics_per_session = Counter(
            s.scalars(sa.select(sa.func.count()).select_from(m.session_topics).group_by(m.session_topics.c.session_id))
        )
        providers_without_number = s.scalar(
            sa.select(sa.func.count()).where(
                m.Organisation.kind == OrganisationKind.KURSTRAEGER, m.Organisation.bamf_provider_number.is_(None)
            )
        )
        travel_rows = _count(db, m.TravelTime)
    assert kinds[OrganisationKind.KURSTRAEGER] == summary.providers == 5
    assert providers_without_number == 0
    assert kinds[OrganisationKind.JOBCENTER] == kinds[OrganisationKind.AUSLAENDERBEHOERDE] == 1
    assert kinds[OrganisationKind.MBE] == 2
    assert states == set(ReferralState)
    assert set(topics_per_session) <= {1, 2, 3} and sum(topics_per_session.values()) == 800
    assert 40 <= travel_rows < 80  # every pair but a few without a bus connection
    assert not database_is_empty(db.sessions())


def test_people_are_plausible(demo: tuple[OpenDatabase, DemoSummary]) -> None:
    db, _ = demo
    with db.sessions() as s:
        people = s.scalars(sa.select(m.Person)).all()
        with_permission = s.scalar(sa.select(sa.func.count(sa.distinct(m.Permission.person_id)))) or 0
        with_children = s.scalar(sa.select(sa.func.count(sa.distinct(m.Child.person_id)))) or 0
        without_availability = s.scalar(
            sa.select(sa.func.count()).where(~sa.exists().where(m.Availability.person_id == m.Person.id))
        )
        obliged_mismatch = s.scalar(
            sa.select(sa.func.count()).where(m.Permission.obliged != (m.Permission.kind == "verpflichtung"))
        )
    for person in people:
        assert person.search_key == fold_for_search(f"{person.family_name} {person.given_names}")
        assert person.birth_date is not None
        assert 18 <= (TODAY - person.birth_date).days // 365 <= 66
        assert person.first_contact_on is not None and person.first_contact_on <= TODAY
    assert any(not p.family_name.isascii() for p in people)
    assert {p.sex for p in people} >= {Sex.FEMALE, Sex.MALE}
    assert len({p.nationalities.split(",")[0] for p in people}) >= 8
    assert with_permission > 250
    assert 50 <= with_children <= 150
    assert without_availability == 0
    assert obliged_mismatch == 0


def test_seats_are_never_overbooked(demo: tuple[OpenDatabase, DemoSummary]) -> None:
    db, _ = demo
    taken = (m.Referral.state.in_(SEAT_TAKING)) | (
        (m.Referral.state == ReferralState.RESERVED) & (m.Referral.hold_until >= TODAY)
    )
    with db.sessions() as s:
        rows = s.execute(
            sa.select(m.Course.id, m.Course.max_seats, m.Course.booked_reported, sa.func.count(m.Referral.id))
            .outerjoin(m.Referral, (m.Referral.course_id == m.Course.id) & taken)
            .group_by(m.Course.id, m.Course.max_seats, m.Course.booked_reported)
        ).all()
        reserved_without_hold = s.scalar(
            sa.select(sa.func.count()).where(
                m.Referral.state == ReferralState.RESERVED,
                (m.Referral.hold_until.is_(None)) | (m.Referral.hold_until < TODAY),
            )
        )
    assert rows
    for _course_id, max_seats, booked_reported, booked in rows:
        assert booked <= max_seats
        assert booked_reported is None or booked_reported <= max_seats
    assert reserved_without_hold == 0


def test_referral_histories_are_consistent(demo: tuple[OpenDatabase, DemoSummary]) -> None:
    db, _ = demo
    with db.sessions() as s:
        referrals = s.scalars(sa.select(m.Referral)).all()
        for referral in referrals:
            events = referral.events
            assert events[0].from_state is None and events[0].to_state == ReferralState.PROPOSED
            assert events[-1].to_state == referral.state
            for before, after in itertools.pairwise(events):
                assert after.from_state == before.to_state
                assert after.at >= before.at
            assert events[-1].at.date() <= TODAY
            if referral.state in (ReferralState.STARTED, ReferralState.DROPPED_OUT):
                assert referral.started_on is not None and referral.started_on >= referral.course.start_date
            if referral.state == ReferralState.REGISTERED:
                assert referral.registered_on is not None and referral.course.start_date > TODAY


def test_follow_ups_include_overdue_today_and_done(demo: tuple[OpenDatabase, DemoSummary]) -> None:
    db, _ = demo
    with db.sessions() as s:
        follow_ups = s.scalars(sa.select(m.FollowUp)).all()
    assert any(f.done_at is None and f.due_on < TODAY for f in follow_ups)
    assert any(f.done_at is None and f.due_on == TODAY for f in follow_ups)
    assert any(f.done_at is None and f.due_on > TODAY for f in follow_ups)
    assert any(f.done_at is not None and f.outcome for f in follow_ups)


def test_same_seed_gives_identical_data(
    demo: tuple[OpenDatabase, DemoSummary], sqlite_template: Path, tmp_path: Path
) -> None:
    db, summary = demo
    path = tmp_path / "second.sqlite"
    shutil.copyfile(sqlite_template, path)
    second = open_database(sqlite_url(path), None)
    try:
        assert generate_demo_data(second.sessions, today=TODAY) == summary
        assert _digest(second) == _digest(db)
    finally:
        second.close()


def test_another_seed_gives_other_data(sqlite_database: OpenDatabase, sqlite_template: Path, tmp_path: Path) -> None:
    generate_demo_data(sqlite_database.sessions, today=TODAY)
    path = tmp_path / "other.sqlite"
    shutil.copyfile(sqlite_template, path)
    other = open_database(sqlite_url(path), None)
    try:
        generate_demo_data(other.sessions, today=TODAY, seed=1)
        assert _digest(other) != _digest(sqlite_database)
    finally:
        other.close()


def test_refuses_a_database_with_data(demo: tuple[OpenDatabase, DemoSummary]) -> None:
    db, _ = demo
    with pytest.raises(KimError, match="bereits"):
        generate_demo_data(db.sessions, today=TODAY)
    assert _count(db, m.Person) == 300


def test_empty_database_is_empty(database: OpenDatabase) -> None:
    with database.sessions() as s:
        assert database_is_empty(s)


def test_later_orm_insert_works(demo: tuple[OpenDatabase, DemoSummary]) -> None:
    db, _ = demo
    with db.sessions() as s, s.begin():
        person = m.Person(family_name="Neu", given_names="Nora", search_key="neu nora")
        municipality = m.Municipality(name="Nachtragsdorf")
        s.add_all([person, municipality])
        s.flush()
        assert person.id == 301
        assert municipality.id == 9
    assert _count(db, m.Person) == 301


def test_scale_two_doubles(database: OpenDatabase) -> None:
    summary = generate_demo_data(database.sessions, scale=2, today=TODAY)
    assert summary.people == _count(database, m.Person) == 600
    assert summary.sessions == 1600
    assert summary.courses == 80
    assert summary.referrals == 300
    assert summary.municipalities > 8


def test_scale_below_one_is_refused(database: OpenDatabase) -> None:
    with pytest.raises(ValueError):
        generate_demo_data(database.sessions, scale=0)
