"""Administering the rules table: list, change with validation, reset; the rules in force follow."""

import pytest

from kim_desktop.domain.errors import NotFound, ValidationFailed
from kim_desktop.domain.rules_table import RULE_DEFINITIONS
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.rules import load_rules
from kim_desktop.services.rules_admin import list_rules, reset_rule, set_rule


def test_every_rule_is_listed_with_its_german_description_and_default(database: OpenDatabase) -> None:
    with database.sessions() as session:
        rows = list_rules(session)
    assert [r.key for r in rows] == [d.key for d in RULE_DEFINITIONS]
    travel = next(r for r in rows if r.key == "travel_subsidy_min_km")
    assert travel.description == "Fahrtkostenzuschuss ab Entfernung (km)"
    assert (travel.default, travel.value, travel.overridden) == ("3", "3", False)


def test_a_changed_rule_is_in_force_and_shown_as_overridden(database: OpenDatabase) -> None:
    with database.sessions() as session:
        row = set_rule(session, "travel_subsidy_min_km", "2,5", actor_id=None)
        assert (row.value, row.overridden) == ("2,5", True)
        set_rule(session, "reservation_hold_days", " 5 ", actor_id=None)
    with database.sessions() as session, session.begin():
        rules = load_rules(session)
    assert rules.float("travel_subsidy_min_km") == 2.5
    assert rules.int("reservation_hold_days") == 5
    with database.sessions() as session:
        rows = {r.key: r for r in list_rules(session)}
    assert rows["reservation_hold_days"].value == "5"
    assert rows["reservation_hold_days"].overridden


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        (
            "reservation_hold_days",
            "drei",
            "„Platzreservierung gilt (Tage)“: „drei“ passt nicht – bitte eine ganze Zahl",
        ),
        ("reservation_hold_days", "2,5", "bitte eine ganze Zahl"),
        ("match_weight_seats", "", "„Gewichtung freie Plätze“: „(leer)“ passt nicht"),
        ("match_weight_seats", "nan", "passt nicht"),
        ("youth_max_age", "-1", "„Jugendintegrationskurs bis einschließlich Alter“: der Wert darf nicht negativ sein"),
    ],
)
def test_invalid_input_is_refused_naming_the_rule(database: OpenDatabase, key: str, text: str, expected: str) -> None:
    with database.sessions() as session:
        with pytest.raises(ValidationFailed) as refused:
            set_rule(session, key, text, actor_id=None)
        assert refused.value.errors[0].field == key
        assert expected in str(refused.value)
        assert next(r for r in list_rules(session) if r.key == key).overridden is False


def test_reset_and_setting_the_default_remove_the_override(database: OpenDatabase) -> None:
    with database.sessions() as session:
        set_rule(session, "ue_minutes", "60", actor_id=None)
        reset_rule(session, "ue_minutes")
        set_rule(session, "section_ue", "90", actor_id=None)
        row = set_rule(session, "section_ue", "100", actor_id=None)
        assert not row.overridden
        rows = {r.key: r for r in list_rules(session)}
    assert rows["ue_minutes"].value == "45" and not rows["ue_minutes"].overridden
    assert rows["section_ue"].value == "100" and not rows["section_ue"].overridden


def test_unknown_rule_is_not_found(database: OpenDatabase) -> None:
    with database.sessions() as session, pytest.raises(NotFound):
        set_rule(session, "no_such_rule", "1", actor_id=None)
