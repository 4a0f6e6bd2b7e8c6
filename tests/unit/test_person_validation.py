"""Validation of the person and session forms: every error names its field in German."""

from datetime import date, datetime

import pytest

from kim_desktop.domain.enums import Channel, PartOfDay, PermissionKind
from kim_desktop.domain.errors import ValidationFailed
from kim_desktop.services.people_dto import ChildInput, PermissionInput, PersonInput, SessionInput
from kim_desktop.services.person_validation import (
    check_person,
    person_errors,
    session_errors,
    valid_email,
    valid_phone,
    valid_postcode,
)

TODAY = date(2026, 3, 2)
GOOD = PersonInput("Haddad", "Rania", birth_date=date(1990, 1, 1), municipality_id=1)


def fields(data: PersonInput) -> dict[str, str]:
    return {e.field: e.message for e in person_errors(data, TODAY)}


def test_a_complete_person_passes() -> None:
    check_person(GOOD, TODAY)


def test_required_family_name_and_municipality() -> None:
    errors = fields(PersonInput("  ", municipality_id=None))
    assert errors["family_name"] == "Familienname: bitte eintragen."
    assert errors["municipality_id"] == "Wohnort (Gemeinde): bitte aus der Liste wählen."


def test_future_birth_date_and_placement_test() -> None:
    errors = fields(
        PersonInput("A", municipality_id=1, birth_date=date(2026, 3, 3), placement_test_date=date(2027, 1, 1))
    )
    assert errors["birth_date"].startswith("Geburtsdatum:")
    assert "Einstufungstest" in errors["placement_test_date"]


@pytest.mark.parametrize(("text", "ok"), [("49324", True), ("4932", False), ("493245", False), ("4932a", False)])
def test_postcode(text: str, ok: bool) -> None:
    assert valid_postcode(text) is ok
    assert ("postcode" in fields(PersonInput("A", municipality_id=1, postcode=text))) is not ok


@pytest.mark.parametrize(
    ("text", "ok"),
    [("+49 151 2345678", True), ("0541/123-456", True), ("(0541) 12 34 56", True), ("12345", False),
     ("0151 abc 123", False), ("+49 151 23456789 0000 1111 2222 3333", False)],
)  # fmt: skip
def test_phone(text: str, ok: bool) -> None:
    assert valid_phone(text) is ok


@pytest.mark.parametrize(
    ("text", "ok"),
    [("a@example.org", True), ("ayşe.öz@beispiel.de", True), ("a@b", False), ("a b@c.de", False), ("@c.de", False)],
)
def test_email(text: str, ok: bool) -> None:
    assert valid_email(text) is ok


def test_expiry_before_issue_date() -> None:
    permission = PermissionInput(PermissionKind.BERECHTIGUNG, issued_on=date(2026, 2, 1), expires_on=date(2026, 1, 31))
    errors = fields(PersonInput("A", municipality_id=1, permission=permission))
    assert errors == {"permission.expires_on": "Gültig bis: darf nicht vor dem Ausstellungsdatum liegen."}


def test_children_ages() -> None:
    data = PersonInput(
        "A",
        municipality_id=1,
        birth_date=date(1990, 1, 1),
        children=(
            ChildInput(date(2027, 1, 1)),
            ChildInput(date(2000, 1, 1), needs_care=True),
            ChildInput(None),
            ChildInput(date(2000, 1, 1), needs_care=False),
            ChildInput(date(1989, 1, 1), needs_care=False),
        ),
    )
    errors = fields(data)
    assert errors["children.0.birth_date"] == "Kind 1, Geburtsdatum: darf nicht in der Zukunft liegen."
    assert "unter 18" in errors["children.1.birth_date"]
    assert errors["children.2.birth_date"] == "Kind 3, Geburtsdatum: bitte eintragen."
    assert "children.3.birth_date" not in errors
    assert "children.4.birth_date" in errors


def test_availability_monday_to_saturday_only() -> None:
    data = PersonInput("A", municipality_id=1, availability=frozenset({(6, PartOfDay.MORNING)}))
    assert "availability" in fields(data)


def test_all_errors_at_once() -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_person(PersonInput("", municipality_id=None, postcode="1", email="x"), TODAY)
    assert {e.field for e in caught.value.errors} == {"family_name", "municipality_id", "postcode", "email"}


def test_session_date_not_more_than_a_day_ahead() -> None:
    now = datetime(2026, 3, 2, 12, 0)
    assert session_errors(SessionInput(1, datetime(2026, 3, 3, 11, 0), Channel.PHONE), now) == []
    errors = session_errors(SessionInput(1, datetime(2026, 3, 3, 13, 0), Channel.PHONE), now)
    assert [e.field for e in errors] == ["held_at"]
    no_date = session_errors(SessionInput(1, now, Channel.PHONE, follow_up_assignee_id=3), now)
    assert [e.field for e in no_date] == ["follow_up_on"]
