"""Flowables in one language's script and direction: paragraphs, bullet lists and label/value tables."""

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from kim_desktop.documents.cell_rows import CellRows
from kim_desktop.documents.fonts import FontFamily, family_for_language, register_fonts
from kim_desktop.documents.text import (
    NBSP,
    clean_text,
    font_runs,
    has_rtl_chars,
    is_rtl,
    paragraph_markup,
    rtl_visual_lines,
)

BODY_SIZE = 10.0
SMALL_SIZE = 8.0
# Lines are wrapped a little short of the frame so reportlab never re-wraps a pre-wrapped RTL line.
_RTL_WRAP_SLACK = 1.0


_PARSED_LIMIT = 4096
# Parsed markup by (markup, font, size, colour): labels and standard texts recur in every letter of a session or a
# batch, and reportlab's markup parser (html.parser) is about a sixth of a letter's time. Each paragraph gets
# its own copies of the fragments.
_parsed: "OrderedDict[tuple[str, str, float, str], list[Any]]" = OrderedDict()


def _fresh(frags: list[Any]) -> list[Any]:
    return [frag.clone(link=list(frag.link), us_lines=list(frag.us_lines)) for frag in frags]


class _Paragraph(Paragraph):  # type: ignore[misc]  # reportlab ships no type information
    """A paragraph that parses its markup once per process and breaks its lines once per width.

    Tables, KeepTogether and KeepInFrame wrap the same paragraph several times at the same width, and
    Paragraph.wrap depends on nothing but the width (the available height is not used): the result holds.
    """

    _wrapped: tuple[float, tuple[float, float]] | None = None

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        key = (text, style.fontName, float(style.fontSize), repr(style.textColor))
        parsed = _parsed.get(key)
        if parsed is not None:
            super().__init__(text, style, frags=_fresh(parsed))
            return
        super().__init__(text, style)
        if len(_parsed) >= _PARSED_LIMIT:
            _parsed.popitem(last=False)
        _parsed[key] = _fresh(self.frags)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab API)
        """Lay out for the width (once per width) and return the size."""
        # split() drops blPara when the paragraph cannot be split: then it is laid out again.
        if self._wrapped is not None and self._wrapped[0] == availWidth and hasattr(self, "blPara"):
            self.width, self.height = self._wrapped[1]
            return self._wrapped[1]
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        if hasattr(self, "blPara"):
            self._wrapped = (availWidth, size)
        return size


class _ShapedLine(NamedTuple):
    """One visual line: its runs of (face, characters) and its printed width."""

    runs: tuple[tuple[str, str], ...]
    width: float
    spaces: int  # the gaps between its words, counting no-break spaces as reportlab does


class RtlParagraph(Flowable):  # type: ignore[misc]  # reportlab ships no type information
    """Text with right-to-left words wrapped at the width it actually gets, then each line shaped and reordered.

    Right-aligned in a right-to-left language (base_dir None or "R"); in German text around a name, "L".
    The shaped lines are drawn as they are, where and as reportlab's Paragraph would put them (same baselines,
    alignment, orphan rule and page splits): parsing them as markup and breaking them into lines again was a
    third of a German + Arabic letter's time.
    """

    def __init__(
        self, text: str, style: ParagraphStyle, family: FontFamily, bold: bool, base_dir: str | None = None
    ) -> None:
        super().__init__()
        self._base_dir = base_dir
        self._text = text
        self._style = style
        self._family = family
        self._bold = bold
        self._lines: tuple[_ShapedLine, ...] = ()
        self._laid_out_width: float | None = None
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter

    def _layout(self, avail_width: float) -> tuple[_ShapedLine, ...]:
        # A table wraps its cells several times at the same width: the lines made the first time still hold.
        if self._laid_out_width != avail_width:
            self._lines = _shaped_lines(
                self._text, avail_width - _RTL_WRAP_SLACK, self._family, self._bold, self._style.fontName,
                self._style.fontSize, self._base_dir,
            )  # fmt: skip
            self._laid_out_width = avail_width
        return self._lines

    def _part(self, lines: tuple[_ShapedLine, ...], width: float) -> "RtlParagraph":
        part = RtlParagraph(self._text, self._style, self._family, self._bold, self._base_dir)
        part._lines, part._laid_out_width = lines, width
        return part

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab API)
        """Lay out for the width and return the size."""
        self.width = availWidth
        self.height = len(self._layout(availWidth)) * self._style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 (reportlab API)
        """Split between lines as reportlab's Paragraph does: never leave a single line behind (no orphans)."""
        lines = self._layout(availWidth)
        fitting = int(availHeight / self._style.leading)
        if not lines or fitting <= 1:
            return []
        if len(lines) <= fitting:
            return [self]
        return [self._part(lines[:fitting], availWidth), self._part(lines[fitting:], availWidth)]

    def draw(self) -> None:
        """Draw each line in its fonts, on the baselines reportlab's Paragraph uses, aligned as the style says."""
        canvas, style = self.canv, self._style
        right = style.alignment == TA_RIGHT
        canvas.saveState()
        canvas.setFillColor(style.textColor)
        text = canvas.beginText()
        baseline = self.height - style.fontSize
        for line in self._lines:
            extra = self.width - line.width
            # A line a little wider than the frame (its words were measured one by one) starts at the edge with
            # its spaces narrowed, as reportlab does.
            squeeze = extra <= -1e-8 and line.spaces > 0
            text.setTextOrigin(extra if right and not squeeze else 0.0, baseline)
            if squeeze:
                text.setWordSpace(extra / line.spaces)
            for face, chunk in line.runs:
                text.setFont(face, style.fontSize, style.leading)
                text.textOut(chunk)
            if squeeze:
                text.setWordSpace(0)
            baseline -= style.leading
        canvas.drawText(text)
        canvas.restoreState()


@lru_cache(maxsize=2048)
def _shaped_lines(
    text: str, max_width: float, family: FontFamily, bold: bool, style_face: str, size: float, base_dir: str | None
) -> tuple[_ShapedLine, ...]:
    """The visual lines of a text as reportlab's Paragraph keeps them.

    Spaces at either end of a line are dropped, and so is a last empty line; a text of nothing but blanks has none.
    Runs in the family's own face print in the style's face, as in the paragraph markup they were before.
    """
    primary = family.face(bold)
    lines: list[_ShapedLine] = []
    for visual in rtl_visual_lines(text, max_width, family, bold, size, base_dir):
        words = [word for word in clean_text(visual).split(" ") if word]
        line = " ".join(words)
        runs = tuple((style_face if face == primary else face, chunk) for face, chunk in font_runs(line, family, bold))
        width = sum(stringWidth(chunk, face, size) for face, chunk in runs)
        lines.append(_ShapedLine(runs, width, len(words) + line.count(NBSP) - 1))
    if not any(line.runs for line in lines):
        return ()
    if not lines[-1].runs:
        lines.pop()
    return tuple(lines)


def ltr_paragraph(text: str, style: ParagraphStyle, family: FontFamily, bold: bool = False) -> Flowable:
    """A left-to-right paragraph of plain text: the one text path of every document's German text.

    Text with Arabic-script words (a name) is wrapped at the width it gets first and each line put in visual
    order then, so a name broken over two lines still reads right; other text goes straight to reportlab.
    """
    if has_rtl_chars(text):
        return RtlParagraph(text, style, family, bold, base_dir="L")
    return _Paragraph(paragraph_markup(text, family, bold), style)


@lru_cache(maxsize=512)
def _style(
    language: str, face: str, rtl: bool, bold: bool, size: float, space_after: float, space_before: float
) -> ParagraphStyle:
    # A letter asks for a style per paragraph, about 150 times, from a dozen combinations; building a
    # ParagraphStyle each time cost a few per cent of a letter's time.
    # Arabic script needs more room between lines for its descenders and dots.
    leading = size * (1.55 if rtl else 1.3)
    return ParagraphStyle(
        name=f"{language}-{'b' if bold else 'r'}-{size}",
        fontName=face,
        fontSize=size,
        leading=leading,
        alignment=TA_RIGHT if rtl else TA_LEFT,
        spaceAfter=space_after,
        spaceBefore=space_before,
        splitLongWords=True,
    )


@dataclass(frozen=True)
class Typesetter:
    """Makes flowables for one language: its fonts, its direction, its alignment."""

    language: str
    family: FontFamily
    rtl: bool

    @classmethod
    def for_language(cls, language: str) -> "Typesetter":
        """Typesetter for a letter language such as 'de', 'fa' or 'ti'."""
        register_fonts()
        return cls(language, family_for_language(language), is_rtl(language))

    def style(
        self, bold: bool = False, size: float = BODY_SIZE, space_after: float = 0.0, space_before: float = 0.0
    ) -> ParagraphStyle:
        """A paragraph style in this language's face and alignment (shared: reportlab never changes a style)."""
        return _style(self.language, self.family.face(bold), self.rtl, bold, size, space_after, space_before)

    def paragraph(
        self,
        text: str,
        bold: bool = False,
        size: float = BODY_SIZE,
        space_after: float = 4.0,
        space_before: float = 0.0,
    ) -> Flowable:
        """A paragraph of plain text (never markup: everything prints literally); line breaks are kept."""
        style = self.style(bold, size, space_after, space_before)
        if self.rtl:
            return RtlParagraph(text, style, self.family, bold)
        return ltr_paragraph(text, style, self.family, bold)

    def bullet_list(self, items: Sequence[str], width: float) -> Flowable:
        """Items with a bullet on the reading side."""
        bullet_width = 12.0
        rows: list[list[Flowable]] = []
        for item in items:
            bullet = self.paragraph("•", space_after=0)
            body = self.paragraph(item, space_after=0)
            rows.append([body, bullet] if self.rtl else [bullet, body])
        widths = [width - bullet_width, bullet_width] if self.rtl else [bullet_width, width - bullet_width]
        return self._table(rows, widths)

    def field_table(
        self, rows: Sequence[tuple[str, str]], width: float, label_share: float = 0.3, size: float = BODY_SIZE
    ) -> Flowable:
        """Label/value pairs; labels bold; columns mirrored for right-to-left languages."""
        label_width = width * label_share
        cells: list[list[Flowable]] = []
        for label, value in rows:
            label_cell = self.paragraph(label, bold=True, size=size, space_after=0)
            value_cell = self.paragraph(value, size=size, space_after=0)
            cells.append([value_cell, label_cell] if self.rtl else [label_cell, value_cell])
        widths = [width - label_width, label_width] if self.rtl else [label_width, width - label_width]
        return self._table(cells, widths)

    def _table(self, rows: list[list[Flowable]], widths: list[float]) -> Flowable:
        return CellRows(rows, widths)
