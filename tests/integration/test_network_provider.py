"""A course provider on the network sees referrals to its courses only with the person's consent, and confirms."""

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime

import pytest

from kim_desktop.domain.access import Actor
from kim_desktop.domain.consent_scope import REGISTRATION_LIST_DATA, ConsentPurpose
from kim_desktop.domain.enums import ConsentMethod, ReferralState, Role
from kim_desktop.domain.errors import Conflict, KimError, NotFound, ValidationFailed
from kim_desktop.services.courses import cancel_course, cancel_impact, load_course, update_course
from kim_desktop.services.privacy import ConsentInput, record_consent
from kim_desktop.services.provider_desk import confirm_referral, list_provider_referrals, network_demand
from kim_desktop.services.referrals import get_referral, reserve_seat
from tests.integration.network_fixtures import NetworkUnderTest, add_course, add_municipality, add_person, network

pytestmark = pytest.mark.postgres
TODAY = date(2026, 3, 2)
ADVISOR = Actor(None, "Anna Krüger", Role.ADVISOR)
PROVIDER_STAFF = Actor(None, "Kurt Träger", Role.PROVIDER)


@pytest.fixture(scope="module")
def net() -> Iterator[NetworkUnderTest]:
    with network() as made:
        add_municipality(made)
        course = made.org["course"] = add_course(made, "vhs", 10, "Integrationskurs Vormittag")
        made.org["rania"] = add_person(made, "jc", "Haddad", "Rania")
        made.org["olena"] = add_person(made, "mbe", "Petrenko", "Olena")
        with made.desk("jc") as db, db.sessions() as session:
            consent = ConsentInput(
                made.org["rania"], ConsentPurpose.COURSE_REGISTRATION, REGISTRATION_LIST_DATA, (made.org["vhs"],),
                TODAY, ConsentMethod.SIGNED_FORM,
            )  # fmt: skip
            record_consent(session, ADVISOR, consent, datetime(2026, 3, 2, 9))
        for partner, person in (("jc", "rania"), ("mbe", "olena")):  # Olena's office has no consent for this
            with made.desk(partner) as db, db.sessions() as session:
                made.org[f"ref_{person}"] = reserve_seat(session, made.org[person], course, today=TODAY).referral_id
        yield made


def test_the_provider_sees_only_referrals_with_the_persons_consent(net: NetworkUnderTest) -> None:
    with net.desk("vhs") as db, db.sessions() as session:
        seen = list_provider_referrals(session, actor=PROVIDER_STAFF, today=TODAY)
    assert [(r.family_name, r.given_names, r.state) for r in seen] == [("Haddad", "Rania", ReferralState.RESERVED)]
    with net.connect("vhs") as vhs:  # and nothing of it directly
        assert vhs.execute("SELECT count(*) FROM referrals").fetchone() == (0,)
        assert vhs.execute("SELECT count(*) FROM people").fetchone() == (0,)


def test_other_partners_see_nothing_through_the_provider_functions(net: NetworkUnderTest) -> None:
    with net.desk("mbe") as db, db.sessions() as session:  # not the course's provider, whatever the role says
        assert list_provider_referrals(session, actor=PROVIDER_STAFF, today=TODAY) == []
        with pytest.raises(NotFound):
            confirm_referral(session, net.org["ref_rania"], ReferralState.REGISTERED, actor=PROVIDER_STAFF, today=TODAY)


def test_confirmations_flow_to_the_referring_case(net: NetworkUnderTest) -> None:
    referral = net.org["ref_rania"]
    with net.desk("vhs") as db, db.sessions() as session:
        with pytest.raises(NotFound):  # no consent: the same answer as for a referral that does not exist
            confirm_referral(session, net.org["ref_olena"], ReferralState.REGISTERED, actor=PROVIDER_STAFF, today=TODAY)
        with pytest.raises(Conflict):  # not started before registered
            confirm_referral(session, referral, ReferralState.STARTED, actor=PROVIDER_STAFF, today=TODAY)
        confirm_referral(session, referral, ReferralState.REGISTERED, actor=PROVIDER_STAFF, today=TODAY)
        with pytest.raises(ValidationFailed):  # did not appear: say why
            confirm_referral(session, referral, ReferralState.NO_SHOW, actor=PROVIDER_STAFF, today=TODAY)
        confirm_referral(session, referral, ReferralState.STARTED, actor=PROVIDER_STAFF, today=date(2026, 4, 1))
    with net.desk("jc") as db, db.sessions() as session:
        details = get_referral(session, referral, actor=ADVISOR)
    assert details.row.state == ReferralState.STARTED
    assert (details.row.registered_on, details.row.started_on) == (TODAY, date(2026, 4, 1))
    confirmations = [e for e in details.events if e.to_state in (ReferralState.REGISTERED, ReferralState.STARTED)]
    assert [e.to_state for e in confirmations] == [ReferralState.REGISTERED, ReferralState.STARTED]
    assert all(e.reason.startswith(f"VHS Osnabrück ({net.login['vhs']})") for e in confirmations)


def test_outside_a_network_there_is_no_provider_desk(sqlite_database) -> None:  # type: ignore[no-untyped-def]
    with sqlite_database.sessions() as session, pytest.raises(KimError):
        list_provider_referrals(session, actor=ADVISOR, today=TODAY)


def test_only_the_provider_changes_or_cancels_its_course_and_the_cancellation_reaches_every_case(
    net: NetworkUnderTest,
) -> None:
    course = add_course(net, "vhs", 5, "Abendkurs")
    people = {"jc": net.org["rania"], "mbe": net.org["olena"]}
    referrals = {}
    for partner, person in people.items():
        with net.desk(partner) as db, db.sessions() as session:
            referrals[partner] = reserve_seat(session, person, course, today=TODAY).referral_id
    with net.desk("jc") as db, db.sessions() as session:
        editable = load_course(session, course)
        with pytest.raises(Conflict, match="nur sein Kursträger"):
            update_course(session, course, replace(editable.data, max_seats=99), editable.version)
        with pytest.raises(Conflict, match="nur sein Kursträger"):
            cancel_course(session, course, "geht nicht")
    with net.desk("vhs") as db, db.sessions() as session:
        assert cancel_impact(session, course) == 2  # both partners' holds, counted without reading them
        editable = load_course(session, course)
        update_course(session, course, replace(editable.data, max_seats=6), editable.version)
        assert cancel_course(session, course, "Lehrkraft erkrankt") == 2
    for partner in people:
        with net.desk(partner) as db, db.sessions() as session:
            details = get_referral(session, referrals[partner], actor=ADVISOR)
        assert details.row.state == ReferralState.CANCELLED
        assert details.events[-1].reason == f"VHS Osnabrück ({net.login['vhs']}): Kurs abgesagt: Lehrkraft erkrankt"


def test_the_networks_anonymous_demand_counts_every_partner_and_hides_small_cells(net: NetworkUnderTest) -> None:
    insert = (
        "INSERT INTO waiting_list (course_type, municipality_id, parts_of_day, childcare_needed, children_count, "
        "status, created_at, note) SELECT %s, min(id), '', false, 0, 'open', now(), '' FROM municipalities"
    )
    for partner in ("jc", "mbe"):  # 2 + 2 waiting for 'allgemein' in Melle, 1 + 1 for 'alpha'
        with net.connect(partner) as conn:
            for course_type in ("allgemein", "allgemein", "alpha"):
                conn.execute(insert, (course_type,))
    with net.desk("vhs") as db, db.sessions() as session:
        cells = network_demand(session, actor=PROVIDER_STAFF)
    assert [(c.course_type, c.municipality, c.waiting) for c in cells] == [("allgemein", "Melle", 4)]
    with net.connect("vhs") as vhs:  # not even with a threshold of 1 asked for by hand
        assert [r[3] for r in vhs.execute("SELECT * FROM kim_network_demand(1)").fetchall()] == [4]
        assert vhs.execute("SELECT count(*) FROM waiting_list").fetchone() == (0,)
