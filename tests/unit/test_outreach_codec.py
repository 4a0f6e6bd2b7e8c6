"""Use-case inputs survive the journal: encoded to plain JSON values and decoded to the same frozen dataclasses."""

import json
from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from kim_desktop.domain.enums import Channel, CourseType, PartOfDay, PermissionKind, Sex
from kim_desktop.services.outreach_codec import decode, encode, map_refs, ref
from kim_desktop.services.outreach_merge import merge_inputs
from kim_desktop.services.people_dto import ChildInput, PermissionInput, PersonInput, SessionInput
from kim_desktop.services.waiting_list import UnmetNeed

PERSON = PersonInput(
    family_name="Haddad", given_names="Rania", birth_date=date(1990, 5, 17), sex=Sex.FEMALE, municipality_id=3,
    permission=PermissionInput(PermissionKind.VERPFLICHTUNG, issuer_id=4, expires_on=date(2027, 2, 10), id=9),
    children=(ChildInput(date(2020, 1, 2), True),),
    availability=frozenset({(0, PartOfDay.MORNING), (2, PartOfDay.EVENING)}),
)  # fmt: skip


def _through_json(value: object) -> object:
    return json.loads(json.dumps(encode(value)))


def test_a_person_form_comes_back_equal() -> None:
    assert decode(PersonInput, _through_json(PERSON)) == PERSON


def test_a_session_and_a_need_come_back_equal() -> None:
    session = SessionInput(5, datetime(2026, 3, 2, 10, 30), Channel.PHONE, "ar", (1, 2), "n", "s", date(2026, 3, 9))
    need = UnmetNeed(CourseType.ALLGEMEIN, 2, 3, (PartOfDay.MORNING,), True, 2, "abends")
    assert decode(SessionInput, _through_json(session)) == session
    assert decode(UnmetNeed, _through_json(need)) == need


@given(phone=st.one_of(st.none(), st.text(max_size=20)), years=st.one_of(st.none(), st.integers(0, 30)))
def test_any_field_values_come_back_equal(phone: str | None, years: int | None) -> None:
    person = PersonInput(family_name="X", phone=phone, school_years=years)
    assert decode(PersonInput, _through_json(person)) == person


def test_references_are_mapped_and_other_values_kept() -> None:
    plain = {"person": ref("people", 7), "data": {"ids": [ref("follow_ups", 2), 5]}, "none": ref("people", None)}
    mapped = map_refs(plain, lambda table, local: {"people": 100, "follow_ups": 200}[table] + local)
    assert mapped == {"person": 107, "data": {"ids": [202, 5]}, "none": None}


def test_an_edit_is_merged_field_by_field() -> None:
    offline = PersonInput(**{**PERSON.__dict__, "phone": "1", "street": "Birkenweg 2"})
    office = PersonInput(**{**PERSON.__dict__, "phone": "2", "email": "r@example.org"})
    merged, clashes = merge_inputs(PERSON, offline, office)
    assert clashes == ["phone"]
    assert (merged.phone, merged.street, merged.email) == ("2", "Birkenweg 2", "r@example.org")
