"""What a participant pays for a course section, and which cost hints apply: one rule for every cost sentence."""

from dataclasses import dataclass

from kim_desktop.domain.enums import FeeExemption, PermissionKind
from kim_desktop.domain.rules_table import Rules


@dataclass(frozen=True)
class CostStatement:
    """The costs as a letter must state them, derived from permission, exemption and the rules table.

    `rate_per_ue_cents` and `per_section_cents` are what the person pays (0 when exempt). `full_rate` is True
    for self-payers, who pay the rate BAMF pays providers, not the reduced contribution.
    """

    self_payer: bool
    full_rate: bool
    rate_per_ue_cents: int
    section_ue: int
    exemption: FeeExemption  # as it bears on the letter: always NONE for a self-payer
    exempt: bool
    may_apply_for_exemption: bool
    travel_subsidy: bool

    @property
    def per_section_cents(self) -> int:
        """What one course section (e.g. 100 UE) costs the person."""
        return self.rate_per_ue_cents * self.section_ue

    @property
    def pays(self) -> bool:
        """Whether the person pays anything at the moment."""
        return self.rate_per_ue_cents > 0


def cost_statement(
    kind: PermissionKind, exemption: FeeExemption, rules: Rules, distance_km: float | None = None
) -> CostStatement:
    """The costs of a person with this permission and exemption state, with the figures of the rules table.

    Self-payers (no permission) pay the full rate and can get neither a fee exemption nor a travel subsidy;
    an exemption recorded for them does not apply. Everybody else pays the reduced contribution unless
    exempt. The travel-subsidy hint needs an exemption (granted, or applied for: both applications must be
    filed before the section starts) and a course location at least the rules' distance away.
    """
    section_ue = rules.int("section_ue")
    if kind is PermissionKind.SELBSTZAHLER:
        return CostStatement(
            self_payer=True,
            full_rate=True,
            rate_per_ue_cents=rules.int("bamf_rate_per_ue_cents"),
            section_ue=section_ue,
            exemption=FeeExemption.NONE,
            exempt=False,
            may_apply_for_exemption=False,
            travel_subsidy=False,
        )
    exempt = exemption is FeeExemption.GRANTED
    far = distance_km is not None and distance_km >= rules.float("travel_subsidy_min_km")
    return CostStatement(
        self_payer=False,
        full_rate=False,
        rate_per_ue_cents=0 if exempt else rules.int("fee_per_ue_cents"),
        section_ue=section_ue,
        exemption=exemption,
        exempt=exempt,
        may_apply_for_exemption=exemption is FeeExemption.NONE,
        travel_subsidy=far and exemption in (FeeExemption.GRANTED, FeeExemption.REQUESTED),
    )
