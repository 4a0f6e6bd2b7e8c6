"""The one builder of list documents (registration list, contact list, free seats): a title, one table, notes.

Every list prints the same way: the embedded fonts on the one text path (any script, escaped), a header row that
repeats on every page, columns widened for their longest word so no heading, phone number or e-mail address
breaks mid-word, a document title and language, page numbers in the footer.
"""

from collections.abc import Sequence
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, LongTable, SimpleDocTemplate, Spacer, TableStyle

from kim_desktop.documents.fonts import LATIN, register_fonts
from kim_desktop.documents.table_columns import fitting_widths
from kim_desktop.documents.table_document import Cell, CellValue, TableDocument
from kim_desktop.documents.typesetting import ltr_paragraph

LIGHT_HEADER = colors.HexColor("#e8edf3")
DARK_HEADER = colors.HexColor("#1f4e79")
STRIPE = colors.HexColor("#f5f7fa")


def _text(cell: CellValue) -> str:
    return cell.text() if isinstance(cell, Cell) else cell


def render_table_document(document: TableDocument) -> bytes:
    """The list as PDF bytes."""
    register_fonts()
    size = document.size
    body = ParagraphStyle("cell", fontName=LATIN.regular, fontSize=size, leading=size + 2.5)
    small = ParagraphStyle("small", parent=body, fontSize=size - 1, leading=size + 1.5,
                           textColor=colors.HexColor("#444444"))  # fmt: skip
    large = ParagraphStyle("large", parent=body, fontName=LATIN.bold, fontSize=size + 3.5, leading=size + 5.5)
    head = ParagraphStyle("head", parent=body, fontName=LATIN.bold,
                          textColor=colors.white if document.dark_header else colors.black)  # fmt: skip
    title = ParagraphStyle("title", parent=body, fontName=LATIN.bold, fontSize=14, leading=18)
    text = ParagraphStyle("text", parent=body, fontSize=9.5, leading=12.5)

    def para(value: str, style: ParagraphStyle, bold: bool = False) -> Flowable:
        return ltr_paragraph(value, style, LATIN, bold or style.fontName == LATIN.bold)

    def cell(value: CellValue) -> Flowable | list[Flowable]:
        if isinstance(value, str):
            return para(value, body)
        if value.large:
            return para(value.text(), large, bold=True)
        first, *rest = value.lines or ("",)
        return [para(first, body, bold=value.bold_first), *(para(line, small) for line in rest if line)]

    page = landscape(A4) if document.wide else A4
    out = BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=page, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=14 * mm,
        title=document.metadata_title or document.title, author=document.author, lang="de",
        initialFontName=LATIN.regular,
    )  # fmt: skip
    texts = [tuple(_text(c) for c in row) for row in document.rows]
    rows: list[list[object]] = [[para(h, head, bold=True) for h in document.header]]
    rows += [[cell(c) for c in row] for row in document.rows]
    if not document.rows:
        rows.append([para(document.empty, body)] + [""] * (len(document.header) - 1))
    widths = fitting_widths(document.header, texts, [w * mm for w in document.preferred_mm], size)
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), LATIN.regular),  # else the table's own text state is Helvetica
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), DARK_HEADER if document.dark_header else LIGHT_HEADER),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *_shading(document),
        *([("SPAN", (0, 1), (-1, 1))] if not document.rows else []),  # the "nothing here" line spans the table
    ]))  # fmt: skip
    story: list[Flowable] = [para(document.title, title, bold=True), *(para(line, text) for line in document.lines)]
    story += [Spacer(1, 4 * mm), table]
    for note in document.notes:
        story += [Spacer(1, 3 * mm), para(note, text)]

    def footer(canvas: Canvas, _doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(LATIN.regular, 8)
        if document.footer:
            canvas.drawString(12 * mm, 8 * mm, document.footer)
        canvas.drawRightString(page[0] - 12 * mm, 8 * mm, f"Seite {canvas.getPageNumber()}")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def _shading(document: TableDocument) -> Sequence[tuple[object, ...]]:
    """Alternate rows shaded; with groups, alternate blocks shaded and each block's first cell spanning it."""
    if not document.groups:
        return [("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, STRIPE])]
    styles: list[tuple[object, ...]] = []
    first = 1
    for number, count in enumerate(document.groups):
        last = first + count - 1
        if count > 1:
            styles.append(("SPAN", (0, first), (0, last)))
        if number % 2:
            styles.append(("BACKGROUND", (0, first), (-1, last), STRIPE))
        first = last + 1
    return styles
