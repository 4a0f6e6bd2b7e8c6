"""The editable rules table: every figure that changes with the law, with its default from domain.md."""

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kim_desktop.domain.text import N_, Text

RuleValue = int | float | str | bool


@dataclass(frozen=True)
class RuleDefinition:
    """One rule: key, default value and a translatable description for the settings screen."""

    key: str
    default: RuleValue
    description: Text


RULE_DEFINITIONS: tuple[RuleDefinition, ...] = (
    RuleDefinition("fee_per_ue_cents", 229, Text(N_("Kostenbeitrag je Unterrichtseinheit (Cent)"))),
    RuleDefinition("bamf_rate_per_ue_cents", 458, Text(N_("BAMF-Kostenerstattungssatz je UE (Cent)"))),
    RuleDefinition("section_ue", 100, Text(N_("Unterrichtseinheiten je Kursabschnitt"))),
    RuleDefinition("ue_minutes", 45, Text(N_("Minuten je Unterrichtseinheit"))),
    RuleDefinition("travel_subsidy_min_km", 3.0, Text(N_("Fahrtkostenzuschuss ab Entfernung (km)"))),
    RuleDefinition("travel_subsidy_per_day_cents", 250, Text(N_("Fahrtkostenzuschuss je Anwesenheitstag (Cent)"))),
    RuleDefinition("reservation_hold_days", 3, Text(N_("Platzreservierung gilt (Tage)"))),
    RuleDefinition("start_target_weeks", 6, Text(N_("Ziel: Kursbeginn innerhalb von (Wochen) nach Anmeldung"))),
    RuleDefinition("entitlement_lapse_months", 12, Text(N_("Berechtigung erlischt ohne Kursbeginn nach (Monaten)"))),
    RuleDefinition("permission_expiry_warning_days", 30, Text(N_("Warnung vor Ablauf der Berechtigung (Tage)"))),
    RuleDefinition("zulassung_validity_months", 12, Text(N_("Gültigkeit einer Zulassung (Monate)"))),
    RuleDefinition(
        "zulassung_asylum_validity_months", 3, Text(N_("Gültigkeit einer Zulassung für Asylsuchende (Monate)"))
    ),
    RuleDefinition("section_application_warning_days", 14, Text(N_("Hinweis auf Anträge vor Abschnittsbeginn (Tage)"))),
    RuleDefinition("youth_max_age", 26, Text(N_("Jugendintegrationskurs bis einschließlich Alter"))),
    RuleDefinition("lookup_start_within_weeks", 12, Text(N_("Kurssuche: Start innerhalb von (Wochen)"))),
    RuleDefinition("match_weight_travel", 1.0, Text(N_("Gewichtung Fahrzeit in der Kurssuche"))),
    RuleDefinition("match_weight_start", 1.0, Text(N_("Gewichtung Wartezeit bis Kursbeginn"))),
    RuleDefinition("match_weight_times", 2.0, Text(N_("Gewichtung passende Tageszeiten"))),
    RuleDefinition("match_weight_childcare", 2.0, Text(N_("Gewichtung Kinderbetreuung"))),
    RuleDefinition("match_weight_seats", 0.5, Text(N_("Gewichtung freie Plätze"))),
    RuleDefinition("report_suppression_threshold", 3, Text(N_("Anonymisierung: Fallzahlen darunter als „<N“"))),
    RuleDefinition("idle_lock_minutes", 10, Text(N_("Sperre nach Inaktivität (Minuten)"))),
    RuleDefinition(
        "retention_counselling_months", 36, Text(N_("Aufbewahrung Beratungsnotizen nach letztem Kontakt (Monate)"))
    ),
    RuleDefinition("retention_placement_test_months", 36, Text(N_("Aufbewahrung Einstufungstest (Monate)"))),
    RuleDefinition("retention_person_months", 36, Text(N_("Aufbewahrung Falldaten nach Beratungsende (Monate)"))),
    RuleDefinition("retention_audit_months", 60, Text(N_("Aufbewahrung Protokolleinträge (Monate)"))),
    RuleDefinition("backup_warn_after_days", 2, Text(N_("Warnung, wenn letzte Sicherung älter als (Tage)"))),
)

RULE_DEFAULTS: Mapping[str, RuleValue] = MappingProxyType({r.key: r.default for r in RULE_DEFINITIONS})


@dataclass(frozen=True)
class Rules:
    """The rules in force: defaults overlaid with the office's overrides."""

    values: Mapping[str, RuleValue]

    @classmethod
    def defaults(cls) -> "Rules":
        """The rules as domain.md gives them."""
        return cls(RULE_DEFAULTS)

    def int(self, key: str) -> int:
        """A whole-number rule."""
        return int(self.values.get(key, RULE_DEFAULTS[key]))

    def float(self, key: str) -> float:
        """A decimal rule."""
        return float(self.values.get(key, RULE_DEFAULTS[key]))


def parse_rule_value(key: str, text: str) -> RuleValue:
    """Convert the stored text of a rule to the type of its default; raises ValueError if it does not fit."""
    default = RULE_DEFAULTS[key]
    if isinstance(default, bool):
        if text.lower() in ("1", "true", "ja"):
            return True
        if text.lower() in ("0", "false", "nein"):
            return False
        raise ValueError(text)
    if isinstance(default, int):
        return int(text)
    if isinstance(default, float):
        return float(text.replace(",", "."))
    return text
