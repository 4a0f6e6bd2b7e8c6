"""Plain German for the access-request PDF: a label per stored field and a word for every stored code."""

import json
import re
from collections.abc import Mapping

from kim_desktop.domain.consent_scope import CATEGORY_NAMES, PURPOSE_NAMES
from kim_desktop.domain.enums import (
    Channel,
    ConsentMethod,
    CourseType,
    DocumentKind,
    FeeExemption,
    GermanLevel,
    Literacy,
    PartOfDay,
    PermissionKind,
    ReferralState,
    Sex,
    WaitingStatus,
)

PlainValue = str | int | float | bool | None

FIELD_LABELS = {
    "family_name": "Familienname", "given_names": "Vorname(n)", "birth_date": "Geburtsdatum",
    "birth_place": "Geburtsort", "sex": "Geschlecht", "street": "Straße", "postcode": "PLZ",
    "municipality_name": "Wohnort", "phone": "Telefon", "email": "E-Mail", "nationalities": "Staatsangehörigkeit(en)",
    "first_language": "Erstsprache", "other_languages": "Weitere Sprachen", "notes": "Notizen",
    "next_steps": "Nächste Schritte", "held_at": "Datum/Uhrzeit", "channel": "Art des Gesprächs", "purpose": "Zweck",
    "data_categories": "Daten", "data": "Daten", "recipients": "Empfänger", "given_on": "Erteilt am",
    "method": "Form", "witness": "Zeugin/Zeuge", "revoked_on": "Widerrufen am", "state": "Stand",
    "course_name": "Kurs", "advisor_name": "Beraterin/Berater", "at": "Zeitpunkt", "actor": "Wer",
    "action": "Was", "details": "Einzelheiten", "kind": "Art", "issued_on": "Ausgestellt am",
    "expires_on": "Gültig bis", "file_number": "Aktenzeichen", "due_on": "Fällig am", "note": "Notiz",
    "topics": "Themen", "issued_at": "Ausgestellt", "language": "Sprache", "reason": "Grund",
    "weekday": "Wochentag", "part_of_day": "Tageszeit", "created_at": "Angelegt", "updated_at": "Geändert",
    "issuer_name": "Ausgestellt von", "issuer_lookup_name": "Ausgestellt von (Verzeichnis)",
    "obliged": "Verpflichtet", "needs_care": "Betreuung nötig", "interpreter_language": "Dolmetschsprache",
    "interpreter_needed": "Dolmetschung nötig", "registered_with_provider_on": "Beim Kursträger angemeldet am",
    "recorded_by_name": "Erfasst von", "assigned_to_name": "Zuständig", "done_at": "Erledigt am",
    "outcome": "Ergebnis", "from_state": "Vorher", "to_state": "Nachher", "by_name": "Durch",
    "issued_by_name": "Durch", "course_type": "Kursart", "letter_language": "Sprache der Briefe",
    "special_needs": "Besondere Bedarfe", "placement_test_date": "Einstufungstest am",
    "placement_test_result": "Ergebnis des Einstufungstests", "first_contact_on": "Erstkontakt",
    "counselling_ended_on": "Beratung beendet am", "literacy": "Lesen und Schreiben", "school_years": "Schuljahre",
    "education": "Ausbildung", "german_level": "Deutschkenntnisse", "recommended_course_type": "Empfohlene Kursart",
    "recommended_module": "Empfohlenes Modul", "residence_status": "Aufenthaltsstatus",
    "jobcenter_customer_number": "Kundennummer beim Jobcenter", "fee_exemption": "Befreiung vom Kostenbeitrag",
    "travel_subsidy_requested": "Fahrtkostenzuschuss beantragt", "needs_childcare": "Kinderbetreuung nötig",
    "travel_public_transport": "Fährt mit Bus und Bahn", "travel_car": "Fährt mit dem Auto",
    "travel_on_foot": "Geht zu Fuß", "max_travel_minutes": "Längste Fahrzeit (Minuten)", "employment": "Arbeit",
    "working_hours": "Arbeitszeiten", "purpose_text": "Zweck (Wortlaut)", "data_text": "Daten (Wortlaut)",
    "valid_until": "Gültig bis", "entry_module": "Einstieg in Modul", "hold_until": "Platz reserviert bis",
    "registered_on": "Angemeldet am", "started_on": "Kursbeginn am", "letter_printed_at": "Brief gedruckt am",
    "module": "Modul", "parts_of_day": "Tageszeiten", "childcare_needed": "Kinderbetreuung nötig",
    "children_count": "Zahl der Kinder", "status": "Stand", "resolved_at": "Erledigt am",
    "field_name": "Angabe", "office_text": "Wert im Büro", "laptop_text": "Wert vom Außentermin",
    "decided_at": "Entschieden am", "choice": "Gewählt",
}  # fmt: skip

# Keys and numbers the database needs to link records; they tell the person nothing (the JSON file keeps them).
HIDDEN_FIELDS = frozenset({"id", "search_key", "version", "entity_type", "entity_id", "letter_version",
                           "text_version", "field", "office_value", "laptop_value"})  # fmt: skip

LANGUAGE_NAMES = {
    "am": "Amharisch", "ar": "Arabisch", "bg": "Bulgarisch", "ckb": "Kurdisch (Sorani)", "de": "Deutsch",
    "de-LS": "Deutsch (Leichte Sprache)", "en": "Englisch", "es": "Spanisch", "fa": "Persisch (Farsi)",
    "fr": "Französisch", "hy": "Armenisch", "ka": "Georgisch", "ku": "Kurdisch", "kmr": "Kurdisch (Kurmandschi)",
    "pl": "Polnisch", "prs": "Dari", "ps": "Paschtu", "ro": "Rumänisch", "ru": "Russisch", "so": "Somali",
    "sq": "Albanisch", "ti": "Tigrinya", "tr": "Türkisch", "uk": "Ukrainisch", "ur": "Urdu", "vi": "Vietnamesisch",
    "zh": "Chinesisch",
}  # fmt: skip
# Nationalities are stored as ISO 3166 codes ("SY, TR"); the person reads country names. Others stay as stored.
COUNTRY_NAMES = {
    "AF": "Afghanistan", "AL": "Albanien", "AM": "Armenien", "BA": "Bosnien und Herzegowina", "BG": "Bulgarien",
    "CN": "China", "DE": "Deutschland", "DZ": "Algerien", "EG": "Ägypten", "ER": "Eritrea", "ET": "Äthiopien",
    "GE": "Georgien", "GN": "Guinea", "GR": "Griechenland", "HR": "Kroatien", "IN": "Indien", "IQ": "Irak",
    "IR": "Iran", "KZ": "Kasachstan", "LB": "Libanon", "LY": "Libyen", "MA": "Marokko", "MD": "Moldau",
    "MK": "Nordmazedonien", "NG": "Nigeria", "PK": "Pakistan", "PL": "Polen", "PS": "Palästinensische Gebiete",
    "RO": "Rumänien", "RS": "Serbien", "RU": "Russland", "SO": "Somalia", "SD": "Sudan", "SY": "Syrien",
    "TN": "Tunesien", "TR": "Türkei", "UA": "Ukraine", "VN": "Vietnam", "XK": "Kosovo", "YE": "Jemen",
}  # fmt: skip
_LANGUAGE_FIELDS = frozenset({"first_language", "letter_language", "interpreter_language", "language"})

_CODES: dict[str, str] = {
    **{kind.value: name for kind, name in {
        PermissionKind.BERECHTIGUNG: "Berechtigung (§ 44 AufenthG)", PermissionKind.VERPFLICHTUNG: "Verpflichtung "
        "(§ 44a AufenthG)", PermissionKind.ZULASSUNG: "Zulassung durch das BAMF", PermissionKind.JOBCENTER_ZULASSUNG:
        "Zulassung durch das Jobcenter", PermissionKind.SELBSTZAHLER: "Selbstzahlerin/Selbstzahler"}.items()},
    **{kind.value: name for kind, name in {
        DocumentKind.REFERRAL_LETTER: "Vermittlungsschreiben", DocumentKind.APPOINTMENT_LETTER: "Einladung",
        DocumentKind.CONSENT_FORM: "Einwilligungserklärung", DocumentKind.ACCESS_REQUEST: "Auskunft nach Art. 15 "
        "DSGVO", DocumentKind.REGISTRATION_LIST: "Anmeldeliste für den Kursträger"}.items()},
}  # fmt: skip
_VALUE_NAMES: dict[str, Mapping[str, str]] = {
    "sex": {Sex.FEMALE: "weiblich", Sex.MALE: "männlich", Sex.DIVERSE: "divers", Sex.UNSPECIFIED: "keine Angabe"},
    "channel": {Channel.IN_PERSON: "persönlich", Channel.PHONE: "am Telefon", Channel.VIDEO: "per Video"},
    "state": {
        ReferralState.PROPOSED: "vorgeschlagen", ReferralState.RESERVED: "Platz reserviert",
        ReferralState.REGISTERED: "beim Kursträger angemeldet", ReferralState.STARTED: "Kurs begonnen",
        ReferralState.DECLINED: "abgelehnt", ReferralState.NO_SHOW: "nicht erschienen",
        ReferralState.DROPPED_OUT: "abgebrochen", ReferralState.CANCELLED: "storniert",
        ReferralState.HOLD_EXPIRED: "Reservierung abgelaufen",
    },
    "literacy": {Literacy.NONE: "nicht alphabetisiert", Literacy.NON_LATIN: "nur in einer anderen Schrift",
                 Literacy.LATIN: "in lateinischer Schrift"},
    "german_level": {GermanLevel.NONE: "keine",
                     **{level: level.value for level in GermanLevel if level.value != "none"}},
    "fee_exemption": {FeeExemption.NONE: "nicht beantragt", FeeExemption.REQUESTED: "beantragt",
                      FeeExemption.GRANTED: "bewilligt", FeeExemption.REFUSED: "abgelehnt"},
    "part_of_day": {PartOfDay.MORNING: "vormittags", PartOfDay.AFTERNOON: "nachmittags", PartOfDay.EVENING: "abends"},
    "weekday": {str(day): name for day, name in enumerate(
        ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"))},
    "method": {ConsentMethod.SIGNED_FORM: "schriftlich unterschrieben",
               ConsentMethod.VERBAL_WITNESSED: "mündlich, mit Zeugin/Zeuge"},
    "status": {WaitingStatus.OPEN: "wartet", WaitingStatus.PLACED: "vermittelt",
               WaitingStatus.WITHDRAWN: "zurückgezogen"},
    "course_type": {course_type.value: name for course_type, name in {
        CourseType.ALLGEMEIN: "Allgemeiner Integrationskurs", CourseType.ALPHA: "Alphabetisierungskurs",
        CourseType.ZWEITSCHRIFT: "Zweitschriftlernerkurs", CourseType.FOERDER: "Förderkurs",
        CourseType.INTENSIV: "Intensivkurs", CourseType.JUGEND: "Jugendintegrationskurs",
        CourseType.ELTERN: "Elternintegrationskurs", CourseType.FRAUEN: "Frauenintegrationskurs",
        CourseType.BEHINDERUNG: "Kurs für Menschen mit Behinderung", CourseType.BERUFSSPRACH: "Berufssprachkurs",
    }.items()},
    "purpose": {purpose.value: name for purpose, name in PURPOSE_NAMES.items()},
    "kind": _CODES,
    "choice": {"office": "der Wert im Büro", "laptop": "der Wert vom Außentermin"},
    "action": {
        "sign_in": "Anmeldung am Programm", "case_read": "Akte angesehen", "case_created": "Akte angelegt",
        "case_changed": "Akte geändert", "letter_printed": "Schreiben gedruckt", "exported": "Daten ausgegeben",
        "imported": "Daten eingelesen", "consent_recorded": "Einwilligung erfasst",
        "consent_revoked": "Einwilligung widerrufen", "consent_purpose_assigned": "Zweck der Einwilligung festgelegt",
        "person_erased": "Daten gelöscht", "retention_applied": "Daten nach Aufbewahrungsfrist gelöscht",
        "access_request": "Auskunft erstellt", "people_searched": "Personensuche",
    },
}  # fmt: skip
for _key in ("from_state", "to_state"):
    _VALUE_NAMES[_key] = _VALUE_NAMES["state"]
for _key in ("recommended_course_type",):
    _VALUE_NAMES[_key] = _VALUE_NAMES["course_type"]
_CATEGORY_NAMES = {category.value: name for category, name in CATEGORY_NAMES.items()}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?$")


def field_label(key: str) -> str:
    """German label of a field; a field added later without a label reads 'Weitere Angabe'."""
    return FIELD_LABELS.get(key) or FIELD_LABELS.get(key.removesuffix("_id") + "_name") or "Weitere Angabe"


def shown(key: str) -> bool:
    """Whether the field is printed for the person (not an internal key or link number)."""
    return key not in HIDDEN_FIELDS and not key.endswith("_id")


def _plain(value: PlainValue) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, str):
        found = _ISO_DATE.match(value)
        if found:
            year, month, day, hour, minute = found.groups()
            return f"{day}.{month}.{year}" + (f", {hour}:{minute} Uhr" if hour else "")
    return str(value)


def _details(value: str) -> str:
    """An audit entry's changes ({"field": [old, new]}) as 'Label: vorher old, jetzt new' lines."""
    try:
        changes = json.loads(value)
    except ValueError:
        return value
    if not isinstance(changes, dict):
        return value
    lines = []
    for key, change in sorted(changes.items()):
        if not shown(key):
            continue
        if isinstance(change, list) and len(change) == 2:
            old, new = (value_text(key, part) for part in change)
            lines.append(f"{field_label(key)}: vorher {old}, jetzt {new}")
        else:
            lines.append(f"{field_label(key)}: {value_text(key, change)}")
    return "\n".join(lines) or "—"


def value_text(key: str, value: object) -> str:
    """A stored value in words: codes named, dates German, yes/no, languages by name, a dash for nothing."""
    if not isinstance(value, str | int | float | bool) or value is None:
        return "—" if value is None else str(value)
    names = _VALUE_NAMES.get(key)
    if names is not None and str(value) in names:
        return names[str(value)]
    if isinstance(value, str):
        if key in _LANGUAGE_FIELDS:
            return LANGUAGE_NAMES.get(value, value)
        if key == "nationalities":
            return ", ".join(
                COUNTRY_NAMES.get(part.strip().upper(), part.strip()) for part in value.split(",") if part.strip()
            )
        if key == "other_languages":
            return ", ".join(LANGUAGE_NAMES.get(part.strip(), part.strip()) for part in value.split(","))
        if key in ("data", "data_categories"):
            return ", ".join(_CATEGORY_NAMES.get(part.strip(), part.strip()) for part in value.split(","))
        if key == "details" and value.startswith("{"):
            return _details(value)
    return _plain(value)
