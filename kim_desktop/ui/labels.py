"""German labels of domain values for the people and counselling screens."""

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
from kim_desktop.i18n import _


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
    """German name of a referral state."""
    return {
        ReferralState.PROPOSED: _("vorgeschlagen"),
        ReferralState.RESERVED: _("Platz reserviert"),
        ReferralState.REGISTERED: _("angemeldet"),
        ReferralState.STARTED: _("begonnen"),
        ReferralState.DECLINED: _("abgelehnt"),
        ReferralState.NO_SHOW: _("nicht erschienen"),
        ReferralState.DROPPED_OUT: _("abgebrochen"),
        ReferralState.CANCELLED: _("storniert"),
        ReferralState.HOLD_EXPIRED: _("Reservierung abgelaufen"),
    }[state]


def channel_label(channel: Channel) -> str:
    """German name of a counselling channel."""
    return {Channel.IN_PERSON: _("persönlich"), Channel.PHONE: _("Telefon"), Channel.VIDEO: _("Video")}[channel]


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
