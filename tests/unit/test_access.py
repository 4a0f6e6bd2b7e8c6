"""The role matrix: every action for every role, and the German refusal."""

import pytest

from kim_desktop.domain.access import ACTION_TEXT, PERMITTED, Action, Actor, may, require
from kim_desktop.domain.enums import Role
from kim_desktop.domain.errors import NotAllowed

ADVISOR_MAY = {
    Action.READ_CASES,
    Action.EDIT_CASES,
    Action.REFER,
    Action.PRINT_LETTERS,
    Action.LOOKUP_COURSES,
    Action.VIEW_REPORTS,
}
READER_MAY = {Action.LOOKUP_COURSES, Action.VIEW_REPORTS}
# A course provider's staff: its courses and its answers to referrals; no case file, report, export or letter.
PROVIDER_MAY = {Action.LOOKUP_COURSES, Action.EDIT_COURSES, Action.CONFIRM_REFERRALS}
ADMIN_MAY = set(Action) - {Action.CONFIRM_REFERRALS}  # a provider's answers are its staff's (role Kursträger)
EXPECTED = {Role.ADMIN: ADMIN_MAY, Role.ADVISOR: ADVISOR_MAY, Role.READER: READER_MAY, Role.PROVIDER: PROVIDER_MAY}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_matrix(role: Role, action: Action) -> None:
    actor = Actor(1, "Anna Krüger", role)
    allowed = action in EXPECTED[role]
    assert may(actor, action) is allowed
    if allowed:
        assert require(actor, action) is actor
    else:
        with pytest.raises(NotAllowed, match="erlaubt nicht"):
            require(actor, action)


def test_every_role_and_action_is_described() -> None:
    assert set(PERMITTED) == set(Role)
    assert set(ACTION_TEXT) == set(Action)


def test_refusal_names_role_and_action_in_german() -> None:
    with pytest.raises(NotAllowed) as info:
        require(Actor(2, "Leo Lesend", Role.READER), Action.ERASE)
    assert str(info.value) == "Ihre Rolle „Lesen“ erlaubt nicht: personenbezogene Daten löschen."


def test_the_provider_role_is_named_kurstraeger_in_refusals() -> None:
    with pytest.raises(NotAllowed) as info:
        require(Actor(3, "Petra Kurs", Role.PROVIDER), Action.READ_CASES)
    assert str(info.value) == "Ihre Rolle „Kursträger“ erlaubt nicht: Falldaten lesen."
    assert may(Actor(3, "Petra Kurs", Role.PROVIDER), Action.CONFIRM_REFERRALS)
    assert not may(Actor(3, "Petra Kurs", Role.ADVISOR), Action.CONFIRM_REFERRALS)


def test_nobody_signed_in_may_nothing() -> None:
    assert not may(None, Action.LOOKUP_COURSES)
    with pytest.raises(NotAllowed, match="melden Sie sich an"):
        require(None, Action.LOOKUP_COURSES)


def test_actor_is_frozen() -> None:
    actor = Actor(1, "A", Role.READER)
    with pytest.raises(AttributeError):
        actor.role = Role.ADMIN  # type: ignore[misc]
