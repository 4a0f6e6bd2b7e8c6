"""A person moves from one counselling service to another: only with consent, as a copy, recorded on both sides."""

from collections.abc import Iterator
from datetime import date, datetime

import psycopg
import pytest

from kim_desktop.domain.access import Actor
from kim_desktop.domain.consent_scope import ConsentPurpose, DataCategory
from kim_desktop.domain.enums import Channel, ConsentMethod, Role
from kim_desktop.domain.errors import KimError, NotFound
from kim_desktop.services.counselling import record_session
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.network_handover import (
    HandoverPartner,
    HandoverRefused,
    hand_over_person,
    handover_partners,
)
from kim_desktop.services.people_dto import SessionInput
from kim_desktop.services.privacy import ConsentInput, record_consent
from tests.integration.network_fixtures import NetworkUnderTest, add_municipality, add_person, network

pytestmark = pytest.mark.postgres
TODAY = date(2026, 3, 2)
ADVISOR = Actor(None, "Anna Krüger", Role.ADVISOR)  # type: ignore[arg-type]
HANDOVER = frozenset({DataCategory.IDENTITY, DataCategory.ADDRESS, DataCategory.COUNSELLING})


@pytest.fixture(scope="module")
def net() -> Iterator[NetworkUnderTest]:
    with network() as made:
        add_municipality(made)
        made.org["rania"] = add_person(made, "jc", "Haddad", "Rania")
        made.org["tesfaye"] = add_person(made, "jc", "Bekele", "Tesfaye")
        with made.desk("jc") as db:
            with db.sessions() as session:
                held = datetime(2026, 2, 20, 10)
                data = SessionInput(made.org["rania"], held, Channel.IN_PERSON, notes="Sucht Abendkurs.")
                record_session(session, data, now=held)
            with db.sessions() as session:
                consent = ConsentInput(
                    made.org["rania"], ConsentPurpose.COUNSELLING_HANDOVER, HANDOVER, (made.org["mbe"],), TODAY,
                    ConsentMethod.SIGNED_FORM,
                )  # fmt: skip
                record_consent(session, ADVISOR, consent, datetime(2026, 3, 2, 9))
        yield made


def test_a_consented_handover_copies_what_the_consent_names_and_is_logged_on_both_sides(
    net: NetworkUnderTest,
) -> None:
    with net.desk("jc") as db, db.sessions() as session:
        copy_id = hand_over_person(session, net.org["rania"], net.org["mbe"], actor=ADVISOR, today=TODAY)
    with net.connect("mbe") as mbe:
        person = mbe.execute("SELECT family_name, given_names, municipality_id IS NOT NULL, phone FROM people "
                             "WHERE id = %s", (copy_id,)).fetchone()  # fmt: skip
        assert person == ("Haddad", "Rania", True, None)  # contact data was not in the consent
        assert mbe.execute("SELECT notes FROM counselling_sessions WHERE person_id = %s", (copy_id,)).fetchall() == [
            ("Sucht Abendkurs.",)
        ]
        received = mbe.execute("SELECT action, details FROM audit_events WHERE person_id = %s", (copy_id,)).fetchall()
        assert [a for a, _d in received] == ["case_created"] and "Jobcenter" in received[0][1]
    with net.connect("jc") as jc:  # the case file stays, the handover is in its trail
        assert jc.execute("SELECT count(*) FROM people WHERE id = %s", (net.org["rania"],)).fetchone() == (1,)
        sent = jc.execute(
            "SELECT details FROM audit_events WHERE person_id = %s AND action = 'exported'", (net.org["rania"],)
        ).fetchall()
        assert len(sent) == 1 and "Migrationsberatung Caritas" in sent[0][0]
        assert jc.execute("SELECT count(*) FROM people WHERE id = %s", (copy_id,)).fetchone() == (0,)


def test_no_handover_without_consent_to_that_partner_and_none_of_someone_elses_person(net: NetworkUnderTest) -> None:
    with net.desk("jc") as db, db.sessions() as session:
        with pytest.raises(HandoverRefused) as refused:
            hand_over_person(session, net.org["tesfaye"], net.org["mbe"], actor=ADVISOR, today=TODAY)
        assert str(refused.value) == (
            "Übergabe an „Migrationsberatung Caritas“ nicht möglich: Keine Einwilligung für diesen Empfänger. Nötig "
            "ist eine Einwilligung der Person zur „Übergabe an einen anderen Beratungsdienst“ an „Migrationsberatung "
            "Caritas“ mit Name und Geburtsdatum (Fallakte → Einwilligungen)."
        )
        with pytest.raises(HandoverRefused, match="VHS Osnabrück"):  # the consent names the Caritas, not the VHS
            hand_over_person(session, net.org["rania"], net.org["vhs"], actor=ADVISOR, today=TODAY)
    # And a desk going round the application: the server refuses the same.
    with net.connect("jc") as jc, pytest.raises(psycopg.errors.NoDataFound, match="no handover consent"):
        jc.execute("SELECT kim_hand_over(%s, %s, %s)", (net.org["tesfaye"], net.org["mbe"], TODAY))
    with net.desk("mbe") as db, db.sessions() as session, pytest.raises(NotFound):  # not its person
        hand_over_person(session, net.org["rania"], net.org["mbe"], actor=ADVISOR, today=TODAY)


def test_the_choice_is_the_networks_other_counselling_partners(net: NetworkUnderTest) -> None:
    with net.desk("jc") as db, db.sessions() as session:
        assert handover_partners(session, actor=ADVISOR) == [
            HandoverPartner(net.org["mbe"], "Migrationsberatung Caritas")
        ]  # not the office itself, not the course provider
    with net.admin() as admin:  # an organisation in the directory without a login is no partner
        admin.execute("INSERT INTO organisations (name, kind, created_at, updated_at, version) "
                      "VALUES ('Ehrenamtskreis', 'other', now(), now(), 1)")  # fmt: skip
    with net.desk("mbe") as db, db.sessions() as session:
        assert handover_partners(session, actor=ADVISOR) == [HandoverPartner(net.org["jc"], "Jobcenter Osnabrück")]


def test_a_single_office_hands_over_nothing(sqlite_database: OpenDatabase) -> None:
    with sqlite_database.sessions() as session, pytest.raises(KimError, match="nur im Netzwerk"):
        handover_partners(session, actor=ADVISOR)
