"""DIN 5008 (form B) page layout shared by all letters: letterhead, address window, info block, footer, marks."""

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepInFrame, NextPageTemplate, PageBreak, PageTemplate

from kim_desktop.documents.fonts import LATIN
from kim_desktop.documents.formatting import format_date
from kim_desktop.documents.letter_data import Advisor, Office, Person
from kim_desktop.documents.letter_texts import LetterTexts
from kim_desktop.documents.typesetting import SMALL_SIZE, Typesetter

log = logging.getLogger(__name__)

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT = 25 * mm
RIGHT = 20 * mm
BODY_WIDTH = PAGE_WIDTH - LEFT - RIGHT
# Form B: letterhead 45 mm, address field 85 x 45 mm from 45 mm (return line in its upper 17.7 mm).
ADDRESS_TOP = 45 * mm
ADDRESS_WIDTH = 85 * mm
RETURN_ZONE = 17.7 * mm
ADDRESS_ZONE = 27.3 * mm
INFO_LEFT = 125 * mm
INFO_TOP = 50 * mm
INFO_WIDTH = PAGE_WIDTH - INFO_LEFT - 10 * mm
INFO_HEIGHT = 45 * mm
BODY_TOP_FIRST = 98.5 * mm
BODY_TOP_LATER = 27 * mm
FOOTER_TOP = PAGE_HEIGHT - 24 * mm
BODY_BOTTOM = 28 * mm
FOLD_MARKS = (105 * mm, 210 * mm)
HOLE_MARK = 148.5 * mm


@dataclass(frozen=True)
class LetterFrame:
    """What every page around the body shows: sender, addressee, date, reference, and the PDF's metadata."""

    office: Office
    advisor: Advisor
    person: Person
    issue_date: date
    reference: str
    title: str
    german: LetterTexts


# Below this an address is hard to read for the post and for the person.
_SMALLEST_ADDRESS_SIZE = 8.0


def _short_name(person: Person, limit: int = 60) -> str:
    """The name for a one-line running header: given names cut with "…" when long, the family name kept."""
    if len(person.full_name) <= limit:
        return person.full_name
    family = " ".join(person.family_name.split())
    kept: list[str] = []
    for word in person.given_names.split():
        if len(" ".join([*kept, word, "…", family])) > limit:
            break
        kept.append(word)
    return " ".join([*kept, "…", family])


def _from_top(distance: float) -> float:
    """Reportlab measures from the bottom edge; DIN 5008 from the top."""
    return float(PAGE_HEIGHT - distance)


@dataclass(frozen=True)
class _Block:
    """Flowables laid out in a box once; text that would not fit is shrunk, never cut off or drawn over."""

    box: KeepInFrame
    used_height: float

    @classmethod
    def lay_out(cls, canvas: Canvas, flowables: Sequence[Flowable], width: float, height: float) -> "_Block":
        """Lay the flowables out for the box."""
        box = KeepInFrame(width, height, list(flowables), mode="shrink")
        _, used_height = box.wrapOn(canvas, width, height)
        return cls(box, used_height)

    def draw(self, canvas: Canvas, x: float, top: float) -> None:
        """Draw at x with the box's top `top` from the top edge (a block can be drawn on many pages)."""
        self.box.drawOn(canvas, x, _from_top(top) - self.used_height)


def _draw_block(
    canvas: Canvas, flowables: Sequence[Flowable], x: float, top: float, width: float, height: float
) -> None:
    """Draw flowables into a box; text that would not fit is shrunk, never cut off or drawn over its neighbour."""
    _Block.lay_out(canvas, flowables, width, height).draw(canvas, x, top)


class _LetterPages:
    """The page decorations of one letter; holds only that letter's data, so letters never share state."""

    def __init__(self, frame: LetterFrame) -> None:
        self.frame = frame
        self.german = Typesetter.for_language("de")
        # Page number in the document of this letter's first page: letters of a batch count their own pages.
        self._first_page_number = 1
        # The footer and the running header are the same on every page: laid out once per letter.
        self._footer_block: _Block | None = None
        self._header_block: _Block | None = None

    def _label(self, key: str) -> str:
        return self.frame.german.text(f"labels.{key}")

    def _footer(self, canvas: Canvas) -> None:
        office = self.frame.office
        canvas.setLineWidth(0.4)
        canvas.line(LEFT, _from_top(FOOTER_TOP) + 2 * mm, PAGE_WIDTH - RIGHT, _from_top(FOOTER_TOP) + 2 * mm)
        # An office that has not filled in every field yet gets no empty "E-Mail" or "Sprechzeiten:" in its footer.
        address = [
            office.street,
            f"{office.postcode} {office.city}".strip(),
            f"{self._label('phone')} {office.phone}" if office.phone else "",
            f"{self._label('email')} {office.email}" if office.email else "",
        ]
        lines = [
            " · ".join(part for part in (office.name, office.department) if part),
            " · ".join(part for part in address if part),
            f"{self._label('opening_hours')}: {office.opening_hours}" if office.opening_hours else "",
        ]
        lines = [line for line in lines if line]
        if self._footer_block is None:
            paragraph = self.german.paragraph("\n".join(lines), size=7.0, space_after=0)
            self._footer_block = _Block.lay_out(canvas, [paragraph], BODY_WIDTH, 16 * mm)
        self._footer_block.draw(canvas, LEFT, FOOTER_TOP)

    def _marks(self, canvas: Canvas) -> None:
        canvas.setLineWidth(0.3)
        for distance in FOLD_MARKS:
            canvas.line(4 * mm, _from_top(distance), 8 * mm, _from_top(distance))
        canvas.line(4 * mm, _from_top(HOLE_MARK), 10 * mm, _from_top(HOLE_MARK))

    def _letterhead(self, canvas: Canvas) -> None:
        office = self.frame.office
        head_width = BODY_WIDTH
        logo = office.logo_path
        if logo is not None:
            try:
                canvas.drawImage(
                    str(logo),
                    PAGE_WIDTH - RIGHT - 45 * mm,
                    _from_top(38 * mm),
                    45 * mm,
                    25 * mm,
                    preserveAspectRatio=True,
                    anchor="ne",
                    mask="auto",
                )
                head_width -= 50 * mm
            except OSError:
                log.warning("logo not printed, file not readable: %s", logo)
        blocks = [self.german.paragraph(office.name, bold=True, size=14.0, space_after=2)]
        if office.department:
            blocks.append(self.german.paragraph(office.department, size=10.0, space_after=0))
        _draw_block(canvas, blocks, LEFT, 12 * mm, head_width, 28 * mm)

    def _address_field(self, canvas: Canvas) -> None:
        office, person = self.frame.office, self.frame.person
        place = f"{office.postcode} {office.city}".strip()
        return_line = " · ".join(part for part in (office.name, office.street, place) if part)
        _draw_block(
            canvas,
            [self.german.paragraph(return_line, size=6.5, space_after=0)],
            LEFT,
            ADDRESS_TOP + RETURN_ZONE - 5 * mm,
            ADDRESS_WIDTH,
            5 * mm,
        )
        _draw_block(
            canvas,
            [self._address(person)],
            LEFT,
            ADDRESS_TOP + RETURN_ZONE,
            ADDRESS_WIDTH,
            ADDRESS_ZONE,
        )

    def _address(self, person: Person) -> Flowable:
        """The address at 10, 9 or 8 pt, whichever fits; given names too long even at 8 pt are cut with "…".

        The family name always stays; the full name prints in the letter's text.
        """
        street, place = person.street, f"{person.postcode} {person.city}".strip()
        for size in (10.0, 9.0, _SMALLEST_ADDRESS_SIZE):
            paragraph = self.german.paragraph(f"{person.full_name}\n{street}\n{place}", size=size, space_after=0)
            if paragraph.wrap(ADDRESS_WIDTH, ADDRESS_ZONE)[1] <= ADDRESS_ZONE:
                return paragraph
        given, family = person.given_names.split(), " ".join(person.family_name.split())
        while given:
            given.pop()
            name = " ".join([*given, "…", family]) if given else f"… {family}"
            paragraph = self.german.paragraph(f"{name}\n{street}\n{place}", size=_SMALLEST_ADDRESS_SIZE, space_after=0)
            if paragraph.wrap(ADDRESS_WIDTH, ADDRESS_ZONE)[1] <= ADDRESS_ZONE:
                return paragraph
        return paragraph  # a family name longer than the window: the block shrinks as the last resort

    def _info_block(self, canvas: Canvas) -> None:
        office, advisor = self.frame.office, self.frame.advisor
        rows = [
            (self._label("advisor"), advisor.name),
            (self._label("phone"), advisor.phone or office.phone),
            (self._label("email"), advisor.email or office.email),
            (self._label("opening_hours"), office.opening_hours),
            (self._label("reference"), self.frame.reference),
            (self._label("date"), format_date(self.frame.issue_date)),
        ]
        rows = [(label, value) for label, value in rows if value]
        table = self.german.field_table(rows, INFO_WIDTH, label_share=0.45, size=SMALL_SIZE)
        _draw_block(canvas, [table], INFO_LEFT, INFO_TOP, INFO_WIDTH, INFO_HEIGHT)

    def first_page(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        """Letterhead, address window, info block, marks and footer."""
        self._first_page_number = canvas.getPageNumber()
        canvas.saveState()
        self._letterhead(canvas)
        self._address_field(canvas)
        self._info_block(canvas)
        self._marks(canvas)
        self._footer(canvas)
        canvas.restoreState()

    def later_page(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        """A running header naming sender, addressee and reference, so loose pages can be matched; footer."""
        canvas.saveState()
        width = BODY_WIDTH - 20 * mm
        if self._header_block is None:
            person = self.frame.person
            birth = f" ({format_date(person.birth_date)})" if person.birth_date else ""
            header = (
                f"{self.frame.office.name} · {_short_name(person)}{birth} · {self._label('reference')} "
                f"{self.frame.reference} · {format_date(self.frame.issue_date)}"
            )
            paragraph = self.german.paragraph(header, size=SMALL_SIZE, space_after=0)
            self._header_block = _Block.lay_out(canvas, [paragraph], width, 12 * mm)
        self._header_block.draw(canvas, LEFT, 12 * mm)
        page_number = canvas.getPageNumber() - self._first_page_number + 1
        page = self.frame.german.text("labels.page", {"page": str(page_number)})
        _draw_block(
            canvas,
            [self.german.paragraph(page, size=SMALL_SIZE, space_after=0)],
            LEFT + width,
            12 * mm,
            20 * mm,
            6 * mm,
        )
        self._footer(canvas)
        canvas.restoreState()


def _body_frame(top: float, frame_id: str) -> Frame:
    return Frame(
        LEFT,
        BODY_BOTTOM,
        BODY_WIDTH,
        PAGE_HEIGHT - top - BODY_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id=frame_id,
    )


def build_letter_pdf(frame: LetterFrame, story: list[Flowable]) -> bytes:
    """Lay the story out on DIN 5008 pages and return the PDF; output is byte-identical for equal input."""
    return build_letters_pdf([(frame, story)])


def build_letters_pdf(letters: Sequence[tuple[LetterFrame, list[Flowable]]], title: str | None = None) -> bytes:
    """Several letters in one PDF, each from a new page with its own page decorations and page count.

    One document embeds each font once, however many letters it holds; each letter's pages come out as
    they would alone. The document's metadata is the first letter's unless a title is given.
    """
    if not letters:
        raise ValueError("a letter document needs at least one letter")
    first = letters[0][0]
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        invariant=1,
        title=title or first.title,
        author=first.office.name,
        subject=title or first.title,
        creator="KIM Desktop",
        lang="de",
        initialFontName=LATIN.regular,
        initialFontSize=10,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=BODY_TOP_LATER,
        bottomMargin=BODY_BOTTOM,
    )
    templates: list[PageTemplate] = []
    story: list[Flowable] = []
    for index, (frame, body) in enumerate(letters):
        pages = _LetterPages(frame)
        # The single letter keeps the ids it always had; a batch numbers them per letter.
        suffix = f"-{index}" if len(letters) > 1 else ""
        first_id, later_id = f"first{suffix}", f"later{suffix}"
        templates.append(
            PageTemplate(
                id=first_id,
                frames=[_body_frame(BODY_TOP_FIRST, "first")],
                onPage=pages.first_page,
                autoNextPageTemplate=later_id,
            )
        )
        templates.append(
            PageTemplate(id=later_id, frames=[_body_frame(BODY_TOP_LATER, "later")], onPage=pages.later_page)
        )
        if index:
            story += [NextPageTemplate(first_id), PageBreak()]
        story += body
    document.addPageTemplates(templates)
    document.build(story)
    return buffer.getvalue()
