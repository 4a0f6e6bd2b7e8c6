"""The invitation to a counselling appointment (Einladung zum Beratungstermin), German plus the person's language."""

from reportlab.platypus import Flowable

from kim_desktop.documents.formatting import format_date, format_time
from kim_desktop.documents.letter_data import AppointmentLetterData, RenderedLetter
from kim_desktop.documents.letter_facts import as_typed, interpreter_language_text, opening_hours_text
from kim_desktop.documents.letter_layout import LetterFrame
from kim_desktop.documents.letter_sections import SectionWriter, render_bilingual
from kim_desktop.documents.letter_texts import LetterTexts, german_texts
from kim_desktop.documents.typesetting import Typesetter


def appointment_values(data: AppointmentLetterData, texts: LetterTexts) -> dict[str, str]:
    """Every placeholder value the appointment letter's texts may use."""
    not_given = texts.text("labels.not_given")
    return {
        "full_name": data.person.full_name,
        "transit_notes": as_typed(texts, data.transit_notes),
        "interpreter_language": interpreter_language_text(
            texts, data.interpreter_language_code, data.interpreter_language
        ),
        "advisor_name": data.advisor.name or data.office.department or data.office.name,  # never "ist ."
        "advisor_phone": data.advisor.phone or data.office.phone or not_given,
        "advisor_email": data.advisor.email or data.office.email or not_given,
        "opening_hours": opening_hours_text(texts, data.office.opening_hours, data.office.opening_times) or not_given,
    }


def _appointment_section(data: AppointmentLetterData, texts: LetterTexts, typesetter: Typesetter) -> list[Flowable]:
    writer = SectionWriter(texts, typesetter, appointment_values(data, texts))
    place = "\n".join(part for part in (data.place_name, data.place_address) if part)
    rows = [
        ("appointment_date", format_date(data.appointment_date)),
        ("appointment_time", format_time(data.appointment_time)),
        ("place", place),
    ]
    if data.room:
        rows.append(("room", as_typed(texts, data.room)))  # typed by the advisor ("Raum 214, 2. Stock")
    story = [
        *writer.opening("appointment.subject", "appointment.intro"),
        writer.heading("appointment.when_heading", writer.fields(rows)),
    ]
    if data.transit_notes.strip():
        story.append(writer.paragraph("appointment.transit"))
    story += [
        writer.paragraph("appointment.bring_heading", space_after=2),
        writer.bullets(
            [
                "bring.passport",
                "bring.residence_title",
                "bring.permission",
                "bring.benefit_notice",
                "bring.certificates",
                "bring.this_letter",
            ]
        ),
    ]
    interpreter = (
        "appointment.interpreter_arranged" if data.interpreter_language.strip() else "appointment.interpreter_ask"
    )
    story += [writer.paragraph(interpreter), writer.paragraph("appointment.cancel", bold=True)]
    return [*story, *writer.contact_and_closing(data.advisor, data.office)]


def render_appointment_letter(data: AppointmentLetterData) -> RenderedLetter:
    """The appointment letter as A4 PDF: German, then the person's language if texts exist for it."""
    german = german_texts()
    frame = LetterFrame(
        office=data.office,
        advisor=data.advisor,
        person=data.person,
        issue_date=data.issue_date,
        reference=data.reference,
        title=german.text("appointment.subject"),
        german=german,
    )
    return render_bilingual(
        frame, data.language, lambda texts, typesetter: _appointment_section(data, texts, typesetter)
    )
