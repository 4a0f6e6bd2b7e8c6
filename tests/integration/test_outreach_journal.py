"""The operation journal: offline use cases are recorded with their change and replayed once at the office."""

import json
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from kim_desktop.db.models import (
    AuditEvent,
    CounsellingSession,
    FollowUp,
    OutreachApplied,
    OutreachOperation,
    Person,
    Referral,
    WaitingListEntry,
)
from kim_desktop.domain.enums import Channel, CourseType, ReferralState
from kim_desktop.domain.errors import ValidationFailed
from kim_desktop.services import counselling, people, referrals, waiting_list
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.outreach_sync import outgoing, sync_with_office
from kim_desktop.services.people_dto import SessionInput
from kim_desktop.services.waiting_list import UnmetNeed
from tests.integration.outreach_setup import TODAY, go_out, laptop, newcomer

HELD = datetime(2026, 3, 2, 10, 30)


@pytest.fixture(autouse=True)
def outreach_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """The use cases without a clock of their own run on the day out (the copy expires 14 days later)."""
    from kim_desktop.services import outreach_journal

    monkeypatch.setattr(outreach_journal, "wall_clock", lambda: HELD)


def _count(db: OpenDatabase, model: type, *where: sa.ColumnElement[bool]) -> int:
    with db.sessions() as session:
        return int(session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0)


def _a_day_out(lap: OpenDatabase, outing_actor: object, town: int, rania: int, tesfaye: int, course: int) -> int:
    actor = outing_actor
    with lap.sessions() as s:
        new_id = people.register_person(s, newcomer(town=town), actor=actor, today=TODAY)  # type: ignore[arg-type]
    with lap.sessions() as s:
        data = SessionInput(new_id, HELD, Channel.IN_PERSON, notes="Erstgespräch", follow_up_on=date(2026, 3, 9))
        counselling.record_session(s, data, actor=actor, now=HELD)  # type: ignore[arg-type]
    with lap.sessions() as s:
        details = people.get_person_details(s, rania)
    with lap.sessions() as s:
        edited = details.data.__class__(**{**details.data.__dict__, "phone": "0151 9999999"})
        people.update_person(s, rania, edited, expected_version=details.version, actor=actor, today=TODAY)  # type: ignore[arg-type]
    with lap.sessions() as s:
        referrals.reserve_seat(s, new_id, course, actor=actor, today=TODAY, now=HELD)  # type: ignore[arg-type]
    with lap.sessions() as s:
        need = UnmetNeed(CourseType.ALLGEMEIN, 1, town, (), False, 0, "abends")
        waiting_list.add_to_waiting_list(s, tesfaye, need, actor=actor)  # type: ignore[arg-type]
    with lap.sessions() as s:
        follow_up = s.scalar(sa.select(FollowUp.id).where(FollowUp.person_id == new_id))
    assert follow_up is not None
    with lap.sessions() as s:
        counselling.complete_follow_up(s, follow_up, "angerufen", actor=actor, now=HELD)  # type: ignore[arg-type]
    return new_id


def test_a_day_offline_is_journaled_and_replayed_once(database: OpenDatabase, tmp_path: Path) -> None:
    outing = go_out(database, tmp_path)
    net = outing.net
    with laptop(outing) as lap:
        new_id = _a_day_out(lap, outing.actor, outing.town, net.rania, net.tesfaye, net.course)
        with lap.sessions() as s:
            ops = list(s.scalars(sa.select(OutreachOperation).order_by(OutreachOperation.seq)))
            kinds = [o.kind for o in ops]
            offline_times = {o.at for o in ops}
            assert [o.seq for o in ops] == list(range(1, 7))
            assert json.loads(ops[0].created)["people"] == [new_id]
            assert all(o.advisor_id == net.advisor and o.laptop == "laptop-1.kim" for o in ops)
        assert kinds == ["register_person", "record_session", "update_person", "reserve_seat",
                         "add_to_waiting_list", "complete_follow_up"]  # fmt: skip
        people_before = _count(database, Person)
        with lap.sessions() as s_lap, database.sessions() as s_office:
            report = sync_with_office(s_lap, s_office, actor=outing.actor, today=TODAY)
        assert [o.outcome for o in report.outcomes] == ["applied"] * 6, report.summary()
        assert "1 Beratung" in report.summary() and "1 neue Person" in report.summary()
        assert _count(database, Person) == people_before + 1
        with database.sessions() as s:
            office_id = s.scalar(sa.select(Person.id).where(Person.family_name == "Yilmaz"))
            assert s.scalar(sa.select(Person.phone).where(Person.id == net.rania)) == "0151 9999999"
            held = s.scalar(sa.select(Referral).where(Referral.person_id == office_id))
            assert held is not None and held.state == ReferralState.RESERVED
            done = s.scalar(sa.select(FollowUp).where(FollowUp.person_id == office_id))
            assert done is not None and done.outcome == "angerufen"
            trail = list(s.scalars(sa.select(AuditEvent).where(AuditEvent.person_id == office_id)))
            assert trail and all("(Außentermin, laptop-1.kim)" in e.actor for e in trail)
            assert {e.at for e in trail} <= offline_times  # when it was done offline, not when it arrived
        assert _count(database, CounsellingSession, CounsellingSession.person_id == office_id) == 1
        assert _count(database, WaitingListEntry, WaitingListEntry.person_id == net.tesfaye) == 1
        assert _count(database, OutreachApplied) == 6
        with lap.sessions() as s:
            assert outgoing(s).operations == ()  # all confirmed
            s.execute(sa.update(OutreachOperation).values(confirmed_at=None))  # the answer got lost: send again
            s.commit()
        with lap.sessions() as s_lap, database.sessions() as s_office:
            again = sync_with_office(s_lap, s_office, actor=outing.actor, today=TODAY)
        assert [o.outcome for o in again.outcomes] == ["already"] * 6
        assert _count(database, Person) == people_before + 1
        assert _count(database, CounsellingSession, CounsellingSession.person_id == office_id) == 1
        assert _count(database, Referral, Referral.person_id == office_id) == 1


def test_an_ordinary_database_keeps_no_journal(database: OpenDatabase, tmp_path: Path) -> None:
    outing = go_out(database, tmp_path)
    with database.sessions() as s:
        people.register_person(s, newcomer(town=outing.town), actor=outing.actor, today=TODAY)
    assert _count(database, OutreachOperation) == 0


def test_a_refused_use_case_leaves_no_operation(database: OpenDatabase, tmp_path: Path) -> None:
    outing = go_out(database, tmp_path)
    with laptop(outing) as lap:
        with lap.sessions() as s, pytest.raises(ValidationFailed):
            people.register_person(s, newcomer(family=""), actor=outing.actor, today=TODAY)
        assert _count(lap, OutreachOperation) == 0
