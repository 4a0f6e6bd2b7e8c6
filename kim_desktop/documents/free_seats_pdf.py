"""The printable "Freie Kursplätze" sheet (reportlab, imported only when a sheet is made)."""

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from kim_desktop.documents.fonts import LATIN, register_fonts
from kim_desktop.documents.table_columns import fitting_widths
from kim_desktop.documents.typesetting import ltr_paragraph


@dataclass(frozen=True)
class FreeSeatLine:
    """One course with free seats, as the notice-board sheet shows it."""

    course_type: str
    provider: str
    location: str
    address: str
    start: date
    schedule: str
    module: int
    free: int
    max_seats: int
    childcare: str
    deadline: date | None


@dataclass(frozen=True)
class FreeSeatsSheet:
    """The sheet: a title, the office that issues it, the moment the seats were counted, the lines."""

    title: str
    issuer: str
    counted_at: datetime
    lines: tuple[FreeSeatLine, ...]


def write_free_seats_pdf(path: Path, sheet: FreeSeatsSheet) -> None:
    """Write the sheet as an A4 landscape PDF with a repeated table header and page numbers."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table, TableStyle

    register_fonts()
    # The embedded Noto fonts: place names such as "Ağrı", Cyrillic or Arabic ones print, never as boxes.
    cell = ParagraphStyle("cell", fontName=LATIN.regular, fontSize=8.5, leading=10.5)
    head = ParagraphStyle("head", parent=cell, fontName=LATIN.bold, textColor=colors.white)
    big = ParagraphStyle("free", parent=cell, fontName=LATIN.bold, fontSize=12, leading=14)
    title = ParagraphStyle("title", parent=cell, fontName=LATIN.bold, fontSize=17, leading=22, spaceAfter=2 * mm)
    normal = ParagraphStyle("normal", parent=cell, fontSize=10, leading=13)

    def p(text: str, style: ParagraphStyle = cell) -> Flowable:
        return ltr_paragraph(text, style, LATIN, bold=style.fontName == LATIN.bold)

    header = ["Kursart", "Träger und Kursort", "Beginn", "Tage und Zeiten", "Modul", "Frei", "Kinderbetreuung",
              "Anmeldung bis"]  # fmt: skip
    texts = [
        (
            line.course_type,
            f"{line.provider}\n{line.location}\n{line.address}",
            f"{line.start:%d.%m.%Y}",
            line.schedule,
            str(line.module),
            f"{line.free} von {line.max_seats}",
            line.childcare,
            f"{line.deadline:%d.%m.%Y}" if line.deadline else "–",
        )
        for line in sheet.lines
    ]
    data: list[list[Flowable]] = [[p(h, head) for h in header]]
    for line, row in zip(sheet.lines, texts, strict=True):
        data.append([p(text, big if column == 5 and line.free else cell) for column, text in enumerate(row)])
    preferred = [42 * mm, 63 * mm, 20 * mm, 38 * mm, 16 * mm, 28 * mm, 34 * mm, 24 * mm]
    # No heading or date breaks mid-word ("Kinderbetreuun|g"): columns widen for their longest word.
    widths = fitting_widths(header, texts, preferred, cell.fontSize)
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f4e79")),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#eef3f8")]),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), LATIN.regular),  # else the table's own text state is Helvetica
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#b0b8c0")),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    counted = f"Stand: {sheet.counted_at:%d.%m.%Y, %H:%M} Uhr"

    def footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(LATIN.regular, 8)
        canvas.drawString(15 * mm, 10 * mm, f"{sheet.issuer} · {counted}")
        canvas.drawRightString(landscape(A4)[0] - 15 * mm, 10 * mm, f"Seite {doc.page}")
        canvas.restoreState()

    intro = (
        f"{len(sheet.lines)} Kurse mit freien Plätzen. Frei = Plätze abzüglich Anmeldungen und gültiger "
        "Reservierungen. Vermittlung über die Beratungsstellen des Netzwerks."
        if sheet.lines
        else "Zurzeit sind keine Kursplätze frei."
    )
    story = [
        p(sheet.title, title),
        p(f"{sheet.issuer} – {counted}", normal),
        Spacer(1, 3 * mm),
        p(intro, normal),
        Spacer(1, 4 * mm),
        table,
    ]
    doc = SimpleDocTemplate(
        str(path),
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=sheet.title,
        author=sheet.issuer,
        lang="de",
        initialFontName=LATIN.regular,
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
