"""Invitations to a counselling appointment (Einladung zum Beratungstermin): defaults, render, record."""

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy.orm import Session

from kim_desktop.db.models import Person
from kim_desktop.documents import letter_data as ld
from kim_desktop.domain.access import Action, Actor
from kim_desktop.domain.enums import DocumentKind
from kim_desktop.domain.errors import NotFound
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.audit import check_if_signed_in
from kim_desktop.services.document_language import checked_language, document_language, letter_language_of
from kim_desktop.services.issued_documents import IssuedPdf, record_issued
from kim_desktop.services.letterhead import addressee, office_letterhead, signing_advisor
from kim_desktop.services.letters import join_parts, text_version_of
from kim_desktop.settings import OfficeProfile


@dataclass(frozen=True)
class AppointmentRequest:
    """What the desk fills in for an invitation; an empty place means the office (name and address)."""

    appointment_date: date
    appointment_time: time
    place_name: str = ""
    place_address: str = ""
    room: str = ""
    transit_notes: str = ""
    interpreter_language: str = ""


def _appointment_data(
    session: Session,
    person: Person,
    appointment: AppointmentRequest,
    office: OfficeProfile,
    advisor_id: int | None,
    language: str,
    issue_date: date,
) -> ld.AppointmentLetterData:
    letterhead = office_letterhead(office)
    office_address = join_parts(letterhead.street, join_parts(letterhead.postcode, letterhead.city, sep=" "))
    custom_place = bool(appointment.place_name.strip() or appointment.place_address.strip())
    return ld.AppointmentLetterData(
        office=letterhead,
        advisor=signing_advisor(session, advisor_id),
        person=addressee(person),
        appointment_date=appointment.appointment_date,
        appointment_time=appointment.appointment_time,
        place_name=appointment.place_name.strip() if custom_place else letterhead.name,
        place_address=appointment.place_address.strip() if custom_place else office_address,
        room=appointment.room.strip(),
        transit_notes=appointment.transit_notes.strip(),
        interpreter_language=appointment.interpreter_language.strip(),
        interpreter_language_code=interpreter_language_code(appointment.interpreter_language),
        language=language,
        issue_date=issue_date,
        reference=f"P-{person.id}",
    )


def appointment_letter(
    session: Session,
    person_id: int,
    appointment: AppointmentRequest,
    office: OfficeProfile,
    advisor_id: int | None = None,
    language: str | None = None,
    record: bool = True,
    *,
    actor: Actor | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> IssuedPdf:
    """Render a person's invitation to a counselling appointment and, with record=True, record it as issued.

    The second language is the one asked for (refused if it has no letter texts), else the person's letter
    language, else their first language; a stored language without letter texts gives a German-only letter
    (recorded as 'de').
    """
    from kim_desktop.documents.appointment_letter import render_appointment_letter  # reportlab: only when needed

    check_if_signed_in(actor, Action.PRINT_LETTERS)
    advisor_id = actor.advisor_id if actor is not None else advisor_id
    language = checked_language(language)
    now = now or datetime.now().replace(microsecond=0)
    today = today or now.date()
    with session.begin():
        person = session.get(Person, person_id)
        if person is None:
            raise NotFound(Text(N_("Person {person_id} gibt es nicht (mehr)."), person_id=person_id))
        wanted = document_language(person, language)
        data = _appointment_data(session, person, appointment, office, advisor_id, wanted, today)
        rendered = render_appointment_letter(data)
        printed = rendered.languages[-1]
        version = text_version_of(rendered, printed)
        document_id = None
        if record:
            document_id = record_issued(session, actor, DocumentKind.APPOINTMENT_LETTER, person_id, printed, version,
                                        now, issued_by_id=advisor_id)  # fmt: skip
        return IssuedPdf(DocumentKind.APPOINTMENT_LETTER, person_id, rendered.pdf, printed, version, today, document_id)


# German names of the languages people at the desk speak most, for the interpreter line of an invitation.
INTERPRETER_LANGUAGES = {
    "am": "Amharisch",
    "ar": "Arabisch",
    "bg": "Bulgarisch",
    "ckb": "Kurdisch (Sorani)",
    "en": "Englisch",
    "es": "Spanisch",
    "fa": "Persisch (Farsi)",
    "fr": "Französisch",
    "hy": "Armenisch",
    "ka": "Georgisch",
    "ku": "Kurdisch",
    "kmr": "Kurdisch (Kurmandschi)",
    "pl": "Polnisch",
    "prs": "Dari",
    "ps": "Paschtu",
    "ro": "Rumänisch",
    "ru": "Russisch",
    "so": "Somali",
    "sq": "Albanisch",
    "ti": "Tigrinya",
    "tr": "Türkisch",
    "uk": "Ukrainisch",
    "ur": "Urdu",
    "vi": "Vietnamesisch",
    "zh": "Chinesisch",
}


def interpreter_language_code(typed: str) -> str:
    """The code of a language typed as its German name or as a code ("Arabisch", "ar"); "" if it is neither."""
    wanted = " ".join(typed.split()).casefold()
    if wanted in INTERPRETER_LANGUAGES:
        return wanted
    return next((code for code, name in INTERPRETER_LANGUAGES.items() if name.casefold() == wanted), "")


@dataclass(frozen=True)
class AppointmentDefaults:
    """What the invitation form starts with for a person."""

    display_name: str
    letter_language: str
    interpreter_language: str  # German name of the first language when an interpreter is needed, else ""


def appointment_defaults(session: Session, person_id: int, *, actor: Actor | None = None) -> AppointmentDefaults:
    """The person's name, letter language and (if an interpreter is needed) the interpreter's language."""
    check_if_signed_in(actor, Action.PRINT_LETTERS)
    with session.begin():
        person = session.get(Person, person_id)
        if person is None:
            raise NotFound(Text(N_("Person {person_id} gibt es nicht (mehr)."), person_id=person_id))
        first = (person.first_language or "").strip()
        interpreter = INTERPRETER_LANGUAGES.get(first.lower(), first) if person.interpreter_needed else ""
        name = ", ".join(part for part in (person.family_name, person.given_names) if part)
        return AppointmentDefaults(name, letter_language_of(person), interpreter)
