import pytest

from kim_desktop.domain.course_types import DEFAULT_COURSE_TYPES
from kim_desktop.domain.enums import CourseType
from kim_desktop.domain.rules_table import RULE_DEFAULTS, RULE_DEFINITIONS, Rules, parse_rule_value


def test_defaults_follow_domain_md() -> None:
    rules = Rules.defaults()
    assert rules.int("fee_per_ue_cents") == 229
    assert rules.int("fee_per_ue_cents") * 2 == rules.int("bamf_rate_per_ue_cents")
    assert rules.int("section_ue") == 100
    assert rules.int("reservation_hold_days") == 3
    assert rules.int("start_target_weeks") == 6
    assert rules.int("report_suppression_threshold") == 3
    assert rules.float("travel_subsidy_min_km") == 3.0


def test_overrides_win_over_defaults() -> None:
    rules = Rules({**RULE_DEFAULTS, "fee_per_ue_cents": 250})
    assert rules.int("fee_per_ue_cents") == 250
    assert rules.int("section_ue") == 100


def test_rule_keys_are_unique_and_described() -> None:
    keys = [r.key for r in RULE_DEFINITIONS]
    assert len(keys) == len(set(keys))
    assert all(r.description for r in RULE_DEFINITIONS)


@pytest.mark.parametrize(
    ("key", "text", "value"),
    [("fee_per_ue_cents", "240", 240), ("travel_subsidy_min_km", "5,0", 5.0), ("travel_subsidy_min_km", "5", 5.0)],
)
def test_parse_rule_value(key: str, text: str, value: float) -> None:
    assert parse_rule_value(key, text) == value


def test_parse_rule_value_refuses_garbage() -> None:
    with pytest.raises(ValueError):
        parse_rule_value("fee_per_ue_cents", "zwei")


def test_every_course_type_has_figures() -> None:
    assert {f.course_type for f in DEFAULT_COURSE_TYPES} == set(CourseType)
    general = next(f for f in DEFAULT_COURSE_TYPES if f.course_type is CourseType.ALLGEMEIN)
    assert general.language_ue + general.orientation_ue == 700
