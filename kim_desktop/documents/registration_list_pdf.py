"""The registration list (Anmeldeliste) of one course for its provider: an A4 landscape table as PDF."""

from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, LongTable, SimpleDocTemplate, Spacer, TableStyle

from kim_desktop.documents.fonts import LATIN, register_fonts
from kim_desktop.documents.formatting import format_date
from kim_desktop.documents.registration_list_data import HEADERS, RegistrationList, entry_cells
from kim_desktop.documents.table_columns import fitting_widths
from kim_desktop.documents.typesetting import ltr_paragraph

_WIDTHS_MM = (9, 40, 24, 48, 27, 30, 27, 16, 28, 22)  # 271 mm of the 273 mm between the margins


def _styles() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    body = ParagraphStyle("cell", fontName=LATIN.regular, fontSize=8, leading=10)
    head = ParagraphStyle("head", parent=body, fontName=LATIN.bold)
    title = ParagraphStyle("title", parent=body, fontName=LATIN.bold, fontSize=14, leading=18)
    text = ParagraphStyle("text", parent=body, fontSize=9.5, leading=12.5)
    return body, head, title, text


def _para(value: str, style: ParagraphStyle, bold: bool = False) -> Flowable:
    return ltr_paragraph(value, style, LATIN, bold)


def render_registration_list(data: RegistrationList) -> bytes:
    """The list as PDF bytes; long values wrap inside their cells, the header row repeats on every page."""
    register_fonts()
    body, head, title, text = _styles()
    out = BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=14 * mm,
        title=f"Anmeldeliste {data.course}",
        author=data.office,
        lang="de",
        initialFontName=LATIN.regular,
    )
    cells = [(str(number), *entry_cells(entry)) for number, entry in enumerate(data.entries, start=1)]
    rows = [[_para(h, head, bold=True) for h in HEADERS]]
    rows += [[_para(cell, body) for cell in row] for row in cells]
    if not data.entries:
        rows.append([_para("–", body), _para("Keine Person mit Einwilligung zur Weitergabe.", body)] + [""] * 8)
    # No heading, phone or file number breaks mid-word: columns widen for their longest word.
    widths = fitting_widths(HEADERS, cells, [w * mm for w in _WIDTHS_MM], body.fontSize)
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), LATIN.regular),  # else the table's own text state is Helvetica
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f7f7f7")]),
            ]
        )
    )
    story = [
        _para(f"Anmeldeliste: {data.course}", title, bold=True),
        _para(f"für {data.provider} · {data.course_details}", text),
        _para(
            f"von {data.office}{', ' + data.advisor if data.advisor else ''} · Stand {format_date(data.created_on)}",
            text,
        ),
        Spacer(1, 4 * mm),
        table,
    ]
    if data.withheld_text:
        story += [Spacer(1, 3 * mm), _para(data.withheld_text, text)]
    story += [
        Spacer(1, 3 * mm),
        _para(
            "Aufgeführt sind nur Personen, die eingewilligt haben, dass diese Daten für die Anmeldung an diesen "
            "Kursträger gehen. Bitte vertraulich behandeln und nach der Anmeldung nicht länger als nötig aufbewahren.",
            text,
        ),
    ]

    def footer(canvas: object, document: object) -> None:
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont(LATIN.regular, 8)  # type: ignore[attr-defined]
        page = canvas.getPageNumber()  # type: ignore[attr-defined]
        canvas.drawRightString(landscape(A4)[0] - 12 * mm, 8 * mm, f"Seite {page}")  # type: ignore[attr-defined]
        canvas.restoreState()  # type: ignore[attr-defined]

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
