"""People services on SQLite and PostgreSQL: register, search, duplicates, edit, case file."""

from dataclasses import replace
from datetime import date, datetime

import pytest

from kim_desktop.db.models import Advisor, Course, CourseLocation, Municipality, Organisation, Referral
from kim_desktop.domain.enums import (
    Channel,
    CourseType,
    FeeExemption,
    OrganisationKind,
    PartOfDay,
    PermissionKind,
    ReferralState,
    Role,
)
from kim_desktop.domain.errors import Conflict, NotFound, ValidationFailed
from kim_desktop.services.case_file import get_case_file, list_municipalities
from kim_desktop.services.counselling import record_session
from kim_desktop.services.course_lookup import search_people_by_name
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.people import (
    find_possible_duplicates,
    get_person_details,
    register_person,
    update_person,
)
from kim_desktop.services.people_dto import ChildInput, PermissionInput, PersonInput, PossibleDuplicates, SessionInput
from kim_desktop.services.people_search import count_people, search_people

TODAY = date(2026, 3, 2)


@pytest.fixture
def ids(database: OpenDatabase) -> dict[str, int]:
    with database.sessions() as session, session.begin():
        town = Municipality(name="Melle", postcodes="49324,49326")
        village = Municipality(name="Bad Essen", postcodes="49152")
        abh = Organisation(name="Ausländerbehörde Landkreis", kind=OrganisationKind.AUSLAENDERBEHOERDE)
        advisor = Advisor(username="ak", display_name="Anna Krüger", role=Role.ADVISOR)
        session.add_all([town, village, abh, advisor])
        session.flush()
        return {"town": town.id, "village": village.id, "abh": abh.id, "advisor": advisor.id}


def person(ids: dict[str, int], family: str = "Özdemir", given: str = "Ayşe", **changes: object) -> PersonInput:
    data = PersonInput(
        family_name=family,
        given_names=given,
        birth_date=date(1990, 5, 17),
        municipality_id=ids["town"],
        postcode="49324",
        phone="+49 151 2345678",
        email="ayse@example.org",
    )
    return replace(data, **changes)  # type: ignore[arg-type]


def register(db: OpenDatabase, data: PersonInput, **kwargs: object) -> int:
    with db.sessions() as session:
        return register_person(session, data, actor_id=None, today=TODAY, **kwargs)  # type: ignore[arg-type]


def names(db: OpenDatabase, text: str) -> list[str]:
    with db.sessions() as session:
        return [f"{r.family_name}, {r.given_names}" for r in search_people(session, text, limit=50)]


def test_register_and_read_back_everything(database: OpenDatabase, ids: dict[str, int]) -> None:
    data = person(
        ids,
        permission=PermissionInput(
            PermissionKind.VERPFLICHTUNG, issuer_id=ids["abh"], file_number="ABH-ML-2026-00042",
            issued_on=date(2026, 2, 1), expires_on=date(2027, 2, 1), obliged=True,
        ),
        children=(ChildInput(date(2022, 1, 5), True), ChildInput(date(2015, 7, 1), False)),
        availability=frozenset({(0, PartOfDay.MORNING), (2, PartOfDay.MORNING), (5, PartOfDay.EVENING)}),
        needs_childcare=True,
        fee_exemption=FeeExemption.REQUESTED,
        special_needs="  Rollstuhl  ",
    )  # fmt: skip
    pid = register(database, data)
    with database.sessions() as session:
        details = get_person_details(session, pid)
    assert details.data.family_name == "Özdemir"
    assert details.data.special_needs == "Rollstuhl"
    assert details.data.first_contact_on == TODAY
    assert details.municipality_name == "Melle"
    assert details.current_permission is not None
    assert details.current_permission.file_number == "ABH-ML-2026-00042"
    assert details.current_permission.obliged is True
    assert [c.birth_date for c in details.children] == [date(2022, 1, 5), date(2015, 7, 1)]
    assert details.availability == data.availability


@pytest.mark.parametrize(
    "family",
    ["O'Brien-Nguyễn", "Иванова", "حسين", "<b>Bold</b>", "Zoë 🙂", "X" * 200],
)
def test_odd_names_are_stored_exactly_as_typed(database: OpenDatabase, ids: dict[str, int], family: str) -> None:
    pid = register(database, person(ids, family=family, given="Ḿaría-José"))
    with database.sessions() as session:
        assert get_person_details(session, pid).data.family_name == family
    assert names(database, family[:4]) == [f"{family}, Ḿaría-José"]


def test_search_folds_umlauts_case_and_transliteration(database: OpenDatabase, ids: dict[str, int]) -> None:
    register(database, person(ids, "Özdemir", "Ayşe"))
    register(database, person(ids, "Müller-Lüdenscheidt", "Jürgen", birth_date=date(1970, 1, 1)))
    register(database, person(ids, "Yıldız", "Mehmet", birth_date=date(1985, 3, 3), phone="0170 9876543"))
    assert names(database, "Oezdemir") == ["Özdemir, Ayşe"]
    assert names(database, "özd") == ["Özdemir, Ayşe"]
    assert names(database, "OZDEM") == []  # 'Ö' folds to 'oe', as Germans type it
    assert names(database, "ayse oez") == ["Özdemir, Ayşe"]
    assert names(database, "luedensch") == ["Müller-Lüdenscheidt, Jürgen"]
    assert names(database, "muller") == []
    assert names(database, "mueller lud") == []
    assert names(database, "mueller luedenscheidt") == ["Müller-Lüdenscheidt, Jürgen"]
    assert names(database, "yildiz") == ["Yıldız, Mehmet"]
    assert names(database, "100%") == []
    assert names(database, "") == ["Müller-Lüdenscheidt, Jürgen", "Özdemir, Ayşe", "Yıldız, Mehmet"]


def test_search_by_birth_date_file_number_and_phone(database: OpenDatabase, ids: dict[str, int]) -> None:
    register(
        database,
        person(ids, permission=PermissionInput(PermissionKind.BERECHTIGUNG, file_number="ABH-ML-2026-00042")),
    )
    register(database, person(ids, "Ivanova", "Olga", birth_date=date(1988, 12, 1), phone="0170 / 98 76 543"))
    assert names(database, "17.05.1990") == ["Özdemir, Ayşe"]
    assert names(database, "1.12.1988") == ["Ivanova, Olga"]
    assert names(database, "31.02.1990") == []
    assert names(database, "abh-ml-2026-0004") == ["Özdemir, Ayşe"]
    assert names(database, "0151 2345678") == ["Özdemir, Ayşe"]
    assert names(database, "+49 170 9876543") == ["Ivanova, Olga"]
    assert names(database, "9876543") == ["Ivanova, Olga"]
    with database.sessions() as session:
        assert count_people(session, "") == 2
        assert count_people(session, "", cap=1) == 1
        rows = search_people(session, "oezdemir")
    assert rows[0].permission_kind == PermissionKind.BERECHTIGUNG
    assert rows[0].municipality_name == "Melle"


def test_search_pages_with_limit_and_offset(database: OpenDatabase, ids: dict[str, int]) -> None:
    for n in range(7):
        register(database, person(ids, f"Name{n}", "Test", birth_date=date(1980, 1, n + 1)))
    with database.sessions() as session:
        first = search_people(session, "name", limit=5, offset=0)
        second = search_people(session, "name", limit=5, offset=5)
    assert [r.family_name for r in first + second] == [f"Name{n}" for n in range(7)]


def test_duplicates_are_reported_before_registering(database: OpenDatabase, ids: dict[str, int]) -> None:
    first = register(database, person(ids))
    with pytest.raises(PossibleDuplicates) as caught:
        register(database, person(ids, "Oezdemir", "Ayse"))
    assert [c.id for c in caught.value.candidates] == [first]
    assert caught.value.candidates[0].reason == "gleicher Name und Geburtsdatum"
    with database.sessions() as session:
        similar = find_possible_duplicates(session, "Özdemier", "Ayşe", date(1990, 5, 17))
        swapped = find_possible_duplicates(session, "Ayşe", "Özdemir", date(1990, 5, 17))
        other_day = find_possible_duplicates(session, "Özdemir", "Ayşe", date(1991, 5, 17))
    assert [c.reason for c in similar] == ["ähnlicher Name, gleiches Geburtsdatum"]
    assert [c.id for c in swapped] == [first]
    assert other_day == []
    second = register(database, person(ids, "Oezdemir", "Ayse"), allow_duplicates=True)
    assert second != first


def test_the_same_name_without_a_birth_date_on_either_side_is_a_softer_warning(
    database: OpenDatabase, ids: dict[str, int]
) -> None:
    undated = register(database, person(ids, "Al-Homsi", "Rami", birth_date=None))
    # the new record has a birth date, the existing one none: before, the check looked for the date only
    with pytest.raises(PossibleDuplicates) as caught:
        register(database, person(ids, "Al-Homsi", "Rami", birth_date=date(1988, 2, 3)))
    assert [(c.id, c.reason) for c in caught.value.candidates] == [
        (undated, "gleicher Name, Geburtsdatum fehlt – bitte prüfen")
    ]
    dated = register(database, person(ids, "Al-Homsi", "Rami", birth_date=date(1988, 2, 3)), allow_duplicates=True)
    # the new record has no birth date: both same-name records, each said to be unsure
    with database.sessions() as session:
        found = find_possible_duplicates(session, "Al-Homsi", "Rami", None)
    assert sorted(c.id for c in found) == sorted([undated, dated])
    assert {c.reason for c in found} == {"gleicher Name, Geburtsdatum fehlt – bitte prüfen"}
    with database.sessions() as session:  # another birth date: the dated Rami is someone else, the undated unsure
        assert [c.id for c in find_possible_duplicates(session, "Al-Homsi", "Rami", date(1990, 1, 1))] == [undated]


def test_validation_refuses_and_saves_nothing(database: OpenDatabase, ids: dict[str, int]) -> None:
    bad = person(ids, municipality_id=None, postcode="4932", birth_date=date(2030, 1, 1))
    with pytest.raises(ValidationFailed) as caught:
        register(database, bad)
    assert {e.field for e in caught.value.errors} == {"municipality_id", "postcode", "birth_date"}
    with database.sessions() as session:
        assert count_people(session, "") == 0
    with pytest.raises(ValidationFailed):
        register(database, person(ids, municipality_id=999_999))


def test_edit_person_permission_children_and_optimistic_lock(database: OpenDatabase, ids: dict[str, int]) -> None:
    pid = register(
        database,
        person(ids, permission=PermissionInput(PermissionKind.BERECHTIGUNG), children=(ChildInput(date(2020, 1, 1)),)),
    )
    with database.sessions() as session:
        before = get_person_details(session, pid)
    edited = replace(
        before.data,
        family_name="Öztürk",
        municipality_id=ids["village"],
        permission=replace(before.data.permission, kind=PermissionKind.VERPFLICHTUNG, obliged=True),  # type: ignore[arg-type]
        children=(),
        availability=frozenset({(1, PartOfDay.AFTERNOON)}),
    )
    with database.sessions() as session:
        update_person(session, pid, edited, expected_version=before.version, actor_id=ids["advisor"], today=TODAY)
    with database.sessions() as session:
        after = get_person_details(session, pid)
    assert after.data.family_name == "Öztürk"
    assert after.municipality_name == "Bad Essen"
    assert len(after.permissions) == 1
    assert after.permissions[0].kind == PermissionKind.VERPFLICHTUNG
    assert after.children == ()
    assert after.availability == {(1, PartOfDay.AFTERNOON)}
    assert after.version > before.version
    assert names(database, "oeztuerk") == ["Öztürk, Ayşe"]
    with database.sessions() as session, pytest.raises(Conflict):
        update_person(session, pid, edited, expected_version=before.version, actor_id=None, today=TODAY)
    with database.sessions() as session, pytest.raises(NotFound):
        get_person_details(session, 999_999)


def test_case_file_has_warnings_timeline_and_referral(database: OpenDatabase, ids: dict[str, int]) -> None:
    pid = register(
        database,
        person(
            ids,
            first_contact_on=date(2026, 1, 2),
            permission=PermissionInput(PermissionKind.VERPFLICHTUNG, obliged=True, expires_on=date(2026, 3, 12)),
        ),
    )
    with database.sessions() as session, session.begin():
        provider = Organisation(name="Sprachschule", kind=OrganisationKind.KURSTRAEGER)
        location = CourseLocation(provider=provider, name="Haus", street="Weg 1", postcode="49324",
                                  municipality_id=ids["town"])  # fmt: skip
        course = Course(course_type=CourseType.ALLGEMEIN, title="Integrationskurs Melle", provider=provider,
                        location=location, start_date=date(2026, 3, 9), end_date=date(2026, 9, 30), weekdays_mask=31,
                        start_time=datetime(2026, 1, 1, 8, 30).time(), end_time=datetime(2026, 1, 1, 12, 45).time(),
                        ue_per_week=25, max_seats=20)  # fmt: skip
        session.add(course)
        session.flush()
        session.add(Referral(person_id=pid, course_id=course.id, state=ReferralState.RESERVED))
    with database.sessions() as session:
        record_session(
            session,
            SessionInput(pid, datetime(2026, 3, 1, 10, 0), Channel.PHONE, notes="Anruf <b>wegen</b> Kurs"),
            actor_id=ids["advisor"],
            now=datetime(2026, 3, 2, 9, 0),
        )
    with database.sessions() as session:
        case = get_case_file(session, pid, today=TODAY)
        municipalities = list_municipalities(session)
    codes = [w.code for w in case.warnings]
    assert codes == ["obligation_register", "permission_expires_soon", "start_target_exceeded"]
    assert case.open_referral == "Platz reserviert: Integrationskurs Melle, Beginn 09.03.2026"
    assert case.timeline[0].title == "Beratung (Telefon)"
    assert "Anruf <b>wegen</b> Kurs" in case.timeline[0].text
    assert case.timeline[0].advisor_name == "Anna Krüger"
    assert [m.label for m in municipalities] == ["Bad Essen", "Melle"]


def test_search_text_that_no_database_takes_is_cleaned_or_refused_with_a_message(
    database: OpenDatabase, ids: dict[str, int]
) -> None:
    register(database, person(ids))
    # A NUL or a line break (pasted text) is dropped, not sent: PostgreSQL refuses NUL in text (DataError).
    assert names(database, "Özdemir\x00") == ["Özdemir, Ayşe"]
    assert names(database, "\x00Özdem\nir") == ["Özdemir, Ayşe"]  # the words "oezdem" and "ir"
    assert names(database, "Ayşe\tÖzdemir\x00\x01") == ["Özdemir, Ayşe"]
    assert names(database, "17.05.1990\x00") == ["Özdemir, Ayşe"]
    refused = {
        "1,000 words": " ".join(f"wort{n}" for n in range(1000)),  # SQLite: Expression tree is too large
        "25,000 digits": "1" * 25_000,  # SQLite: LIKE or GLOB pattern too complex
        "a long file number": "ABH-" + "9" * 200,
        "hyphens split words": "-".join("ab" for _ in range(13)),
    }
    for case, text in refused.items():
        for call in (search_people, count_people, search_people_by_name):
            with database.sessions() as session, pytest.raises(ValidationFailed) as caught:
                call(session, text)
            message = caught.value.for_field("search")
            assert message is not None and message.startswith("Suchfeld: bitte höchstens"), case
    with database.sessions() as session, pytest.raises(ValidationFailed) as caught:
        count_people(session, "1" * 25_000)
    assert str(caught.value) == "Suchfeld: bitte höchstens 100 Zeichen eingeben (eingegeben: 25000)."
    # Right at the limits every kind of search still runs on both databases.
    at_limit = [
        " ".join(["oezdemir"] * 12)[:100],
        "1" * 100,
        "ABH-" + "9" * 96,
        "\U0001f600" * 100,
        "ﷺ" * 3,  # one character that folds into four words
    ]
    for text in at_limit:
        with database.sessions() as session:
            search_people(session, text)
            count_people(session, text)
            search_people_by_name(session, text)


def test_a_name_with_a_line_break_or_tab_is_saved_on_one_line(database: OpenDatabase, ids: dict[str, int]) -> None:
    data = person(ids, family="Haddad\n", given="Amira\nNour\tFatima ", street="Lindenstraße\t12", special_needs="a\nb")
    pid = register(database, data)
    with database.sessions() as session:
        stored = get_person_details(session, pid).data
    assert (stored.family_name, stored.given_names, stored.street) == ("Haddad", "Amira Nour Fatima", "Lindenstraße 12")
    assert stored.special_needs == "a\nb"  # free text keeps its lines
