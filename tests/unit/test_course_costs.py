"""The cost rule: every permission kind × fee exemption state, with domain.md's default figures."""

import itertools

import pytest

from kim_desktop.domain.course_costs import cost_statement
from kim_desktop.domain.enums import FeeExemption, PermissionKind
from kim_desktop.domain.rules_table import RULE_DEFAULTS, Rules

K, E = PermissionKind, FeeExemption
WITH_PERMISSION = (K.BERECHTIGUNG, K.VERPFLICHTUNG, K.ZULASSUNG, K.JOBCENTER_ZULASSUNG)

# (rate per UE in cents, per section, exempt, may apply for exemption, travel subsidy when far away)
EXPECTED: dict[tuple[PermissionKind, FeeExemption], tuple[int, int, bool, bool, bool]] = {
    **{(kind, E.NONE): (229, 22900, False, True, False) for kind in WITH_PERMISSION},
    **{(kind, E.REQUESTED): (229, 22900, False, False, True) for kind in WITH_PERMISSION},
    **{(kind, E.GRANTED): (0, 0, True, False, True) for kind in WITH_PERMISSION},
    **{(kind, E.REFUSED): (229, 22900, False, False, False) for kind in WITH_PERMISSION},
    # Self-payers: full rate (4,58 €/UE, 458,00 € a section) whatever exemption is recorded, no hints.
    **{(K.SELBSTZAHLER, exemption): (458, 45800, False, False, False) for exemption in FeeExemption},
}


def test_the_table_covers_every_combination() -> None:
    assert set(EXPECTED) == set(itertools.product(PermissionKind, FeeExemption))


@pytest.mark.parametrize(("kind", "exemption"), list(itertools.product(PermissionKind, FeeExemption)))
def test_cost_statement(kind: PermissionKind, exemption: FeeExemption) -> None:
    rate, section, exempt, may_apply, subsidy_far = EXPECTED[kind, exemption]
    far = cost_statement(kind, exemption, Rules.defaults(), distance_km=6.5)
    near = cost_statement(kind, exemption, Rules.defaults(), distance_km=1.0)
    unknown = cost_statement(kind, exemption, Rules.defaults())
    for statement in (far, near, unknown):
        assert statement.rate_per_ue_cents == rate
        assert statement.per_section_cents == section
        assert statement.section_ue == 100
        assert statement.exempt is exempt
        assert statement.pays is (rate > 0)
        assert statement.may_apply_for_exemption is may_apply
        assert statement.self_payer is statement.full_rate is (kind is K.SELBSTZAHLER)
    assert far.travel_subsidy is subsidy_far
    assert near.travel_subsidy is False and unknown.travel_subsidy is False
    if kind is K.SELBSTZAHLER:
        assert far.exemption is E.NONE  # a recorded exemption does not apply to a self-payer


def test_figures_come_from_the_rules_table() -> None:
    rules = Rules({**RULE_DEFAULTS, "fee_per_ue_cents": 250, "bamf_rate_per_ue_cents": 500, "section_ue": 70,
                   "travel_subsidy_min_km": 5.0})  # fmt: skip
    assert cost_statement(K.BERECHTIGUNG, E.NONE, rules).per_section_cents == 250 * 70
    assert cost_statement(K.SELBSTZAHLER, E.NONE, rules).per_section_cents == 500 * 70
    assert cost_statement(K.BERECHTIGUNG, E.GRANTED, rules, distance_km=4.0).travel_subsidy is False
    assert cost_statement(K.BERECHTIGUNG, E.GRANTED, rules, distance_km=5.0).travel_subsidy is True
