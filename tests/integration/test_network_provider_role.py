"""The Kursträger role: a provider's staff keep only their own courses and answer referrals; nothing else."""

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime

import pytest

from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import OrganisationKind, ReferralState, Role
from kim_desktop.domain.errors import Conflict, NotAllowed, ValidationFailed
from kim_desktop.services.accounts import AccountInput, create_account, create_first_admin, sign_in, update_account
from kim_desktop.services.courses import cancel_course, copy_course, create_course, load_course, update_course
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.people_search import search_people
from kim_desktop.services.provider_desk import confirm_referral, list_provider_referrals
from kim_desktop.services.referrals import reserve_seat
from tests.integration.network_fixtures import PARTNERS, NetworkUnderTest, add_course, add_municipality, add_person
from tests.integration.network_fixtures import network as make_network
from tests.integration.referral_setup import build_network

pytestmark = pytest.mark.postgres
TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 9)
PASSWORD = "Kurs-Konto-2026"
PROVIDER = Actor(None, "Kurt Träger", Role.PROVIDER)  # type: ignore[arg-type]  # no account row: unchecked audit


@pytest.fixture(scope="module")
def net() -> Iterator[NetworkUnderTest]:
    partners = {**PARTNERS, "lingua": ("Sprachinstitut Lingua Viva", OrganisationKind.KURSTRAEGER)}
    with make_network(partners) as made:
        add_municipality(made)
        made.org["course"] = add_course(made, "vhs", 10, "Integrationskurs Vormittag")
        made.org["other_course"] = add_course(made, "lingua", 10, "Alphakurs")
        made.org["rania"] = add_person(made, "jc", "Haddad", "Rania")
        yield made


def _admin(db: OpenDatabase, name: str) -> Actor:
    with db.sessions() as session:
        return create_first_admin(session, AccountInput(name, name.title(), Role.ADMIN, PASSWORD), NOW)


def test_a_providers_desk_makes_provider_accounts_and_they_sign_in_as_kurstraeger(net: NetworkUnderTest) -> None:
    with net.desk("vhs") as db:
        admin = _admin(db, "leitung")
        with db.sessions() as session:
            made = create_account(session, admin, AccountInput("kurt", "Kurt Träger", Role.PROVIDER, PASSWORD), NOW)
        assert made.role == Role.PROVIDER
        with db.sessions() as session:
            actor = sign_in(session, "kurt", PASSWORD, NOW)
        assert actor.role == Role.PROVIDER
        with db.sessions() as session:  # and provider staff answer referrals, not read case files
            assert list_provider_referrals(session, actor=actor, today=TODAY) == []
        with db.sessions() as session, pytest.raises(NotAllowed, match="„Kursträger“ erlaubt nicht: Falldaten lesen"):
            search_people(session, "Haddad", actor=actor)


def test_a_counselling_office_cannot_give_its_staff_the_provider_role(net: NetworkUnderTest) -> None:
    with net.desk("jc") as db:
        admin = _admin(db, "verwaltung")
        with db.sessions() as session, pytest.raises(ValidationFailed, match="nur für die Konten eines Kursträgers"):
            create_account(session, admin, AccountInput("anna", "Anna Krüger", Role.PROVIDER, PASSWORD), NOW)
        with db.sessions() as session:
            made = create_account(session, admin, AccountInput("anna", "Anna Krüger", Role.ADVISOR, PASSWORD), NOW)
        with db.sessions() as session, pytest.raises(ValidationFailed, match="Kursträger"):
            update_account(session, admin, made.id, role=Role.PROVIDER, active=True, now=NOW)


def test_nor_does_a_single_offices_database(sqlite_database: OpenDatabase) -> None:
    admin = _admin(sqlite_database, "verwaltung")
    with sqlite_database.sessions() as session, pytest.raises(ValidationFailed, match="im Netzwerk"):
        create_account(session, admin, AccountInput("kurt", "Kurt Träger", Role.PROVIDER, PASSWORD), NOW)


def test_the_provider_keeps_its_own_courses_and_no_other(net: NetworkUnderTest) -> None:
    with net.desk("vhs") as db:
        with db.sessions() as session:
            editable = load_course(session, net.org["course"])
        with db.sessions() as session:
            update_course(session, net.org["course"], replace(editable.data, max_seats=12), editable.version,
                          actor=PROVIDER)  # fmt: skip
        with db.sessions() as session:
            copied = copy_course(session, net.org["course"], actor=PROVIDER)
        with db.sessions() as session:
            assert load_course(session, copied).data.max_seats == 12
        with db.sessions() as session:
            other = load_course(session, net.org["other_course"])
        with db.sessions() as session, pytest.raises(Conflict, match="nur sein Kursträger"):
            update_course(session, net.org["other_course"], replace(other.data, max_seats=1), other.version,
                          actor=PROVIDER)  # fmt: skip
        with db.sessions() as session, pytest.raises(Conflict, match="nur sein Kursträger"):
            create_course(session, replace(editable.data, provider_id=net.org["lingua"]), actor=PROVIDER)
        with db.sessions() as session, pytest.raises(Conflict, match="nur sein Kursträger"):
            update_course(session, net.org["course"], replace(editable.data, provider_id=net.org["lingua"]),
                          editable.version + 1, actor=PROVIDER)  # fmt: skip  # not handed to another provider
        with db.sessions() as session, pytest.raises(Conflict, match="nur sein Kursträger"):
            cancel_course(session, net.org["other_course"], "Lehrkraft fehlt", actor=PROVIDER)
    with net.desk("lingua") as db, db.sessions() as session:
        assert load_course(session, net.org["other_course"]).data.max_seats == 10  # untouched


def test_an_advisor_may_not_answer_for_the_provider(net: NetworkUnderTest) -> None:
    course = add_course(net, "vhs", 4, "Nachmittagskurs")
    with net.desk("jc") as db, db.sessions() as session:
        referral = reserve_seat(session, net.org["rania"], course, today=TODAY).referral_id
    advisor = Actor(None, "Anna Krüger", Role.ADVISOR)  # type: ignore[arg-type]
    with net.desk("vhs") as db:
        with db.sessions() as session, pytest.raises(NotAllowed, match="Vermittlungen in die eigenen Kurse"):
            confirm_referral(session, referral, ReferralState.REGISTERED, actor=advisor, today=TODAY)
        with db.sessions() as session, pytest.raises(NotAllowed):
            list_provider_referrals(session, actor=advisor, today=TODAY)


def test_off_the_network_a_provider_changes_no_course(sqlite_database: OpenDatabase) -> None:
    world = build_network(sqlite_database)
    with sqlite_database.sessions() as session:
        editable = load_course(session, world.course)
    with sqlite_database.sessions() as session, pytest.raises(NotAllowed, match="im Netzwerk"):
        update_course(session, world.course, editable.data, editable.version, actor=PROVIDER)
    with sqlite_database.sessions() as session, pytest.raises(NotAllowed, match="im Netzwerk"):
        cancel_course(session, world.course, "Lehrkraft fehlt", actor=PROVIDER)
