"""Role checks in the service layer (called directly, as a script would) and the audit entries they leave."""

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from kim_desktop.db.models import AuditEvent, FollowUp, Municipality
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Channel, ReferralState, Role
from kim_desktop.domain.errors import NotAllowed
from kim_desktop.services.case_file import get_case_file
from kim_desktop.services.counselling import complete_follow_up, record_session
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.people import get_person_details, register_person, update_person
from kim_desktop.services.people_dto import PersonInput, SessionInput
from kim_desktop.services.referrals import propose_referral, reserve_seat, transition_referral
from tests.integration.referral_setup import TODAY, Network, build_network

NOW = datetime(2026, 3, 2, 10, 0)


@pytest.fixture
def net(database: OpenDatabase) -> Network:
    return build_network(database)


def reader_of(net: Network) -> Actor:
    return Actor(net.advisor, "Bernd Schulte", Role.READER)


def advisor_of(net: Network) -> Actor:
    return Actor(net.advisor, "Anna Krüger", Role.ADVISOR)


def new_person(db: OpenDatabase) -> PersonInput:
    with db.sessions() as session:
        town = session.scalars(sa.select(Municipality.id)).first()
    return PersonInput(
        family_name="Nowak", given_names="Ewa", birth_date=date(1988, 4, 1), phone="0151 111", municipality_id=town
    )


def renamed(db: OpenDatabase, person_id: int) -> PersonInput:
    data = get_person_details(db.sessions(), person_id).data
    return replace(data, given_names="Olena Maria")


def a_session(person_id: int) -> SessionInput:
    return SessionInput(person_id, NOW, Channel.PHONE, notes="Kursbeginn besprochen", follow_up_on=date(2026, 3, 9))


def entries(db: OpenDatabase, action: str | None = None) -> list[AuditEvent]:
    with db.sessions() as session:
        stmt = sa.select(AuditEvent).order_by(AuditEvent.id)
        if action is not None:
            stmt = stmt.where(AuditEvent.action == action)
        found = list(session.scalars(stmt))
        session.expunge_all()
        return found


def details(event: AuditEvent) -> dict[str, list[object]]:
    return json.loads(event.details) if event.details else {}


def open_follow_up(db: OpenDatabase, person_id: int) -> int:
    record_session(db.sessions(), a_session(person_id), actor_id=None, now=NOW)
    with db.sessions() as session:
        return session.scalars(sa.select(FollowUp.id).where(FollowUp.person_id == person_id)).one()


UseCase = Callable[[OpenDatabase, Network, Actor], object]

CHANGING_USE_CASES: dict[str, UseCase] = {
    "register_person": lambda db, n, a: register_person(db.sessions(), new_person(db), actor=a, today=TODAY),
    "update_person": lambda db, n, a: update_person(
        db.sessions(), n.olena, renamed(db, n.olena), expected_version=None,
        actor=a, today=TODAY,
    ),
    "record_session": lambda db, n, a: record_session(db.sessions(), a_session(n.rania), actor=a, now=NOW),
    "complete_follow_up": lambda db, n, a: complete_follow_up(
        db.sessions(), open_follow_up(db, n.tesfaye), "erledigt", actor=a, now=NOW
    ),
    "propose_referral": lambda db, n, a: propose_referral(db.sessions(), n.tesfaye, n.course, actor=a, now=NOW),
    "reserve_seat": lambda db, n, a: reserve_seat(db.sessions(), n.rania, n.course, actor=a, today=TODAY, now=NOW),
    "transition_referral": lambda db, n, a: transition_referral(
        db.sessions(), propose_referral(db.sessions(), n.olena, n.course, actor_id=None, now=NOW),
        ReferralState.RESERVED, actor=a, today=TODAY, now=NOW,
    ),
}  # fmt: skip
READING_USE_CASES: dict[str, UseCase] = {
    "get_case_file": lambda db, n, a: get_case_file(db.sessions(), n.rania, TODAY, actor=a),
    "get_person_details": lambda db, n, a: get_person_details(db.sessions(), n.rania, actor=a),
}


@pytest.mark.parametrize("name", sorted(CHANGING_USE_CASES.keys() | READING_USE_CASES.keys()))
def test_reader_is_refused_and_nothing_is_written(database: OpenDatabase, net: Network, name: str) -> None:
    use_case = {**CHANGING_USE_CASES, **READING_USE_CASES}[name]
    with pytest.raises(NotAllowed, match="Lesen"):
        use_case(database, net, reader_of(net))
    assert [e.action for e in entries(database) if e.advisor_id is not None] == []


@pytest.mark.parametrize("name", sorted(CHANGING_USE_CASES))
def test_advisor_may_and_leaves_an_audit_entry(database: OpenDatabase, net: Network, name: str) -> None:
    CHANGING_USE_CASES[name](database, net, advisor_of(net))
    mine = [e for e in entries(database) if e.advisor_id == net.advisor]
    assert mine, name
    assert {e.action for e in mine} <= {"case_created", "case_changed"}
    assert all(e.actor == "Anna Krüger" and e.person_id is not None for e in mine)


def test_registering_records_the_entered_values(database: OpenDatabase, net: Network) -> None:
    person_id = register_person(database.sessions(), new_person(database), actor=advisor_of(net), today=TODAY)
    [created] = entries(database, "case_created")
    assert (created.entity_type, created.entity_id, created.person_id) == ("person", person_id, person_id)
    values = details(created)
    assert values["family_name"] == [None, "Nowak"]
    assert values["birth_date"] == [None, "1988-04-01"]
    assert values["first_contact_on"] == [None, TODAY.isoformat()]


def test_editing_records_old_and_new_value_per_field(database: OpenDatabase, net: Network) -> None:
    advisor = advisor_of(net)
    before = get_person_details(database.sessions(), net.rania, actor=advisor)
    edited = replace(before.data, phone="0170 999", street="Birkenweg 2", needs_childcare=False)
    update_person(database.sessions(), net.rania, edited, expected_version=before.version, actor=advisor, today=TODAY)
    [changed] = entries(database, "case_changed")
    assert changed.person_id == net.rania and changed.advisor_id == net.advisor
    assert details(changed) == {
        "needs_childcare": [True, False],
        "phone": ["0151 2345678", "0170 999"],
        "street": ["Lindenweg 7", "Birkenweg 2"],
    }


def test_saving_unchanged_form_writes_no_change_entry(database: OpenDatabase, net: Network) -> None:
    advisor = advisor_of(net)
    before = get_person_details(database.sessions(), net.rania, actor=advisor)
    update_person(database.sessions(), net.rania, before.data, expected_version=before.version, actor=advisor)
    assert entries(database, "case_changed") == []


def test_reading_a_case_file_is_recorded(database: OpenDatabase, net: Network) -> None:
    case = get_case_file(database.sessions(), net.rania, TODAY, actor=advisor_of(net))
    assert case.person.id == net.rania
    [read] = entries(database, "case_read")
    assert (read.advisor_id, read.entity_type, read.person_id, read.details) == (net.advisor, "person", net.rania, "")


def test_session_entry_keeps_no_note_text(database: OpenDatabase, net: Network) -> None:
    record_session(database.sessions(), a_session(net.rania), actor=advisor_of(net), now=NOW)
    [entry] = entries(database, "case_changed")
    assert entry.entity_type == "counselling_session"
    assert "Kursbeginn" not in entry.details
    assert details(entry)["channel"] == [None, "phone"]


def test_referral_state_change_is_recorded(database: OpenDatabase, net: Network) -> None:
    CHANGING_USE_CASES["transition_referral"](database, net, advisor_of(net))
    [entry] = [e for e in entries(database, "case_changed") if e.entity_type == "referral"]
    assert details(entry)["state"] == ["proposed", "reserved"]
    assert entry.person_id == net.olena


def test_without_actor_scripts_still_work_unaudited(database: OpenDatabase, net: Network) -> None:
    register_person(database.sessions(), new_person(database), actor_id=None, today=TODAY)
    get_case_file(database.sessions(), net.rania, TODAY)
    assert entries(database) == []


def test_demo_accounts_sign_in_with_the_demo_password(database: OpenDatabase) -> None:
    from kim_desktop.db.models import Advisor
    from kim_desktop.services.accounts import set_demo_passwords, sign_in
    from kim_desktop.services.demo_data import DEMO_PASSWORD

    with database.sessions() as session, session.begin():
        session.add_all([
            Advisor(username="demo.lesen", display_name="Bernd Schulte", role=Role.READER),
            Advisor(username="echt", display_name="Echte Person", role=Role.ADVISOR),
        ])  # fmt: skip
    assert set_demo_passwords(database.sessions(), DEMO_PASSWORD, NOW) == ["demo.lesen"]
    actor = sign_in(database.sessions(), "demo.lesen", DEMO_PASSWORD, NOW)
    assert (actor.display_name, actor.role) == ("Bernd Schulte", Role.READER)
    with database.sessions() as session:
        assert session.scalar(sa.select(Advisor.password_hash).where(Advisor.username == "echt")) is None


def test_catalogue_changes_and_import_need_their_roles(database: OpenDatabase, net: Network) -> None:
    from typing import cast

    from kim_desktop.services.course_import import ImportPreview, apply_course_import
    from kim_desktop.services.courses import cancel_course, copy_course, create_course, load_course, update_course

    editable = load_course(database.sessions(), net.course)
    refused: list[Callable[[Actor], object]] = [
        lambda a: create_course(database.sessions(), editable.data, actor=a),
        lambda a: update_course(database.sessions(), net.course, editable.data, editable.version, actor=a),
        lambda a: copy_course(database.sessions(), net.course, actor=a),
        lambda a: cancel_course(database.sessions(), net.course, "Trägerwechsel", actor=a),
        lambda a: apply_course_import(database.sessions(), cast(ImportPreview, None), actor=a),
    ]
    for call in refused:
        for actor in (reader_of(net), advisor_of(net)):
            with pytest.raises(NotAllowed):
                call(actor)
    admin = Actor(net.advisor, "Claudia Hartmann", Role.ADMIN)
    assert copy_course(database.sessions(), net.course, actor=admin) != net.course
    assert cancel_course(database.sessions(), net.course, "Trägerwechsel", actor=admin) == 0


def test_every_role_may_compute_the_anonymised_report(database: OpenDatabase, net: Network) -> None:
    from kim_desktop.services.kim_report import compute_kim_report

    report = compute_kim_report(database.sessions(), date(2026, 1, 1), date(2026, 3, 31), actor=reader_of(net))
    assert report is not None


def test_readers_may_export_courses_but_only_administrators_the_contacts(
    database: OpenDatabase, net: Network, tmp_path: Path
) -> None:
    from kim_desktop.services.course_export import export_free_seats
    from kim_desktop.services.network_export import export_contacts_vcard

    assert export_free_seats(database.sessions(), tmp_path / "f.csv", TODAY, "Büro", actor=reader_of(net)).courses
    with pytest.raises(NotAllowed, match="Beratung"):
        export_contacts_vcard(database.sessions(), tmp_path / "k.vcf", actor=advisor_of(net))
    assert not (tmp_path / "k.vcf").exists()
    [export] = entries(database, "exported")
    assert (export.entity_type, export.advisor_id) == ("free_seats", net.advisor)
