"""The access-request report (Art. 15 GDPR): its data shape and the PDF listing every record held on a person."""

import io
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from kim_desktop.documents.access_request_labels import PlainValue, field_label, shown, value_text
from kim_desktop.documents.fonts import LATIN, register_fonts
from kim_desktop.documents.letter_texts import GERMAN, load_letter_texts
from kim_desktop.documents.typesetting import Typesetter, ltr_paragraph


@dataclass(frozen=True)
class AccessField:
    """One stored value: the column's stable key and its value in plain JSON terms (dates as ISO text)."""

    key: str
    value: PlainValue


@dataclass(frozen=True)
class AccessRecord:
    """One stored row."""

    fields: tuple[AccessField, ...]


@dataclass(frozen=True)
class AccessSection:
    """All rows of one kind (the key is the table's name) with a German heading."""

    key: str
    title: str
    records: tuple[AccessRecord, ...]


@dataclass(frozen=True)
class AccessReport:
    """Everything held about one person, as collected at one moment."""

    person_id: int
    person_name: str
    produced_at: datetime
    produced_by: str
    office: str
    sections: tuple[AccessSection, ...]
    language: str = "de"  # the person's: page 1 says in it what the German list is (where letter texts exist)


def label(key: str) -> str:
    """German label of a field key (never the key itself)."""
    return field_label(key)


def display(value: PlainValue, key: str = "") -> str:
    """A value as a reader expects it: codes in words, dates German, yes/no, a dash for nothing."""
    return value_text(key, value)


def _styles() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=LATIN.regular, fontSize=9, leading=11.5)
    title = ParagraphStyle("title", parent=base, fontName=LATIN.bold, fontSize=15, leading=19, spaceAfter=4 * mm)
    heading = ParagraphStyle("heading", parent=base, fontName=LATIN.bold, fontSize=11.5, leading=14,
                             spaceBefore=5 * mm, spaceAfter=2 * mm)  # fmt: skip
    small = ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#444444"))
    return base, title, heading, small


def _text(value: str, style: ParagraphStyle, bold: bool = False) -> Flowable:
    return ltr_paragraph(value, style, LATIN, bold)


def _record_table(record: AccessRecord, body: ParagraphStyle, width: float) -> Table:
    rows = [
        [_text(label(f.key), body, bold=True), _text(display(f.value, f.key), body)]
        for f in record.fields
        if shown(f.key)
    ]
    table = Table(rows, colWidths=[45 * mm, width - 45 * mm])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), LATIN.regular),  # else the table's own text state is Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, -1), (-1, -1), 0.5, colors.HexColor("#999999")),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))  # fmt: skip
    return table


def _in_the_persons_language(language: str) -> list[Flowable]:
    """What this document is and the person's rights, in their language, if there are letter texts for it."""
    texts = load_letter_texts(language) if language != GERMAN else None
    if texts is None:
        return []
    typesetter = Typesetter.for_language(language)
    return [
        Spacer(1, 5 * mm),
        typesetter.paragraph(texts.text("access.title"), bold=True, size=11.5),
        typesetter.paragraph(texts.text("access.intro"), size=9.5),
        typesetter.paragraph(texts.text("access.rights"), size=9.5),
    ]


def render_access_request_pdf(report: AccessReport) -> bytes:
    """The report as a PDF: a cover text, then every section with every stored record."""
    register_fonts()
    body, title, heading, small = _styles()
    out = io.BytesIO()
    margins = {"leftMargin": 20 * mm, "rightMargin": 20 * mm, "topMargin": 18 * mm, "bottomMargin": 18 * mm}
    doc = SimpleDocTemplate(out, pagesize=A4, title="Auskunft nach Art. 15 DSGVO", author=report.office,
                            lang="de", initialFontName=LATIN.regular, **margins)  # fmt: skip
    width = A4[0] - 40 * mm
    story: list[Flowable] = [
        _text("Auskunft nach Art. 15 DSGVO", title, bold=True),
        _text(f"Über: {report.person_name} (Nr. {report.person_id})", body, bold=True),
        _text(
            f"Erstellt am {report.produced_at:%d.%m.%Y %H:%M} von {report.produced_by}"
            + (f", {report.office}" if report.office else ""),
            body,
        ),
        Spacer(1, 3 * mm),
        _text(
            "Diese Auskunft enthält alle Daten, die zum Zeitpunkt der Erstellung in KIM Desktop über die genannte "
            "Person gespeichert sind, nach Art der Daten geordnet. Zweck der Verarbeitung: Beratung und Vermittlung "
            "in Integrationskurse. Empfänger sind nur die Partner, für die eine Einwilligung vorliegt (Abschnitt "
            "Einwilligungen). Sie haben das Recht auf Berichtigung, Löschung, Einschränkung der Verarbeitung und "
            "Beschwerde bei der Aufsichtsbehörde. Die gleichen Daten liegen als Datei (JSON) bei, die ein Computer "
            "lesen kann.",
            small,
        ),
        *_in_the_persons_language(report.language),
    ]
    for section in report.sections:
        count = len(section.records)
        head = _text(f"{section.title} ({count})", heading, bold=True)
        if not section.records:
            story.append(KeepTogether([head, _text("Keine Einträge.", body)]))
            continue
        tables = [_record_table(r, body, width) for r in section.records]
        # A long record (the person's own data) may start on a page that has room for its first rows only.
        story.extend([head, tables[0]] if len(section.records[0].fields) > 25 else [KeepTogether([head, tables[0]])])
        for table in tables[1:]:
            story.extend([Spacer(1, 2 * mm), table])

    def footer(canvas: object, document: SimpleDocTemplate) -> None:
        canvas.setFont(LATIN.regular, 7.5)  # type: ignore[attr-defined]
        canvas.drawString(20 * mm, 10 * mm, f"Auskunft Art. 15 DSGVO – Nr. {report.person_id}")  # type: ignore[attr-defined]
        canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, f"Seite {document.page}")  # type: ignore[attr-defined]

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
