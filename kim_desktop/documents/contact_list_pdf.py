"""The printable contact list of the partner directory: an A4 table, one block of rows per organisation."""

from dataclasses import dataclass
from datetime import date
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus.flowables import Flowable

from kim_desktop.documents.fonts import LATIN, register_fonts
from kim_desktop.documents.formatting import format_date
from kim_desktop.documents.table_columns import fitting_widths
from kim_desktop.documents.typesetting import ltr_paragraph

HEADERS = ("Organisation", "Ansprechperson", "Funktion", "Telefon", "E-Mail")
_WIDTHS_MM = (58, 36, 30, 28, 34)  # 186 mm between the 12 mm margins


@dataclass(frozen=True)
class ContactLine:
    """A contact person's printed cells."""

    name: str
    role: str
    phone: str
    email: str


@dataclass(frozen=True)
class OrganisationBlock:
    """An organisation: its name, lines under the name (kind, address, phone) and its contact persons."""

    name: str
    details: tuple[str, ...]
    contacts: tuple[ContactLine, ...]


@dataclass(frozen=True)
class ContactList:
    """Everything the list prints."""

    office: str
    created_on: date
    organisations: tuple[OrganisationBlock, ...]
    subtitle: str = ""


def _para(value: str, style: ParagraphStyle, bold: bool = False) -> Flowable:
    return ltr_paragraph(value, style, LATIN, bold)


def _org_cell(block: OrganisationBlock, body: ParagraphStyle, small: ParagraphStyle) -> list[Flowable]:
    return [_para(block.name, body, bold=True), *(_para(line, small) for line in block.details if line)]


def render_contact_list(data: ContactList) -> bytes:
    """The list as PDF bytes; every user-supplied text is escaped and printed literally."""
    register_fonts()
    body = ParagraphStyle("cell", fontName=LATIN.regular, fontSize=8.5, leading=10.5)
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=9, textColor=colors.HexColor("#444444"))
    head = ParagraphStyle("head", parent=body, fontName=LATIN.bold)
    title = ParagraphStyle("title", parent=body, fontName=LATIN.bold, fontSize=14, leading=18)
    out = BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=14 * mm,
        title="Kontaktliste Netzwerk", author=data.office, lang="de", initialFontName=LATIN.regular,
    )  # fmt: skip
    rows: list[list[object]] = [[_para(h, head, bold=True) for h in HEADERS]]
    spans: list[tuple[str, tuple[int, int], tuple[int, int]]] = []
    shading: list[tuple[str, tuple[int, int], tuple[int, int], object]] = []
    for number, block in enumerate(data.organisations):
        first = len(rows)
        contacts = block.contacts or (ContactLine("–", "", "", ""),)
        for index, c in enumerate(contacts):
            org = _org_cell(block, body, small) if index == 0 else ""
            rows.append([org, _para(c.name, body), _para(c.role, body), _para(c.phone, body), _para(c.email, body)])
        if len(contacts) > 1:
            spans.append(("SPAN", (0, first), (0, len(rows) - 1)))
        if number % 2:
            shading.append(("BACKGROUND", (0, first), (-1, len(rows) - 1), colors.HexColor("#f5f7fa")))
    if not data.organisations:
        rows.append([_para("Keine Partner gefunden.", body), "", "", "", ""])
    # No heading, phone number or e-mail address breaks mid-word: columns widen for their longest word.
    lines = [("", c.name, c.role, c.phone, c.email) for block in data.organisations for c in block.contacts]
    widths = fitting_widths(HEADERS, lines, [w * mm for w in _WIDTHS_MM], body.fontSize)
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), LATIN.regular),  # else the table's own text state is Helvetica
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                *spans,
                *shading,
            ]
        )
    )
    line = (
        f"{data.office} · Stand {format_date(data.created_on)}"
        if data.office
        else f"Stand {format_date(data.created_on)}"
    )
    story: list[Flowable] = [_para("Kontaktliste der Netzwerkpartner", title, bold=True), _para(line, body)]
    if data.subtitle:
        story.append(_para(data.subtitle, body))
    story += [Spacer(1, 4 * mm), table]

    def footer(canvas: object, document: object) -> None:
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont(LATIN.regular, 8)  # type: ignore[attr-defined]
        page = canvas.getPageNumber()  # type: ignore[attr-defined]
        canvas.drawRightString(A4[0] - 12 * mm, 8 * mm, f"Seite {page}")  # type: ignore[attr-defined]
        canvas.restoreState()  # type: ignore[attr-defined]

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
