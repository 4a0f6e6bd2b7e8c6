"""Checks of a person's and a session's input: each error names the field (translatable, no widget logic)."""

import re
from datetime import date, datetime, timedelta

from kim_desktop.domain.errors import FieldError, ValidationFailed
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.people_dto import PersonInput, SessionInput

POSTCODE = re.compile(r"\d{5}")
# Digits with the usual separators, optionally a leading + (international) and one extension.
PHONE = re.compile(r"\+?[0-9(][0-9 ()/.\-]{4,28}[0-9]")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")
CHILDCARE_MAX_AGE_YEARS = 18
MAX_NAME_LENGTH = 200
# Free text that may run over several lines; every other text field is one line (names, address, phone …).
MULTI_LINE_FIELDS = frozenset({"special_needs", "education"})
_WHITESPACE_RUN = re.compile(r"\s+")


def one_line(text: str) -> str:
    """A single-line field as stored and printed: line breaks, tabs and runs of blanks become one space."""
    return _WHITESPACE_RUN.sub(" ", text).strip()


def _age_years(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def valid_postcode(text: str) -> bool:
    """A German postcode: exactly five digits."""
    return POSTCODE.fullmatch(text) is not None


def valid_phone(text: str) -> bool:
    """A phone number: digits with spaces, slashes, hyphens, dots or brackets, at least six digits."""
    return PHONE.fullmatch(text) is not None and sum(c.isdigit() for c in text) >= 6


def valid_email(text: str) -> bool:
    """An e-mail address of the form name@domain.tld."""
    return EMAIL.fullmatch(text) is not None


def person_errors(data: PersonInput, today: date) -> list[FieldError]:
    """Every problem of the person form; an empty list means it may be saved."""
    errors: list[FieldError] = []

    def add(field: str, message: Text) -> None:
        errors.append(FieldError(field, message))

    if not data.family_name.strip():
        add("family_name", Text(N_("Familienname: bitte eintragen.")))
    names = (
        ("family_name", Text(N_("Familienname")), data.family_name),
        ("given_names", Text(N_("Vorname(n)")), data.given_names),
    )
    for field, label, value in names:
        if len(value) > MAX_NAME_LENGTH:
            add(field, Text(N_("{label}: höchstens {limit} Zeichen."), label=label, limit=MAX_NAME_LENGTH))
    if data.birth_date is not None:
        if data.birth_date > today:
            add("birth_date", Text(N_("Geburtsdatum: darf nicht in der Zukunft liegen.")))
        elif _age_years(data.birth_date, today) > 120:
            add("birth_date", Text(N_("Geburtsdatum: liegt mehr als 120 Jahre zurück.")))
    if data.municipality_id is None:
        add("municipality_id", Text(N_("Wohnort (Gemeinde): bitte aus der Liste wählen.")))
    if data.postcode and not valid_postcode(data.postcode):
        add("postcode", Text(N_("Postleitzahl: bitte genau fünf Ziffern eingeben.")))
    if data.phone and not valid_phone(data.phone):
        add("phone", Text(N_("Telefon: bitte nur Ziffern, Leerzeichen, +, /, - und Klammern (mindestens 6 Ziffern).")))
    if data.email and not valid_email(data.email):
        add("email", Text(N_("E-Mail: bitte in der Form name@beispiel.de eingeben.")))
    if data.school_years is not None and not 0 <= data.school_years <= 30:
        add("school_years", Text(N_("Schuljahre: zwischen 0 und 30.")))
    if data.placement_test_date is not None and data.placement_test_date > today:
        add("placement_test_date", Text(N_("Einstufungstest am: darf nicht in der Zukunft liegen.")))
    if data.recommended_module is not None and not 1 <= data.recommended_module <= 9:
        add("recommended_module", Text(N_("Empfohlenes Modul: zwischen 1 und 9.")))
    if data.max_travel_minutes is not None and data.max_travel_minutes < 0:
        add("max_travel_minutes", Text(N_("Längste Fahrzeit: darf nicht negativ sein.")))
    if data.first_contact_on is not None and data.first_contact_on > today:
        add("first_contact_on", Text(N_("Erstkontakt am: darf nicht in der Zukunft liegen.")))
    permission = data.permission
    if permission is not None:
        if permission.issued_on is not None and permission.issued_on > today:
            add("permission.issued_on", Text(N_("Ausgestellt am: darf nicht in der Zukunft liegen.")))
        if (
            permission.issued_on is not None
            and permission.expires_on is not None
            and permission.expires_on < permission.issued_on
        ):
            add("permission.expires_on", Text(N_("Gültig bis: darf nicht vor dem Ausstellungsdatum liegen.")))
        registered = permission.registered_with_provider_on
        if registered is not None and registered > today:
            add(
                "permission.registered_with_provider_on",
                Text(N_("Beim Kursträger angemeldet am: nicht in der Zukunft.")),
            )
    for index, child in enumerate(data.children):
        name = f"children.{index}.birth_date"
        label = Text(N_("Kind {number}, Geburtsdatum"), number=index + 1)
        if child.birth_date is None:
            add(name, Text(N_("{label}: bitte eintragen."), label=label))
        elif child.birth_date > today:
            add(name, Text(N_("{label}: darf nicht in der Zukunft liegen."), label=label))
        elif child.needs_care and _age_years(child.birth_date, today) >= CHILDCARE_MAX_AGE_YEARS:
            add(
                name,
                Text(
                    N_("{label}: Kinderbetreuung nur für Kinder unter {years} Jahren."),
                    label=label,
                    years=CHILDCARE_MAX_AGE_YEARS,
                ),
            )
        elif data.birth_date is not None and child.birth_date <= data.birth_date:
            add(name, Text(N_("{label}: muss nach dem Geburtsdatum der Person liegen."), label=label))
    for weekday, _part in data.availability:
        if not 0 <= weekday <= 5:
            add("availability", Text(N_("Erreichbarkeit: nur Montag bis Samstag.")))
            break
    return errors


def check_person(data: PersonInput, today: date) -> None:
    """Raise ValidationFailed listing every problem of the person form."""
    errors = person_errors(data, today)
    if errors:
        raise ValidationFailed(errors)


def session_errors(data: SessionInput, now: datetime) -> list[FieldError]:
    """Every problem of the session form."""
    errors: list[FieldError] = []
    if data.held_at > now + timedelta(days=1):
        errors.append(FieldError("held_at", Text(N_("Datum und Uhrzeit: mehr als einen Tag in der Zukunft."))))
    if data.follow_up_on is not None and data.follow_up_on < data.held_at.date():
        errors.append(FieldError("follow_up_on", Text(N_("Wiedervorlage am: darf nicht vor dem Gespräch liegen."))))
    if data.follow_up_on is None and data.follow_up_assignee_id is not None:
        errors.append(FieldError("follow_up_on", Text(N_("Wiedervorlage am: bitte ein Datum wählen."))))
    if len(data.follow_up_note) > 500:
        errors.append(FieldError("follow_up_note", Text(N_("Notiz zur Wiedervorlage: höchstens 500 Zeichen."))))
    return errors


def check_session(data: SessionInput, now: datetime) -> None:
    """Raise ValidationFailed listing every problem of the session form."""
    errors = session_errors(data, now)
    if errors:
        raise ValidationFailed(errors)
