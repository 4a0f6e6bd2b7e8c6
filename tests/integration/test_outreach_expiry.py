"""The copy after the outing: refused new work once expired, refreshed or deleted only when nothing waits."""

from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from kim_desktop.db.models import OutreachOperation, Person
from kim_desktop.domain.errors import Conflict
from kim_desktop.services import people, referrals
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.outreach_copy import copy_info
from kim_desktop.services.outreach_lifecycle import copy_state, delete_copy, refresh_copy
from kim_desktop.services.outreach_sync import sync_with_office
from tests.integration.outreach_setup import TODAY, go_out, laptop, newcomer

EXPIRES = datetime(2026, 3, 16, 8, 0)  # taken 02.03.2026 08:00 for 14 days


def test_an_expired_copy_refuses_new_work_but_still_brings_the_old_home(database: OpenDatabase, tmp_path: Path) -> None:
    outing = go_out(database, tmp_path)
    net = outing.net
    with laptop(outing) as lap:
        with lap.sessions() as s:  # the day before it expires: work is taken
            people.register_person(s, newcomer(town=outing.town), actor=outing.actor, today=date(2026, 3, 15))
        with lap.sessions() as s, pytest.raises(Conflict, match=r"am 16\.03\.2026 abgelaufen"):
            people.register_person(s, newcomer("Kaya", town=outing.town), actor=outing.actor, today=date(2026, 3, 17))
        with lap.sessions() as s, pytest.raises(Conflict, match="abgelaufen"):  # to the minute
            referrals.reserve_seat(s, net.rania, net.course, actor=outing.actor, today=TODAY, now=EXPIRES)
        with lap.sessions() as s:  # nothing of the refused calls was written
            assert s.scalar(sa.select(sa.func.count()).select_from(Person).where(Person.family_name == "Kaya")) == 0
            assert s.scalar(sa.select(sa.func.count()).select_from(OutreachOperation)) == 1
        with lap.sessions() as s_lap, database.sessions() as s_office:
            report = sync_with_office(s_lap, s_office, actor=outing.actor, today=date(2026, 3, 20))
    assert [o.outcome for o in report.outcomes] == ["applied"]
    with database.sessions() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Person).where(Person.family_name == "Yilmaz")) == 1


def test_the_copy_is_deleted_only_when_nothing_waits_for_the_office(database: OpenDatabase, tmp_path: Path) -> None:
    outing = go_out(database, tmp_path)
    path = outing.taken.path
    with laptop(outing) as lap, lap.sessions() as s:
        people.register_person(s, newcomer(town=outing.town), actor=outing.actor, today=TODAY)
    with pytest.raises(Conflict, match="1 Vorgänge sind noch nicht im Büro angekommen"):
        delete_copy(path, actor=outing.actor)
    assert path.exists() and copy_state(path).still_open == 1
    with laptop(outing) as lap, lap.sessions() as s_lap, database.sessions() as s_office:
        sync_with_office(s_lap, s_office, actor=outing.actor, today=TODAY)
    assert delete_copy(path, actor=outing.actor).copy_id == outing.taken.copy.copy_id
    assert not path.exists()
    with pytest.raises(Conflict, match="gibt es nicht"):
        copy_state(path)


def test_a_refreshed_copy_carries_the_same_towns_and_what_the_office_has_now(
    database: OpenDatabase, tmp_path: Path
) -> None:
    outing = go_out(database, tmp_path)
    path = outing.taken.path
    with database.sessions() as s:  # registered at the office while the laptop was out
        people.register_person(s, newcomer("Kaya", town=outing.town), actor=outing.actor, today=TODAY)
    with laptop(outing) as lap, lap.sessions() as s:
        people.register_person(s, newcomer(town=outing.town), actor=outing.actor, today=TODAY)
    with pytest.raises(Conflict, match="bitte zuerst abgleichen"):
        refresh_copy(path, database.url, actor=outing.actor)
    with laptop(outing) as lap, lap.sessions() as s_lap, database.sessions() as s_office:
        sync_with_office(s_lap, s_office, actor=outing.actor, today=TODAY)
    again = datetime(2026, 3, 9, 8, 0)
    taken = refresh_copy(path, database.url, actor=outing.actor, now=again)
    old = outing.taken.copy
    assert taken.copy.copy_id != old.copy_id and taken.copy.municipality_ids == old.municipality_ids
    assert (taken.copy.taken_at, taken.copy.expires_at) == (again, datetime(2026, 3, 23, 8, 0))
    with laptop(outing) as lap:
        with lap.sessions() as s:
            info = copy_info(s)
            names = list(s.scalars(sa.select(Person.family_name)))
        assert info is not None and info.copy_id == taken.copy.copy_id
        assert names.count("Kaya") == names.count("Yilmaz") == 1  # both new people come along, once each
        with lap.sessions() as s:
            assert s.scalar(sa.select(sa.func.count()).select_from(OutreachOperation)) == 0
