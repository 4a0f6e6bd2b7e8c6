"""The same field changed offline and at the office: kept open at the office until the advisor picks a value."""

from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa

from kim_desktop.db.models import AuditEvent, OutreachDecision
from kim_desktop.domain.errors import NotFound
from kim_desktop.services import people
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.outreach_decisions import LAPTOP, OFFICE, decide_fields, open_decisions
from kim_desktop.services.outreach_sync import sync_with_office
from tests.integration.outreach_setup import TODAY, Outing, go_out, laptop


def edit_on_both_sides(database: OpenDatabase, lap: OpenDatabase, outing: Outing) -> None:
    """Rania's phone, street and e-mail changed offline; her phone and e-mail otherwise at the office."""
    rania = outing.net.rania
    with lap.sessions() as s:
        mine = people.get_person_details(s, rania)
    with lap.sessions() as s:
        offline = replace(mine.data, phone="0151 1000000", street="Birkenweg 2", email="offline@example.org")
        people.update_person(s, rania, offline, expected_version=mine.version, actor=outing.actor, today=TODAY)
    with database.sessions() as s:
        theirs = people.get_person_details(s, rania)
    with database.sessions() as s:
        office = replace(theirs.data, phone="0151 2000000", email="rania@example.org")
        people.update_person(s, rania, office, expected_version=theirs.version, actor=outing.actor)


def edited_on_both_sides(database: OpenDatabase, outing: Outing) -> None:
    """The edits on both sides, then the sync (twice: the second adds nothing)."""
    with laptop(outing) as lap:
        edit_on_both_sides(database, lap, outing)
        with lap.sessions() as s_lap, database.sessions() as s_office:
            report = sync_with_office(s_lap, s_office, actor=outing.actor, today=TODAY)
        with lap.sessions() as s_lap, database.sessions() as s_office:
            sync_with_office(s_lap, s_office, actor=outing.actor, today=TODAY)
    assert [o.outcome for o in report.outcomes] == ["conflict"]


def test_conflicting_fields_wait_at_the_office_and_the_laptop_value_is_taken(
    database: OpenDatabase, tmp_path: Path
) -> None:
    outing = go_out(database, tmp_path)
    edited_on_both_sides(database, outing)
    with database.sessions() as s:
        waiting = open_decisions(s, actor=outing.actor, copy_id=outing.taken.copy.copy_id)
    assert [(d.label, d.office_value, d.laptop_value) for d in waiting] == [
        ("Telefon", "0151 2000000", "0151 1000000"),
        ("E-Mail", "rania@example.org", "offline@example.org"),
    ]
    assert waiting[0].person.endswith("Haddad")
    with database.sessions() as s:
        events_before = s.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    phone, email = waiting
    with database.sessions() as s:
        assert decide_fields(s, {phone.id: LAPTOP, email.id: OFFICE}, actor=outing.actor, today=TODAY) == 2
    with database.sessions() as s:
        now = people.get_person_details(s, outing.net.rania).data
        assert (now.phone, now.email, now.street) == ("0151 1000000", "rania@example.org", "Birkenweg 2")
        assert open_decisions(s, actor=outing.actor) == []
        change = s.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert change is not None and change.action == "case_changed" and "0151 1000000" in change.details
        assert s.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == (events_before or 0) + 1
        assert sorted(s.scalars(sa.select(OutreachDecision.choice))) == [LAPTOP, OFFICE]
    with database.sessions() as s, pytest.raises(NotFound):  # decided once: not again
        decide_fields(s, {phone.id: OFFICE}, actor=outing.actor, today=TODAY)


def test_keeping_the_office_values_changes_nothing_but_closes_the_decisions(
    database: OpenDatabase, tmp_path: Path
) -> None:
    outing = go_out(database, tmp_path)
    edited_on_both_sides(database, outing)
    with database.sessions() as s:
        waiting = open_decisions(s, actor=outing.actor)
    with database.sessions() as s:
        before = people.get_person_details(s, outing.net.rania)
    with database.sessions() as s:
        decide_fields(s, {d.id: OFFICE for d in waiting}, actor=outing.actor, today=TODAY)
    with database.sessions() as s:
        after = people.get_person_details(s, outing.net.rania)
        assert (after.data, after.version) == (before.data, before.version)
        assert open_decisions(s, actor=outing.actor) == []


def test_an_erased_person_takes_her_open_decisions_along(database: OpenDatabase, tmp_path: Path) -> None:
    from kim_desktop.services.erasure import erase_person_data

    outing = go_out(database, tmp_path)
    edited_on_both_sides(database, outing)
    with database.sessions() as s, s.begin():
        erase_person_data(s, outing.net.rania)
    with database.sessions() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(OutreachDecision)) == 0
