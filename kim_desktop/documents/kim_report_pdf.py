"""The KIM report as a PDF: every section with its tables and bar charts drawn by reportlab.graphics."""

import io
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from kim_desktop.documents.fonts import LATIN, register_fonts
from kim_desktop.documents.kim_report_tables import (
    Chart,
    Section,
    Table,
    report_heading,
    report_sections,
    unfinished_note,
)
from kim_desktop.documents.text import prints_plain, visual_runs
from kim_desktop.documents.typesetting import ltr_paragraph
from kim_desktop.domain.report_figures import SUPPRESSED, KimReport
from kim_desktop.i18n import _, ngettext
from kim_desktop.whole_files import write_whole

ACCENT = colors.HexColor("#1f5f8b")
FRAME_WIDTH = A4[0] - 36 * mm - 12  # the frame's own padding
MAX_BARS = 20
PADDING = 4  # left and right in a table cell


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=LATIN.regular, fontSize=9, leading=12)
    return {
        "title": ParagraphStyle("title", base, fontName=LATIN.bold, fontSize=16, leading=20, spaceAfter=4),
        "sub": ParagraphStyle("sub", base, textColor=colors.HexColor("#444444"), spaceAfter=8),
        "h1": ParagraphStyle(
            "h1", base, fontName=LATIN.bold, fontSize=13, leading=16, textColor=ACCENT, spaceBefore=10, spaceAfter=4
        ),
        "h2": ParagraphStyle("h2", base, fontName=LATIN.bold, fontSize=10, leading=13, spaceBefore=6, spaceAfter=2),
        "body": base,
        "warning": ParagraphStyle(
            "warning",
            base,
            fontName=LATIN.bold,
            fontSize=10,
            leading=13,
            textColor=colors.HexColor("#a1260d"),
            spaceAfter=4,
        ),
        "cell": ParagraphStyle("cell", base, fontSize=8, leading=10),
        "num": ParagraphStyle("num", base, fontSize=8, leading=10, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", base, fontName=LATIN.bold, fontSize=7.5, leading=9.5, textColor=colors.white),
    }


def _p(text: str, style: ParagraphStyle) -> Flowable:
    """A paragraph on the one text path of all documents (escaped, shaped, fonts per script)."""
    return ltr_paragraph(text, style, LATIN, bold=style.fontName == LATIN.bold)


def _table(table: Table, styles: dict[str, ParagraphStyle]) -> Flowable:
    title = _p(table.title, styles["h2"])
    widths = _column_widths(table)

    wrapped: dict[tuple[str, int], str] = {}

    def cell(text: str, column: int) -> str | Paragraph:
        # Plain strings are much faster than paragraphs (a county prints thousands of course rows): a text wider
        # than its column is broken into lines at spaces here, once per text and column. A place name in another
        # script (Arabic, Ethiopic) takes the one text path of all documents: shaped, ordered, its own font.
        if not prints_plain(text, LATIN):
            return _p(text, styles["num" if column >= table.numeric_from else "cell"])
        if column >= table.numeric_from or len(text) * 4.0 <= widths[column] - 2 * PADDING:
            return text
        key = (text, column)
        if key not in wrapped:
            wrapped[key] = "\n".join(simpleSplit(text, LATIN.regular, 8, widths[column] - 2 * PADDING))
        return wrapped[key]

    data: list[list[str | Paragraph]] = [[_p(h, styles["head"]) for h in table.header]]
    data += [[cell(v, i) for i, v in enumerate(row)] for row in table.rows]
    if not table.rows:
        data.append([_p(_("keine Fälle im Zeitraum"), styles["cell"])] + [""] * (len(table.header) - 1))
    pdf_table = PdfTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    pdf_table.setStyle(
        TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), LATIN.regular),  # else the table's own text state is Helvetica
            ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#eef3f7")]),
            ("LINEBELOW", (0, -1), (-1, -1), 0.5, ACCENT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONT", (0, 1), (-1, -1), LATIN.regular, 8, 10),
            ("ALIGN", (table.numeric_from, 1), (-1, -1), "RIGHT"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ])
    )  # fmt: skip
    parts: list[Flowable] = [title, pdf_table]
    return KeepTogether(parts) if len(table.rows) < 12 else _Group(parts)


def _heading_width(text: str) -> float:
    """Room for a heading's longest word in the bold heading font, with the cell's padding."""
    return float(max(stringWidth(word, LATIN.bold, 7.5) for word in text.split() or [""])) + 2 * PADDING + 2


def _word_width(texts: list[str]) -> float:
    """Room for the longest word of a text column's cells."""
    words = {word for text in texts for word in text.split()}
    return float(max((stringWidth(word, LATIN.regular, 8) for word in words), default=0)) + 2 * PADDING + 2


def _column_widths(table: Table) -> list[float]:
    """Figures get the width of their heading's longest word; text columns share the rest by their longest entry.

    No heading breaks inside a word ("Kursbeginn|e"), and the table never runs past the right margin: when the
    text columns' longest words do not fit, they are narrowed (their cells wrap).
    """
    count = len(table.header)
    if count == 2:
        return [FRAME_WIDTH * 0.6, FRAME_WIDTH * 0.2]
    numeric = [max(_heading_width(h), 9 * mm) for h in table.header[table.numeric_from :]]
    text_columns = range(table.numeric_from)
    cells = [[*(row[i] for row in table.rows)] for i in text_columns]
    minimum = [max(_heading_width(table.header[i]), _word_width(cells[i])) for i in text_columns]
    weights = [min(40, max((len(text) for text in column), default=1)) or 1 for column in cells]
    free = FRAME_WIDTH - sum(numeric) - sum(minimum)
    if free < 0:
        shrink = (FRAME_WIDTH - sum(numeric)) / sum(minimum)
        return [m * shrink for m in minimum] + numeric
    return [m + free * w / sum(weights) for m, w in zip(minimum, weights, strict=True)] + numeric


class _Group(list[Flowable]):
    """Flowables that may break across pages."""


def _empty_text(chart: Chart) -> str:
    if not chart.left_out:
        return _("keine Daten")
    return ngettext(
        "keine Daten zu zeigen: {n} Wert geheim gehalten",
        "keine Daten zu zeigen: {n} Werte geheim gehalten",
        chart.left_out,
    ).format(n=chart.left_out)


def nice_step(top: float, ticks: int = 6) -> int:
    """A tick step of 1, 2 or 5 times a power of ten giving at most `ticks` steps up to top."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if top / (factor * magnitude) <= ticks:
                return factor * magnitude
        magnitude *= 10


def bar_chart(chart: Chart) -> Drawing:
    """A horizontal bar chart of the chart's bars (labels left, values at the bar ends); "keine Daten" without bars."""
    title = chart.title
    if not chart.bars:  # no axis: an empty one reads "0 0 0 1 1 1"
        drawing = Drawing(FRAME_WIDTH, 34)
        drawing.initialFontName = LATIN.regular  # else the renderer starts in Helvetica (not embedded)
        drawing.add(String(0, 22, title, fontName=LATIN.bold, fontSize=9))
        drawing.add(String(8, 6, _empty_text(chart), fontName=LATIN.regular, fontSize=8, fillColor=colors.grey))
        return drawing
    bars = chart.bars
    if len(bars) > MAX_BARS:  # a county has many places and providers: show the largest
        keep = sorted(bars, key=lambda bar: -bar[1])[:MAX_BARS]
        bars = tuple(bar for bar in bars if bar in keep)[:MAX_BARS]
        title += " " + _("(die {n} größten Werte)").format(n=MAX_BARS)
    height = 28 + 16 * len(bars)
    drawing = Drawing(FRAME_WIDTH, height + 18)
    drawing.initialFontName = LATIN.regular  # else the renderer starts in Helvetica (not embedded)
    drawing.add(String(0, height + 6, title, fontName=LATIN.bold, fontSize=9))
    plot = HorizontalBarChart()
    plot.x, plot.y = 170, 16
    plot.width, plot.height = FRAME_WIDTH - 210, height - 24
    plot.data = [[value for _label, value in reversed(bars)]]
    # The labels are drawn below as font runs: a place name in Arabic or Ethiopic script needs its own font.
    plot.categoryAxis.categoryNames = ["" for _bar in bars]
    plot.categoryAxis.labels.fontName = LATIN.regular  # the empty labels still set a font
    plot.valueAxis.valueMin = 0
    plot.valueAxis.valueMax = max(1.0, max(v for _l, v in bars) * 1.15)
    plot.valueAxis.valueStep = nice_step(plot.valueAxis.valueMax)  # whole numbers, none twice
    plot.valueAxis.labels.fontName = LATIN.regular
    plot.valueAxis.labels.fontSize = 7
    plot.valueAxis.labelTextFormat = lambda v: f"{v:.0f}"
    plot.bars[0].fillColor = ACCENT
    plot.bars[0].strokeColor = None
    plot.barLabelFormat = lambda v: f"{v:.0f}".replace(".", ",")
    plot.barLabels.fontName = LATIN.regular
    plot.barLabels.fontSize = 7
    plot.barLabels.boxAnchor = "w"
    plot.barLabels.dx = 3
    drawing.add(plot)
    band = plot.height / len(bars)
    for index, (label, _value) in enumerate(reversed(bars)):
        _add_label(drawing, label[:38], plot.x - 5, plot.y + (index + 0.5) * band - 2.5, 7)
    return drawing


def _add_label(drawing: Drawing, text: str, right: float, baseline: float, size: float) -> None:
    """A right-aligned one-line label in the faces its characters need (shaped and ordered like all text)."""
    runs = [(face, chunk, stringWidth(chunk, face, size)) for face, chunk in visual_runs(text, LATIN)]
    x = right - sum(width for _face, _chunk, width in runs)
    for face, chunk, width in runs:
        drawing.add(String(x, baseline, chunk, fontName=face, fontSize=size))
        x += width


def _section(section: Section, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [CondPageBreak(60 * mm), _p(section.title, styles["h1"])]
    story += [_p(line, styles["body"]) for line in section.lines]
    for chart in section.charts:
        story += [Spacer(1, 4), bar_chart(chart)]
    story.append(
        _p(_("Geheim gehaltene Fallzahlen ({mark}) sind nicht als Balken dargestellt.").format(mark=SUPPRESSED),
           ParagraphStyle("note", styles["cell"], textColor=colors.grey))
    )  # fmt: skip
    for table in section.tables:
        flowable = _table(table, styles)
        story += list(flowable) if isinstance(flowable, _Group) else [flowable]
    return story


def render_kim_report_pdf(report: KimReport) -> bytes:
    """The whole report as PDF bytes (A4, embedded Noto fonts)."""
    register_fonts()
    styles = _styles()
    title, line = report_heading(report)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=title, author=", ".join(report.offices), lang="de",
                            initialFontName=LATIN.regular)  # fmt: skip
    story: list[Flowable] = [_p(title, styles["title"])]
    provisional = unfinished_note(report)
    if provisional:
        story.append(_p(provisional, styles["warning"]))
    story.append(_p(line, styles["sub"]))
    for section in report_sections(report):
        story += _section(section, styles)

    def footer(canvas: Canvas, _doc: object) -> None:
        canvas.saveState()
        canvas.setFont(LATIN.regular, 7)
        canvas.setFillColor(colors.grey)
        footer_text = _("Anonymisierter KIM-Bericht – keine personenbezogenen Daten")
        if provisional:
            footer_text = _("VORLÄUFIG (Zeitraum nicht abgeschlossen)") + " · " + footer_text
        canvas.drawString(18 * mm, 9 * mm, footer_text)
        canvas.drawRightString(A4[0] - 18 * mm, 9 * mm, _("Seite {n}").format(n=canvas.getPageNumber()))
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def write_kim_report_pdf(report: KimReport, path: Path) -> None:
    """Render and write the PDF file."""
    write_whole(path, render_kim_report_pdf(report))
