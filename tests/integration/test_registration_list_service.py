"""The registration list from the database: only people with a consent in force for the provider are named."""

from datetime import date

from kim_desktop.domain.consent_scope import ConsentPurpose as P
from kim_desktop.domain.consent_scope import DataCategory as D
from kim_desktop.domain.enums import ReferralState as R
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.referrals import propose_referral, reserve_seat, transition_referral
from kim_desktop.services.registration_list import build_registration_list, registration_list_csv_text
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


def test_a_consent_for_another_purpose_or_too_few_data_leaves_the_person_out_and_names_them(
    database: OpenDatabase,
) -> None:
    net = build_network(database, max_seats=5)
    for person in (net.rania, net.tesfaye, net.olena):
        with database.sessions() as session:
            reserve_seat(session, person, net.course, actor_id=net.advisor, today=TODAY)
    # All three name the provider as recipient: the old rule listed all of them.
    add_consent(database, net.rania, [net.provider])
    add_consent(database, net.tesfaye, [net.provider], purpose=P.CHILDCARE_SEARCH)
    add_consent(database, net.olena, [net.provider], data=frozenset({D.IDENTITY, D.ADDRESS}))
    with database.sessions() as session:
        listed = build_registration_list(session, net.course, "Büro", actor_id=net.advisor, today=TODAY)
    assert [e.name for e in listed.entries] == ["Haddad, Rania"]
    assert listed.withheld == 2
    assert [(p.person_id, p.name, p.reason) for p in listed.left_out_people] == [
        (net.tesfaye, "Abebe, Tesfaye", "Einwilligung nur für einen anderen Zweck: Kita-Suche."),
        (net.olena, "Kovalenko, Olena", "Einwilligung umfasst nicht: Telefon und E-Mail, Berechtigung oder "
         "Verpflichtung mit Aktenzeichen, Sprachstand und Einstiegsmodul, Kinderbetreuung (Bedarf, Alter der Kinder)."),
    ]  # fmt: skip
    assert listed.left_out[0] == "Abebe, Tesfaye: Einwilligung nur für einen anderen Zweck: Kita-Suche."
    csv = registration_list_csv_text(listed)
    assert "Haddad" in csv and "Abebe" not in csv and "Kovalenko" not in csv and "Kita" not in csv


def test_free_text_revoked_and_expired_consents_leave_people_out(database: OpenDatabase) -> None:
    net = build_network(database, max_seats=5)
    for person in (net.rania, net.tesfaye, net.olena):
        with database.sessions() as session:
            reserve_seat(session, person, net.course, actor_id=net.advisor, today=TODAY)
    add_consent(database, net.rania, [net.provider], purpose=None, data=frozenset())  # as migrated: no purpose yet
    add_consent(database, net.tesfaye, [net.provider], revoked_on=date(2026, 2, 20))
    add_consent(database, net.olena, [net.provider], valid_until=date(2026, 2, 28))
    with database.sessions() as session:
        listed = build_registration_list(session, net.course, "Büro", actor_id=net.advisor, today=TODAY)
    assert listed.entries == ()
    assert {p.name: p.reason for p in listed.left_out_people} == {
        "Haddad, Rania": "Einwilligung ohne zugeordneten Zweck (Prüfliste): gilt noch für nichts.",
        "Abebe, Tesfaye": "Einwilligung am 20.02.2026 widerrufen.",
        "Kovalenko, Olena": "Einwilligung galt nur bis 28.02.2026.",
    }
    with database.sessions() as session:
        listed = build_registration_list(session, net.course, "Büro", actor_id=net.advisor, today=date(2026, 2, 19))
    assert [e.name for e in listed.entries] == ["Abebe, Tesfaye", "Kovalenko, Olena"]  # before revocation and expiry
