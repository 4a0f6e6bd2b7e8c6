"""Each kind of action leaves its audit entry with who and when: letters, exports, searches, directory and rules."""

import json
from datetime import date, datetime, time
from pathlib import Path

import sqlalchemy as sa

from kim_desktop.db.models import AuditEvent
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Channel, OrganisationKind, Role
from kim_desktop.services.appointment_letters import AppointmentRequest, appointment_letter
from kim_desktop.services.counselling import list_due_follow_ups, record_session
from kim_desktop.services.course_export import export_free_seats
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.letters import issue_referral_letter
from kim_desktop.services.network import (
    ContactInput,
    OrganisationInput,
    add_contact,
    create_organisation,
    get_organisation,
    remove_contact,
    update_contact,
    update_organisation,
)
from kim_desktop.services.network_export import export_contacts_csv
from kim_desktop.services.people_dto import SessionInput
from kim_desktop.services.people_search import search_people
from kim_desktop.services.referrals import reserve_seat
from kim_desktop.services.registration_list import build_registration_list
from kim_desktop.services.rules_admin import reset_rule, set_rule
from kim_desktop.settings import OfficeProfile
from tests.integration.referral_setup import TODAY, Network, add_consent, build_network

NOW = datetime(2026, 3, 2, 10, 0)
OFFICE = OfficeProfile(name="Landkreis Musterland", street="Am Schlossgraben 1", postcode="49074", city="Osnabrück")


def advisor(net: Network) -> Actor:
    return Actor(net.advisor, "Anna Krüger", Role.ADVISOR)


def admin(net: Network) -> Actor:
    return Actor(net.advisor, "Claudia Hartmann", Role.ADMIN)


def entries(db: OpenDatabase, action: str) -> list[AuditEvent]:
    with db.sessions() as session:
        found = list(session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))
        session.expunge_all()
        return found


def details(event: AuditEvent) -> dict[str, list[object]]:
    return json.loads(event.details) if event.details else {}


def test_printed_letters_name_person_kind_and_languages(database: OpenDatabase) -> None:
    net = build_network(database, max_seats=3)
    referral = reserve_seat(database.sessions(), net.rania, net.course, actor_id=None, today=TODAY).referral_id
    preview = issue_referral_letter(
        database.sessions(), referral, OFFICE, actor=advisor(net), today=TODAY, record=False
    )
    assert preview.pdf and entries(database, "letter_printed") == []  # a preview is not a print
    issue_referral_letter(database.sessions(), referral, OFFICE, actor=advisor(net), today=TODAY, now=NOW)
    issue_referral_letter(database.sessions(), referral, OFFICE, actor=advisor(net), today=TODAY, now=NOW)
    request = AppointmentRequest(date(2026, 3, 10), time(9, 30))
    invitation = appointment_letter(
        database.sessions(), net.tesfaye, request, OFFICE, language="de", actor=advisor(net), today=TODAY, now=NOW
    )
    first, again, appointment = entries(database, "letter_printed")
    assert (first.advisor_id, first.actor, first.at) == (net.advisor, "Anna Krüger", NOW)
    assert (first.entity_type, first.entity_id, first.person_id) == ("referral", referral, net.rania)
    assert details(first) == {"kind": [None, "referral_letter"], "languages": [None, ["de", "ar"]]}
    assert details(again)["reprint"] == [None, True]
    assert (appointment.entity_type, appointment.entity_id) == ("issued_document", invitation.document_id)
    assert appointment.person_id == net.tesfaye
    assert details(appointment) == {"kind": [None, "appointment_letter"], "languages": [None, ["de"]]}


def test_registration_list_records_the_export_and_who_was_left_out_and_why(database: OpenDatabase) -> None:
    net = build_network(database, max_seats=3)
    for person in (net.rania, net.tesfaye, net.olena):
        reserve_seat(database.sessions(), person, net.course, actor_id=None, today=TODAY)
    add_consent(database, net.rania, [net.provider])
    add_consent(database, net.olena, [net.provider], revoked_on=date(2026, 2, 1))
    data = build_registration_list(database.sessions(), net.course, "Büro", actor=advisor(net), today=TODAY)
    assert [e.name for e in data.entries] == ["Haddad, Rania"]
    assert data.withheld == 2
    assert sorted(data.left_out) == [
        "Abebe, Tesfaye: Keine Einwilligung für diesen Empfänger.",
        "Kovalenko, Olena: Einwilligung am 01.02.2026 widerrufen.",
    ]
    per_person, summary = entries(database, "exported")
    assert (per_person.person_id, per_person.entity_type, per_person.entity_id) == (net.rania, "course", net.course)
    assert details(per_person)["recipient_id"] == [None, net.provider]
    assert summary.person_id is None and summary.advisor_id == net.advisor
    assert details(summary)["listed"] == [None, 1]
    assert details(summary)["left_out"] == [
        None,
        sorted(
            [
                [net.tesfaye, "Keine Einwilligung für diesen Empfänger."],
                [net.olena, "Einwilligung am 01.02.2026 widerrufen."],
            ]
        ),
    ]
    assert "Abebe" not in summary.details  # ids and reasons, no names


def test_exports_record_what_and_how_many(database: OpenDatabase, tmp_path: Path) -> None:
    net = build_network(database)
    add_contact(database.sessions(), net.provider, ContactInput("Anna Schulz", "Leitung"))
    result = export_free_seats(database.sessions(), tmp_path / "frei.csv", TODAY, "Büro", actor=advisor(net))
    contacts = export_contacts_csv(database.sessions(), tmp_path / "kontakte.csv", actor=admin(net))
    seats, partners = entries(database, "exported")
    assert (seats.entity_type, seats.actor) == ("free_seats", "Anna Krüger")
    assert details(seats) == {"format": [None, "csv"], "courses": [None, result.courses]}
    assert partners.entity_type == "contacts"
    assert details(partners) == {
        "format": [None, "csv"],
        "organisations": [None, contacts.organisations],
        "contacts": [None, 1],
    }


def test_searches_record_hits_and_kind_never_the_text(database: OpenDatabase) -> None:
    net = build_network(database)
    rows = search_people(database.sessions(), "haddad", actor=advisor(net))
    search_people(database.sessions(), "haddad", offset=100, actor=advisor(net))  # scrolling, not a new search
    record_session(
        database.sessions(),
        SessionInput(net.rania, NOW, Channel.PHONE, follow_up_on=TODAY),
        actor=advisor(net),
        now=NOW,
    )
    due = list_due_follow_ups(database.sessions(), TODAY, actor=advisor(net))
    search, follow_ups = entries(database, "people_searched")
    assert (search.entity_type, search.advisor_id, search.person_id) == ("person_search", net.advisor, None)
    assert details(search) == {"hits": [None, len(rows)], "query_kind": [None, "name"]}
    assert "haddad" not in search.details.lower()
    assert follow_ups.entity_type == "follow_up_list"
    assert details(follow_ups) == {"hits": [None, len(due)], "query_kind": [None, "all"]}


def test_directory_changes_record_old_and_new_values(database: OpenDatabase) -> None:
    net = build_network(database)
    actor = admin(net)
    org_id = create_organisation(
        database.sessions(), OrganisationInput("MBE Caritas", OrganisationKind.MBE, city="Melle"), actor=actor
    )
    loaded = get_organisation(database.sessions(), org_id)
    changed = OrganisationInput("MBE Caritas", OrganisationKind.MBE, city="Bramsche", phone="05461 1234")
    update_organisation(database.sessions(), org_id, changed, expected_version=loaded.version, actor=actor)
    contact = add_contact(database.sessions(), org_id, ContactInput("Jana Wolf", "Beratung"), actor=actor)
    update_contact(database.sessions(), contact, ContactInput("Jana Wolf", "Leitung"), actor=actor)
    remove_contact(database.sessions(), contact, actor=actor)
    created, updated, added, renamed, removed = entries(database, "network_changed")
    assert (created.entity_type, created.entity_id, created.actor) == ("organisation", org_id, "Claudia Hartmann")
    assert details(created)["name"] == [None, "MBE Caritas"]
    assert details(updated) == {"city": ["Melle", "Bramsche"], "phone": [None, "05461 1234"]}
    assert details(added)["name"] == [None, "Jana Wolf"]
    assert details(renamed) == {"role": ["Beratung", "Leitung"]}
    assert details(removed)["name"] == ["Jana Wolf", None]
    assert all(e.at is not None and e.advisor_id == net.advisor for e in (created, updated, removed))


def test_rule_changes_record_old_and_new_override(database: OpenDatabase) -> None:
    net = build_network(database)
    set_rule(database.sessions(), "reservation_hold_days", "5", actor=admin(net))
    set_rule(database.sessions(), "reservation_hold_days", "7", actor=admin(net))
    reset_rule(database.sessions(), "reservation_hold_days", actor=admin(net))
    first, second, reset = entries(database, "settings_changed")
    assert details(first) == {"reservation_hold_days": [None, "5"]}
    assert details(second) == {"reservation_hold_days": ["5", "7"]}
    assert details(reset) == {"reservation_hold_days": ["7", None]}
    assert reset.advisor_id == net.advisor
