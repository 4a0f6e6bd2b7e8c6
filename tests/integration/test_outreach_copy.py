"""Taking a copy: only the chosen people go along, no audit trail, the free seats are the office's, encrypted."""

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from kim_desktop.db.cipher import is_encrypted
from kim_desktop.db.models import AuditEvent, Course, Municipality, OutreachCopy, Person
from kim_desktop.db.timetable_models import TimetableReach
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Role
from kim_desktop.domain.errors import Conflict, NotAllowed, ValidationFailed
from kim_desktop.services import people, referrals
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.outreach_copy import take_outreach_copy
from tests.integration.outreach_setup import TAKEN, TODAY, advisor_of, laptop, newcomer, take_again
from tests.integration.referral_setup import build_network


def _count(db: OpenDatabase, model: type, *where: sa.ColumnElement[bool]) -> int:
    with db.sessions() as session:
        return int(session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0)


def test_only_the_chosen_municipality_goes_along_with_the_offices_free_seats(
    database: OpenDatabase, tmp_path: Path
) -> None:
    net = build_network(database, max_seats=3)
    actor = advisor_of(net)
    with database.sessions() as s, s.begin():
        elsewhere = Municipality(name="Bramsche", postcodes="49565")
        s.add(elsewhere)
        s.flush()
        other_town = elsewhere.id
    with database.sessions() as s:
        stranger = people.register_person(s, newcomer("Fremd", town=other_town), actor=actor, today=TODAY)
    with database.sessions() as s:  # a seat held by somebody who does not go along
        referrals.reserve_seat(s, stranger, net.course, actor=actor, today=date.today())
    with database.sessions() as s, s.begin():  # the timetable's answers from both towns
        course = s.get_one(Course, net.course)
        home = s.get_one(Person, net.olena).municipality_id
        for town in (home, other_town):
            s.add(TimetableReach(municipality_id=town, location_id=course.location_id, schedule="x", reachable=True,
                                 course_days=10, days_without_way_there=0, days_without_way_back=0))  # fmt: skip
    outing = take_again(database, net, tmp_path, "laptop.kim")
    assert outing.taken.counts["people"] == 3 and "audit_events" not in outing.taken.counts
    with laptop(outing) as lap:
        assert _count(lap, Person, Person.family_name == "Fremd") == 0
        assert _count(lap, AuditEvent) == 0  # the office's trail stays at the office
        assert _count(lap, OutreachCopy) == 1
        assert _count(lap, TimetableReach) == 1  # only the answers from where the people going along live
        assert _count(lap, TimetableReach, TimetableReach.municipality_id == other_town) == 0
        with lap.sessions() as s:
            course = s.get_one(Course, net.course)
            assert referrals.free_seats(s, course, date.today()) == 2  # as at the office
    with database.sessions() as s:
        exported = s.scalar(sa.select(AuditEvent).where(AuditEvent.entity_type == "outreach_copy"))
        assert exported is not None and exported.action == "exported" and '"people": [null, 3]' in exported.details
        course = s.get_one(Course, net.course)
        assert course.max_seats == 3  # the office's course is untouched


def test_refusals_before_anything_is_written(database: OpenDatabase, tmp_path: Path) -> None:
    net = build_network(database)
    reader = Actor(net.advisor, "Bernd Schulte", Role.READER)
    target = tmp_path / "copy.kim"
    with database.sessions() as s, pytest.raises(NotAllowed):
        take_outreach_copy(s, target, municipality_ids=[1], office="B", laptop="L", actor=reader)
    with database.sessions() as s, pytest.raises(ValidationFailed, match="Gemeinden oder Personen"):
        take_outreach_copy(s, target, office="B", laptop="L", actor=advisor_of(net))
    assert not target.exists()
    target.write_bytes(b"something")
    with database.sessions() as s, pytest.raises(Conflict, match="gibt es schon"):
        take_outreach_copy(s, target, municipality_ids=[1], office="B", laptop="L", actor=advisor_of(net))
    assert target.read_bytes() == b"something"


def test_an_encrypted_copy(database: OpenDatabase, tmp_path: Path) -> None:
    net = build_network(database)
    with database.sessions() as s:
        town = s.scalar(sa.select(Municipality.id))
    target = tmp_path / "copy.kim"
    with database.sessions() as s:
        taken = take_outreach_copy(s, target, municipality_ids=[town or 0], office="B", laptop="L",
                                   actor=advisor_of(net), passphrase="Lange Passphrase 19", now=TAKEN)  # fmt: skip
    assert is_encrypted(target) and b"Haddad" not in target.read_bytes()
    assert taken.copy.expires_at.date() == date(2026, 3, 16)
