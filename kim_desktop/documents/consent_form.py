"""The consent form (Einwilligung in die Weitergabe): German to sign, plus the person's language to understand."""

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from kim_desktop.documents.formatting import format_date
from kim_desktop.documents.letter_data import Advisor, Office, Person, RenderedLetter
from kim_desktop.documents.letter_layout import BODY_WIDTH, LetterFrame
from kim_desktop.documents.letter_sections import SectionWriter, render_bilingual
from kim_desktop.documents.letter_texts import GERMAN, LetterTexts, german_texts
from kim_desktop.documents.typesetting import SMALL_SIZE, Typesetter
from kim_desktop.domain.consent_scope import ConsentPurpose, DataCategory

SIGNATURE_GAP = 18 * mm


@dataclass(frozen=True)
class ConsentFormData:
    """Everything a consent form prints: who asks whom, for which purpose, which data, to which recipients."""

    office: Office
    advisor: Advisor
    person: Person
    purpose: ConsentPurpose
    data: tuple[DataCategory, ...]
    recipients: tuple[str, ...]
    language: str
    issue_date: date
    reference: str
    purpose_text: str = ""  # the advisor's words, printed as typed (marked as the German original)
    data_text: str = ""
    valid_until: date | None = None


def consent_values(data: ConsentFormData, texts: LetterTexts) -> dict[str, str]:
    """Every placeholder value the consent form's texts may use."""
    not_given = texts.text("labels.not_given")
    return {
        "full_name": data.person.full_name,
        "office_name": data.office.name or not_given,
        "advisor_name": data.advisor.name or data.office.department or data.office.name,  # never "ist ."
        "advisor_phone": data.advisor.phone or data.office.phone or not_given,
        "advisor_email": data.advisor.email or data.office.email or not_given,
        "opening_hours": data.office.opening_hours or not_given,
        "valid_until": format_date(data.valid_until) if data.valid_until else not_given,
    }


def _signature_lines(writer: SectionWriter) -> Flowable:
    """Two lines to write on, 'Ort, Datum' and 'Unterschrift' under them (German copy only)."""
    typesetter = writer.typesetter
    labels = [
        typesetter.paragraph(writer.text("consent.place_date"), size=SMALL_SIZE, space_after=0),
        "",
        typesetter.paragraph(writer.text("consent.signature"), size=SMALL_SIZE, space_after=0),
    ]
    widths = [BODY_WIDTH * 0.4, BODY_WIDTH * 0.1, BODY_WIDTH * 0.5]
    table = Table([labels], colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("LINEABOVE", (0, 0), (0, 0), 0.6, "black"),
                ("LINEABOVE", (2, 0), (2, 0), 0.6, "black"),
                ("FONTNAME", (0, 0), (-1, -1), typesetter.family.regular),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _as_typed(text: str, texts: LetterTexts) -> str:
    """Free text as the advisor typed it; in a translated part marked as the German original."""
    if not text or texts.language == GERMAN:
        return text
    return f"{text} ({texts.text('consent.german_original')})"


def consent_rows(data: ConsentFormData, texts: LetterTexts) -> list[tuple[str, str]]:
    """Label and value of each line of the details table, in the texts' language."""
    purpose = texts.text(f"consent_purposes.{data.purpose}")
    categories = [texts.text(f"data_categories.{category}") for category in data.data]
    until = (
        texts.text("consent.valid_until", consent_values(data, texts))
        if data.valid_until
        else texts.text("consent.valid_until_revoked")
    )
    return [
        (
            texts.text("consent.purpose_label"),
            "\n".join(p for p in (purpose, _as_typed(data.purpose_text, texts)) if p),
        ),
        (texts.text("consent.data_label"), "\n".join([*categories, _as_typed(data.data_text, texts)]).strip()),
        (texts.text("consent.recipients_label"), "\n".join(data.recipients)),
        (texts.text("consent.valid_label"), until),
    ]


def _consent_section(data: ConsentFormData, texts: LetterTexts, typesetter: Typesetter) -> list[Flowable]:
    writer = SectionWriter(texts, typesetter, consent_values(data, texts))
    rows = consent_rows(data, texts)
    story = [
        *writer.opening("consent.subject", "consent.intro"),
        writer.heading("consent.details_heading", typesetter.field_table(rows, BODY_WIDTH)),
        writer.paragraph("consent.voluntary"),
        writer.paragraph("consent.revoke"),
        writer.paragraph("consent.rights", space_after=8),
    ]
    declaration = writer.paragraph("consent.declaration", bold=True, space_after=6)
    if texts.language == GERMAN:
        story.append(KeepTogether([declaration, Spacer(1, SIGNATURE_GAP), _signature_lines(writer)]))
    else:
        story += [declaration, writer.paragraph("consent.sign_on_german", bold=True)]
    return story


def render_consent_form(data: ConsentFormData) -> RenderedLetter:
    """The consent form as A4 PDF: German (signed), then the person's language if texts exist for it."""
    german = german_texts()
    frame = LetterFrame(
        office=data.office,
        advisor=data.advisor,
        person=data.person,
        issue_date=data.issue_date,
        reference=data.reference,
        title=german.text("consent.subject"),
        german=german,
    )
    return render_bilingual(frame, data.language, lambda texts, typesetter: _consent_section(data, texts, typesetter))
