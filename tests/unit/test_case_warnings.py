"""Every case warning rule with fixed dates, and that the rules table (not code) decides the figures."""

from datetime import date

from kim_desktop.domain.case_warnings import (
    CaseFacts,
    PermissionFacts,
    Severity,
    application_warnings,
    case_warnings,
    entitlement_lapse_warning,
    expiry_warning,
    next_section_start,
    obligation_warning,
    start_target_warning,
)
from kim_desktop.domain.enums import FeeExemption, PermissionKind
from kim_desktop.domain.rules_table import RULE_DEFAULTS, Rules

TODAY = date(2026, 3, 2)
RULES = Rules.defaults()


def permission(
    kind: PermissionKind = PermissionKind.BERECHTIGUNG,
    obliged: bool = False,
    expires: date | None = None,
    registered: date | None = None,
) -> PermissionFacts:
    return PermissionFacts(kind, obliged, date(2026, 1, 5), expires, registered)


def rules(**overrides: int) -> Rules:
    return Rules({**RULE_DEFAULTS, **overrides})


def test_obliged_person_must_register_without_delay() -> None:
    warning = obligation_warning(permission(PermissionKind.VERPFLICHTUNG), None)
    assert warning is not None
    assert warning.code == "obligation_register"
    assert warning.severity == Severity.ERROR
    assert "unverzüglich" in warning.text
    assert obligation_warning(permission(PermissionKind.BERECHTIGUNG, obliged=True), None) is not None


def test_no_obligation_warning_once_registered_or_started_or_not_obliged() -> None:
    registered = permission(PermissionKind.VERPFLICHTUNG, registered=date(2026, 2, 1))
    assert obligation_warning(registered, None) is None
    assert obligation_warning(permission(PermissionKind.VERPFLICHTUNG), date(2026, 2, 1)) is None
    assert obligation_warning(permission(PermissionKind.BERECHTIGUNG), None) is None
    assert obligation_warning(None, None) is None


def test_permission_expired() -> None:
    warning = expiry_warning(permission(expires=date(2026, 3, 1)), None, TODAY, RULES)
    assert warning is not None
    assert warning.code == "permission_expired"
    assert warning.text == "Die Berechtigung ist am 01.03.2026 abgelaufen."


def test_permission_expires_within_warning_days_from_rules_table() -> None:
    in_30 = expiry_warning(permission(expires=date(2026, 4, 1)), None, TODAY, RULES)
    assert in_30 is not None
    assert in_30.text == "Die Berechtigung läuft in 30 Tagen ab (01.04.2026)."
    assert expiry_warning(permission(expires=date(2026, 4, 2)), None, TODAY, RULES) is None
    assert expiry_warning(permission(expires=date(2026, 4, 2)), None, TODAY, rules(permission_expiry_warning_days=31))
    today = expiry_warning(permission(expires=TODAY), None, TODAY, RULES)
    assert today is not None
    assert today.text == "Die Berechtigung läuft heute ab (02.03.2026)."
    tomorrow = expiry_warning(permission(expires=date(2026, 3, 3)), None, TODAY, RULES)
    assert tomorrow is not None
    assert "morgen" in tomorrow.text


def test_no_expiry_warning_after_course_start_or_without_expiry() -> None:
    assert expiry_warning(permission(expires=date(2026, 3, 1)), date(2026, 2, 1), TODAY, RULES) is None
    assert expiry_warning(permission(), None, TODAY, RULES) is None


def test_entitlement_lapses_twelve_months_after_registration_without_start() -> None:
    lapsed = entitlement_lapse_warning(permission(registered=date(2025, 3, 1)), None, TODAY, RULES)
    assert lapsed is not None
    assert lapsed.code == "entitlement_lapsed"
    assert "01.03.2026" in lapsed.text
    soon = entitlement_lapse_warning(permission(registered=date(2025, 3, 20)), None, TODAY, RULES)
    assert soon is not None
    assert soon.code == "entitlement_lapses_soon"
    assert entitlement_lapse_warning(permission(registered=date(2025, 6, 1)), None, TODAY, RULES) is None
    assert entitlement_lapse_warning(permission(registered=date(2025, 3, 1)), date(2025, 4, 1), TODAY, RULES) is None


def test_six_week_start_target_counts_from_registration_or_first_contact() -> None:
    from_contact = start_target_warning(date(2026, 1, 12), None, None, TODAY, RULES)
    assert from_contact is not None
    assert from_contact.code == "start_target_exceeded"
    assert from_contact.text == (
        "Ziel Kursbeginn binnen 6 Wochen überschritten: seit dem Erstkontakt am 12.01.2026 sind 7 Wochen vergangen."
    )
    assert start_target_warning(date(2026, 1, 19), None, None, TODAY, RULES) is None  # exactly 6 weeks
    registered = permission(registered=date(2026, 2, 1))
    assert start_target_warning(date(2025, 6, 1), registered, None, TODAY, RULES) is None
    assert start_target_warning(date(2025, 6, 1), None, date(2025, 7, 1), TODAY, RULES) is None
    assert start_target_warning(date(2026, 1, 19), None, None, TODAY, rules(start_target_weeks=4)) is not None
    assert start_target_warning(None, None, None, TODAY, RULES) is None


def test_fee_exemption_and_travel_subsidy_before_next_section() -> None:
    section = date(2026, 3, 9)
    fee = application_warnings(FeeExemption.NONE, True, False, section, TODAY, RULES)
    assert [w.code for w in fee] == ["apply_fee_exemption"]
    assert "09.03.2026" in fee[0].text
    travel = application_warnings(FeeExemption.GRANTED, True, False, section, TODAY, RULES)
    assert [w.code for w in travel] == ["apply_travel_subsidy"]
    assert application_warnings(FeeExemption.GRANTED, True, True, section, TODAY, RULES) == []
    assert application_warnings(FeeExemption.NONE, False, False, section, TODAY, RULES) == []
    assert application_warnings(FeeExemption.NONE, True, False, date(2026, 3, 20), TODAY, RULES) == []
    assert application_warnings(FeeExemption.NONE, True, False, None, TODAY, RULES) == []
    assert application_warnings(FeeExemption.NONE, True, False, date(2026, 3, 1), TODAY, RULES) == []


def test_next_section_start() -> None:
    assert next_section_start(date(2026, 3, 9), 25, TODAY, RULES) == date(2026, 3, 9)
    # 100 UE at 25 UE a week = 4 weeks a section.
    assert next_section_start(date(2026, 2, 2), 25, TODAY, RULES) == date(2026, 3, 2)
    assert next_section_start(date(2026, 2, 3), 25, TODAY, RULES) == date(2026, 3, 3)
    assert next_section_start(date(2026, 1, 1), 0, TODAY, RULES) is None


def test_case_warnings_sorted_by_severity() -> None:
    facts = CaseFacts(
        today=TODAY,
        first_contact_on=date(2025, 12, 1),
        permission=permission(PermissionKind.VERPFLICHTUNG, expires=date(2026, 3, 20)),
        course_started_on=None,
        fee_exemption=FeeExemption.REQUESTED,
        receives_benefits=True,
        travel_subsidy_requested=False,
        next_section_start=date(2026, 3, 9),
    )
    warnings = case_warnings(facts, RULES)
    assert [w.code for w in warnings] == [
        "obligation_register",
        "permission_expires_soon",
        "start_target_exceeded",
        "apply_travel_subsidy",
    ]
    assert [w.severity for w in warnings] == [Severity.ERROR, Severity.WARNING, Severity.WARNING, Severity.INFO]
