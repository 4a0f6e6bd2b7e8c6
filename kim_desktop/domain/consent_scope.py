"""What a consent covers: its purpose, the data categories, and the one rule that decides whether a use is covered."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum

from kim_desktop.domain.text import N_, Text, joined


class ConsentPurpose(StrEnum):
    """What passing the data on is for; a consent names exactly one (blanket consents are invalid)."""

    COURSE_REGISTRATION = "course_registration"  # Anmeldung beim Kursträger
    JOBCENTER_EXCHANGE = "jobcenter_exchange"  # Austausch mit dem Jobcenter / der Agentur für Arbeit
    IMMIGRATION_OFFICE_EXCHANGE = "immigration_office_exchange"  # Austausch mit der Ausländerbehörde
    CHILDCARE_SEARCH = "childcare_search"  # Kita-Suche
    COUNSELLING_HANDOVER = "counselling_handover"  # Übergabe an einen anderen Beratungsdienst


class DataCategory(StrEnum):
    """A kind of personal data a consent may let pass."""

    IDENTITY = "identity"  # name and date of birth
    ADDRESS = "address"
    CONTACT = "contact"  # telephone and e-mail
    PERMISSION = "permission"  # permission or obligation, with the file number
    LANGUAGE_LEVEL = "language_level"  # placement test, language level, entry module
    CHILDCARE = "childcare"  # need of childcare, children's ages
    COURSE_PROGRESS = "course_progress"  # course, attendance, referral state
    COUNSELLING = "counselling"  # counselling history and next steps
    HEALTH = "health"  # special needs, disability (special category, Art. 9 GDPR)


PURPOSE_NAMES: dict[ConsentPurpose, str] = {
    ConsentPurpose.COURSE_REGISTRATION: N_("Anmeldung beim Kursträger"),
    ConsentPurpose.JOBCENTER_EXCHANGE: N_("Austausch mit dem Jobcenter"),
    ConsentPurpose.IMMIGRATION_OFFICE_EXCHANGE: N_("Austausch mit der Ausländerbehörde"),
    ConsentPurpose.CHILDCARE_SEARCH: N_("Kita-Suche"),
    ConsentPurpose.COUNSELLING_HANDOVER: N_("Übergabe an einen anderen Beratungsdienst"),
}

CATEGORY_NAMES: dict[DataCategory, str] = {
    DataCategory.IDENTITY: N_("Name und Geburtsdatum"),
    DataCategory.ADDRESS: N_("Anschrift"),
    DataCategory.CONTACT: N_("Telefon und E-Mail"),
    DataCategory.PERMISSION: N_("Berechtigung oder Verpflichtung mit Aktenzeichen"),
    DataCategory.LANGUAGE_LEVEL: N_("Sprachstand und Einstiegsmodul"),
    DataCategory.CHILDCARE: N_("Kinderbetreuung (Bedarf, Alter der Kinder)"),
    DataCategory.COURSE_PROGRESS: N_("Kursdaten und Teilnahme"),
    DataCategory.COUNSELLING: N_("Beratungsverlauf"),
    DataCategory.HEALTH: N_("Gesundheit und besondere Bedürfnisse (Art. 9 DSGVO)"),
}

# What each purpose usually needs: the consent dialog proposes these, the advisor may tick more or fewer.
USUAL_DATA: dict[ConsentPurpose, frozenset[DataCategory]] = {
    ConsentPurpose.COURSE_REGISTRATION: frozenset(
        {
            DataCategory.IDENTITY,
            DataCategory.ADDRESS,
            DataCategory.CONTACT,
            DataCategory.PERMISSION,
            DataCategory.LANGUAGE_LEVEL,
            DataCategory.CHILDCARE,
        }
    ),
    ConsentPurpose.JOBCENTER_EXCHANGE: frozenset(
        {DataCategory.IDENTITY, DataCategory.PERMISSION, DataCategory.COURSE_PROGRESS}
    ),
    ConsentPurpose.IMMIGRATION_OFFICE_EXCHANGE: frozenset(
        {DataCategory.IDENTITY, DataCategory.PERMISSION, DataCategory.COURSE_PROGRESS}
    ),
    ConsentPurpose.CHILDCARE_SEARCH: frozenset({DataCategory.IDENTITY, DataCategory.ADDRESS, DataCategory.CHILDCARE}),
    ConsentPurpose.COUNSELLING_HANDOVER: frozenset(
        {DataCategory.IDENTITY, DataCategory.ADDRESS, DataCategory.CONTACT, DataCategory.COUNSELLING}
    ),
}

# The registration list prints these columns: name and birth date, address, telephone, permission and file
# number, entry module, childcare (the referral's own state belongs to the registration itself).
REGISTRATION_LIST_DATA = USUAL_DATA[ConsentPurpose.COURSE_REGISTRATION]


def ordered(categories: Iterable[DataCategory]) -> tuple[DataCategory, ...]:
    """Categories in the order of the enum (how forms and lists show them)."""
    chosen = set(categories)
    return tuple(c for c in DataCategory if c in chosen)


@dataclass(frozen=True)
class ConsentTerms:
    """What one consent allows: purpose (None until an advisor assigned one), recipients, data, when."""

    purpose: ConsentPurpose | None
    recipient_ids: frozenset[int]
    data: frozenset[DataCategory]
    given_on: date
    revoked_on: date | None = None
    valid_until: date | None = None  # last day it holds, if the person limited it


@dataclass(frozen=True)
class DataUse:
    """Passing data on: for which purpose, to which organisation, which data, on which day."""

    purpose: ConsentPurpose
    recipient_id: int
    data: frozenset[DataCategory]
    on: date


class Gap(IntEnum):
    """Why a consent does not cover a use; the order is how far the consent got (higher = closer)."""

    NO_CONSENT = 0  # the person has no consent at all
    RECIPIENT = 1  # not for this recipient
    NO_PURPOSE = 2  # recorded as free text, no purpose assigned yet (review list)
    PURPOSE = 3  # for another purpose
    DATA = 4  # not all the data
    NOT_YET = 5  # given after the day of use
    REVOKED = 6  # revoked on or before the day of use
    EXPIRED = 7  # limited to a day before the day of use


@dataclass(frozen=True)
class Shortfall:
    """The reason a use is not covered, from the consent that came closest."""

    gap: Gap
    nearest: ConsentTerms | None = None
    missing: tuple[DataCategory, ...] = ()


@dataclass(frozen=True)
class LeftOut:
    """A person a list, export or handover may not include, and why (for the advisor only, never for the partner)."""

    person_id: int
    name: str
    reason: Text


def shortfall(consent: ConsentTerms, use: DataUse) -> Shortfall | None:
    """None if the consent covers the use, otherwise the first thing it fails on."""
    if use.recipient_id not in consent.recipient_ids:
        return Shortfall(Gap.RECIPIENT, consent)
    if consent.purpose is None:
        return Shortfall(Gap.NO_PURPOSE, consent)
    if consent.purpose != use.purpose:
        return Shortfall(Gap.PURPOSE, consent)
    if not use.data <= consent.data:
        return Shortfall(Gap.DATA, consent, ordered(use.data - consent.data))
    if use.on < consent.given_on:
        return Shortfall(Gap.NOT_YET, consent)
    if consent.revoked_on is not None and consent.revoked_on <= use.on:
        return Shortfall(Gap.REVOKED, consent)
    if consent.valid_until is not None and consent.valid_until < use.on:
        return Shortfall(Gap.EXPIRED, consent)
    return None


def covers(consent: ConsentTerms, use: DataUse) -> bool:
    """Whether this one consent allows the use: recipient, purpose, every datum, and in force on the day."""
    return shortfall(consent, use) is None


def refusal(consents: Iterable[ConsentTerms], use: DataUse) -> Shortfall | None:
    """None if any one of the person's consents covers the use; else why not, from the consent that came closest."""
    best: Shortfall | None = None
    for consent in consents:
        gap = shortfall(consent, use)
        if gap is None:
            return None
        if best is None or (gap.gap, consent.given_on) > (
            best.gap,
            best.nearest.given_on if best.nearest else date.min,
        ):
            best = gap
    return best or Shortfall(Gap.NO_CONSENT)


def purpose_name(purpose: ConsentPurpose) -> Text:
    """The German name of a purpose (translatable)."""
    return Text(PURPOSE_NAMES[purpose])


def category_names(categories: Iterable[DataCategory]) -> Text:
    """'Name und Geburtsdatum, Anschrift' (translatable, each name on its own)."""
    return joined((Text(CATEGORY_NAMES[c]) for c in ordered(categories)), ", ")


def reason_text(found: Shortfall) -> Text:
    """The reason in one German sentence for the advisor (translatable)."""
    nearest = found.nearest
    match found.gap:
        case Gap.NO_CONSENT | Gap.RECIPIENT:
            return Text(N_("Keine Einwilligung für diesen Empfänger."))
        case Gap.NO_PURPOSE:
            return Text(N_("Einwilligung ohne zugeordneten Zweck (Prüfliste): gilt noch für nichts."))
        case Gap.PURPOSE if nearest is not None and nearest.purpose is not None:
            return Text(
                N_("Einwilligung nur für einen anderen Zweck: {purpose}."), purpose=purpose_name(nearest.purpose)
            )
        case Gap.DATA:
            return Text(N_("Einwilligung umfasst nicht: {data}."), data=category_names(found.missing))
        case Gap.NOT_YET if nearest is not None:
            return Text(N_("Einwilligung erst ab {day:%d.%m.%Y} erteilt."), day=nearest.given_on)
        case Gap.REVOKED if nearest is not None and nearest.revoked_on is not None:
            return Text(N_("Einwilligung am {day:%d.%m.%Y} widerrufen."), day=nearest.revoked_on)
        case Gap.EXPIRED if nearest is not None and nearest.valid_until is not None:
            return Text(N_("Einwilligung galt nur bis {day:%d.%m.%Y}."), day=nearest.valid_until)
    return Text(N_("Keine gültige Einwilligung."))
