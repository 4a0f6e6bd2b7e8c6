"""The registration list from the database: only people with a consent in force for the provider are named."""

from datetime import date

from kim_desktop.domain.enums import ReferralState as R
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.referrals import propose_referral, reserve_seat, transition_referral
from kim_desktop.services.registration_list import build_registration_list
from tests.integration.referral_setup import TODAY, add_consent, build_network


def test_consent_filtering(database: OpenDatabase) -> None:
    net = build_network(database, max_seats=5)
    for person in (net.rania, net.tesfaye, net.olena):
        with database.sessions() as session:
            reserve_seat(session, person, net.course, actor_id=net.advisor, today=TODAY)
    add_consent(database, net.rania, [net.provider, net.authority])  # names this provider: listed
    add_consent(database, net.tesfaye, [net.other_provider])  # another provider only: counted
    add_consent(database, net.olena, [net.provider], revoked_on=date(2026, 2, 20))  # revoked: counted
    with database.sessions() as session:
        listed = build_registration_list(session, net.course, "Integrationsbüro", actor_id=net.advisor, today=TODAY)
    assert [e.name for e in listed.entries] == ["Haddad, Rania"]
    entry = listed.entries[0]
    assert (entry.file_number, entry.permission, entry.entry_module) == ("AB-2026-0042", "Verpflichtung", 2)
    assert entry.address == "Lindenweg 7, 49324 Melle"
    assert entry.childcare == "ja"
    assert listed.withheld == 2
    assert listed.withheld_text.startswith("2 weitere Personen ohne Einwilligung zur Weitergabe")
    assert listed.provider == "Volkshochschule Melle"
    assert listed.advisor == "Anna Krüger"


def test_only_reserved_registered_and_started_people_count(database: OpenDatabase) -> None:
    net = build_network(database, max_seats=5)
    with database.sessions() as session:
        propose_referral(session, net.olena, net.course, actor_id=None)
    with database.sessions() as session:
        referral = reserve_seat(session, net.tesfaye, net.course, actor_id=None, today=TODAY).referral_id
    with database.sessions() as session:
        transition_referral(session, referral, R.DECLINED, actor_id=None, reason="kein Interesse", today=TODAY)
    with database.sessions() as session:
        reserve_seat(session, net.rania, net.course, actor_id=None, today=TODAY)
    add_consent(database, net.olena, [net.provider])
    add_consent(database, net.tesfaye, [net.provider])
    with database.sessions() as session:
        listed = build_registration_list(session, net.course, "Büro", actor_id=None, today=TODAY)
    assert listed.entries == ()
    assert listed.withheld == 1  # Rania: reserved, but no consent
