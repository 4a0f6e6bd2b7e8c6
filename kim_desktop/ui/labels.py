"""Labels of domain values for the people and counselling screens, in the UI language."""

from kim_desktop.domain.enums import (
    Channel,
    CourseType,
    FeeExemption,
    GermanLevel,
    Literacy,
    PermissionKind,
    ReferralState,
    Sex,
)
from kim_desktop.domain.referral_flow import STATE_NAMES
from kim_desktop.i18n import _, translate_text
from kim_desktop.services.counselling import CHANNEL_LABELS


def permission_label(kind: PermissionKind) -> str:
    """German name of a permission kind."""
    return {
        PermissionKind.BERECHTIGUNG: _("Berechtigung"),
        PermissionKind.VERPFLICHTUNG: _("Verpflichtung"),
        PermissionKind.ZULASSUNG: _("Zulassung (BAMF)"),
        PermissionKind.JOBCENTER_ZULASSUNG: _("Zulassung (Jobcenter)"),
        PermissionKind.SELBSTZAHLER: _("Selbstzahler"),
    }[kind]


def referral_state_label(state: ReferralState) -> str:
    """Name of a referral state in the UI language (one label set: domain/referral_flow.STATE_NAMES)."""
    return translate_text(STATE_NAMES[state])


def channel_label(channel: Channel) -> str:
    """Name of a counselling channel in the UI language (the labels the timeline uses)."""
    return translate_text(CHANNEL_LABELS[channel])


def sex_label(sex: Sex) -> str:
    """German name of a sex entry."""
    return {
        Sex.FEMALE: _("weiblich"),
        Sex.MALE: _("männlich"),
        Sex.DIVERSE: _("divers"),
        Sex.UNSPECIFIED: _("keine Angabe"),
    }[sex]


def literacy_label(value: Literacy) -> str:
    """German name of a literacy level."""
    return {
        Literacy.NONE: _("nicht alphabetisiert"),
        Literacy.NON_LATIN: _("nur nicht-lateinische Schrift"),
        Literacy.LATIN: _("lateinische Schrift"),
    }[value]


def german_level_label(value: GermanLevel) -> str:
    """German name of a German level."""
    return _("keine Kenntnisse") if value == GermanLevel.NONE else value.value


def fee_exemption_label(value: FeeExemption) -> str:
    """German name of the fee exemption state."""
    return {
        FeeExemption.NONE: _("nicht beantragt"),
        FeeExemption.REQUESTED: _("beantragt"),
        FeeExemption.GRANTED: _("bewilligt"),
        FeeExemption.REFUSED: _("abgelehnt"),
    }[value]


def course_type_label(value: CourseType) -> str:
    """German name of a course type."""
    return {
        CourseType.ALLGEMEIN: _("Allgemeiner Integrationskurs"),
        CourseType.ALPHA: _("Alphabetisierungskurs"),
        CourseType.ZWEITSCHRIFT: _("Zweitschriftlernerkurs"),
        CourseType.FOERDER: _("Förderkurs"),
        CourseType.INTENSIV: _("Intensivkurs"),
        CourseType.JUGEND: _("Jugendintegrationskurs"),
        CourseType.ELTERN: _("Elternintegrationskurs"),
        CourseType.FRAUEN: _("Frauenintegrationskurs"),
        CourseType.BEHINDERUNG: _("Kurs für Menschen mit Behinderung"),
        CourseType.BERUFSSPRACH: _("Berufssprachkurs"),
    }[value]
