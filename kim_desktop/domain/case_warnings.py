"""Warnings on a case file (deadlines of permissions, course start target, applications): pure rules."""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from kim_desktop.domain.enums import FeeExemption, PermissionKind
from kim_desktop.domain.rules_table import Rules
from kim_desktop.domain.text import N_, Text


class Severity(StrEnum):
    """How urgent a warning is: an error needs action now, a warning soon, info is a hint."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class CaseWarning:
    """One warning shown in the case header: a stable code, its severity and a translatable text."""

    code: str
    severity: Severity
    text: Text


@dataclass(frozen=True)
class PermissionFacts:
    """What the rules need to know about a person's current permission."""

    kind: PermissionKind
    obliged: bool
    issued_on: date | None
    expires_on: date | None
    registered_with_provider_on: date | None


@dataclass(frozen=True)
class CaseFacts:
    """The facts of one case on one day: everything the warning rules look at."""

    today: date
    first_contact_on: date | None
    permission: PermissionFacts | None
    course_started_on: date | None
    fee_exemption: FeeExemption
    receives_benefits: bool
    travel_subsidy_requested: bool
    next_section_start: date | None


def german_date(day: date) -> str:
    """TT.MM.JJJJ."""
    return day.strftime("%d.%m.%Y")


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last_day in (day.day, 30, 29, 28):
        try:
            return date(year, month, last_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def obligation_warning(permission: PermissionFacts | None, course_started_on: date | None) -> CaseWarning | None:
    """An obliged person who has not registered with a provider must do so without delay."""
    if permission is None or course_started_on is not None:
        return None
    obliged = permission.obliged or permission.kind == PermissionKind.VERPFLICHTUNG
    if not obliged or permission.registered_with_provider_on is not None:
        return None
    return CaseWarning(
        "obligation_register",
        Severity.ERROR,
        Text(
            N_(
                "Zur Teilnahme verpflichtet: muss sich unverzüglich bei einem Kursträger anmelden "
                "und die Anmeldung der verpflichtenden Stelle nachweisen."
            )
        ),
    )


def expiry_warning(
    permission: PermissionFacts | None, course_started_on: date | None, today: date, rules: Rules
) -> CaseWarning | None:
    """The permission has expired, or expires within the warning period of the rules table."""
    if permission is None or permission.expires_on is None or course_started_on is not None:
        return None
    days_left = (permission.expires_on - today).days
    if days_left < 0:
        return CaseWarning(
            "permission_expired",
            Severity.ERROR,
            Text(N_("Die Berechtigung ist am {day:%d.%m.%Y} abgelaufen."), day=permission.expires_on),
        )
    if days_left <= rules.int("permission_expiry_warning_days"):
        if days_left <= 1:
            when = Text(N_("heute")) if days_left == 0 else Text(N_("morgen"))
        else:
            when = Text(N_("in {days} Tagen"), days=days_left)
        return CaseWarning(
            "permission_expires_soon",
            Severity.WARNING,
            Text(N_("Die Berechtigung läuft {when} ab ({day:%d.%m.%Y})."), when=when, day=permission.expires_on),
        )
    return None


def entitlement_lapse_warning(
    permission: PermissionFacts | None, course_started_on: date | None, today: date, rules: Rules
) -> CaseWarning | None:
    """The entitlement lapses if no course starts within the rule's months after registration."""
    if permission is None or course_started_on is not None or permission.registered_with_provider_on is None:
        return None
    lapses_on = _add_months(permission.registered_with_provider_on, rules.int("entitlement_lapse_months"))
    days_left = (lapses_on - today).days
    if days_left < 0:
        return CaseWarning(
            "entitlement_lapsed",
            Severity.ERROR,
            Text(
                N_("Kein Kursbeginn innerhalb der Frist: die Berechtigung ist am {day:%d.%m.%Y} erloschen."),
                day=lapses_on,
            ),
        )
    if days_left <= rules.int("permission_expiry_warning_days"):
        return CaseWarning(
            "entitlement_lapses_soon",
            Severity.WARNING,
            Text(
                N_("Ohne Kursbeginn erlischt die Berechtigung am {day:%d.%m.%Y} (in {days} Tagen)."),
                day=lapses_on,
                days=days_left,
            ),
        )
    return None


def start_target_warning(
    first_contact_on: date | None,
    permission: PermissionFacts | None,
    course_started_on: date | None,
    today: date,
    rules: Rules,
) -> CaseWarning | None:
    """The target of a course start within N weeks of registration (or first contact) is exceeded."""
    if course_started_on is not None:
        return None
    registered = permission.registered_with_provider_on if permission is not None else None
    since = registered or first_contact_on
    if since is None:
        return None
    weeks = rules.int("start_target_weeks")
    if today <= since + timedelta(weeks=weeks):
        return None
    waited = (today - since).days // 7
    if registered is not None:
        template = N_(
            "Ziel Kursbeginn binnen {weeks} Wochen überschritten: seit der Anmeldung am {day:%d.%m.%Y} "
            "sind {waited} Wochen vergangen."
        )
    else:
        template = N_(
            "Ziel Kursbeginn binnen {weeks} Wochen überschritten: seit dem Erstkontakt am {day:%d.%m.%Y} "
            "sind {waited} Wochen vergangen."
        )
    return CaseWarning("start_target_exceeded", Severity.WARNING, Text(template, weeks=weeks, day=since, waited=waited))


def application_warnings(
    fee_exemption: FeeExemption,
    receives_benefits: bool,
    travel_subsidy_requested: bool,
    next_section_start: date | None,
    today: date,
    rules: Rules,
) -> list[CaseWarning]:
    """Fee exemption and travel subsidy act only from the next section: apply before it starts."""
    if next_section_start is None or next_section_start < today:
        return []
    if (next_section_start - today).days > rules.int("section_application_warning_days"):
        return []
    start = next_section_start
    found: list[CaseWarning] = []
    if receives_benefits and fee_exemption == FeeExemption.NONE:
        found.append(
            CaseWarning(
                "apply_fee_exemption",
                Severity.WARNING,
                Text(
                    N_(
                        "Kostenbefreiung vor Beginn des nächsten Kursabschnitts am {day:%d.%m.%Y} beantragen "
                        "(wirkt erst ab dem nächsten Abschnitt)."
                    ),
                    day=start,
                ),
            )
        )
    if fee_exemption in (FeeExemption.REQUESTED, FeeExemption.GRANTED) and not travel_subsidy_requested:
        found.append(
            CaseWarning(
                "apply_travel_subsidy",
                Severity.INFO,
                Text(
                    N_(
                        "Fahrtkostenzuschuss vor Beginn des nächsten Kursabschnitts am {day:%d.%m.%Y} beantragen "
                        "(nie rückwirkend)."
                    ),
                    day=start,
                ),
            )
        )
    return found


def next_section_start(course_start: date, ue_per_week: int, today: date, rules: Rules) -> date | None:
    """The start of the next 100-UE section of a course on or after today (the course start if still ahead)."""
    if course_start >= today:
        return course_start
    if ue_per_week <= 0:
        return None
    section_days = round(rules.int("section_ue") / ue_per_week * 7)
    if section_days <= 0:
        return None
    sections_done = -(-(today - course_start).days // section_days)  # rounded up: on or after today
    return course_start + timedelta(days=sections_done * section_days)


def case_warnings(facts: CaseFacts, rules: Rules) -> list[CaseWarning]:
    """All warnings of a case, the most urgent first."""
    found = [
        obligation_warning(facts.permission, facts.course_started_on),
        expiry_warning(facts.permission, facts.course_started_on, facts.today, rules),
        entitlement_lapse_warning(facts.permission, facts.course_started_on, facts.today, rules),
        start_target_warning(facts.first_contact_on, facts.permission, facts.course_started_on, facts.today, rules),
    ]
    warnings = [w for w in found if w is not None]
    warnings += application_warnings(
        facts.fee_exemption,
        facts.receives_benefits,
        facts.travel_subsidy_requested,
        facts.next_section_start,
        facts.today,
        rules,
    )
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return sorted(warnings, key=lambda w: order[w.severity])
