"""Pieces every letter body uses (headings, contact, closing) and the build of German plus translation."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from kim_desktop.documents.fonts import LATIN
from kim_desktop.documents.letter_data import Advisor, Office, RenderedLetter
from kim_desktop.documents.letter_layout import BODY_WIDTH, LetterFrame, build_letter_pdf
from kim_desktop.documents.letter_texts import GERMAN, LetterTexts, german_texts, load_letter_texts
from kim_desktop.documents.text import embed_ltr
from kim_desktop.documents.typesetting import SMALL_SIZE, Typesetter

HEADING_SIZE = 10.5
SUBJECT_SIZE = 12.0
# The page a translation usually starts on (a German part of two pages); a wrong guess costs one more layout.
FIRST_GUESS = 3
MAX_LAYOUTS = 4


@dataclass
class PageProbe:
    """Pages, as laid out, where a letter's German part and its translation start (filled while drawing)."""

    pages: dict[str, int] = field(default_factory=dict)

    def translation_page(self) -> int | None:
        """Page of the letter (1 = its first) on which the translation starts, once laid out."""
        if "start" not in self.pages or "translation" not in self.pages:
            return None
        return self.pages["translation"] - self.pages["start"] + 1


class _PageMark(Flowable):  # type: ignore[misc]  # reportlab ships no type information
    """Takes no room; notes the page it is drawn on."""

    def __init__(self, probe: PageProbe, name: str) -> None:
        super().__init__()
        self.probe, self.name = probe, name

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        self.probe.pages[self.name] = self.canv.getPageNumber()


class _DocumentDate(Flowable):  # type: ignore[misc]  # reportlab ships no type information
    """Takes no room; makes the PDF's creation date the letter's date.

    Letters are built in reportlab's invariant mode (same input, same bytes), whose fixed timestamp is
    01.01.2000: a PDF viewer then showed "erstellt am 01.01.2000". The letter's own date is as reproducible.
    """

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        day = self.day
        self.canv.setDateFormatter(lambda *_ignored: f"D:{day.year:04d}{day.month:02d}{day.day:02d}000000+00'00'")


class _TranslationNoticeSlot(Flowable):  # type: ignore[misc]  # reportlab ships no type information
    """Where the German part says on which page the person's language starts (replaced, never drawn)."""

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        return None


@dataclass(frozen=True)
class SectionWriter:
    """Writes one language's copy of a letter body: its texts, its typesetter, the filled-in values."""

    texts: LetterTexts
    typesetter: Typesetter
    values: Mapping[str, str]

    def text(self, key: str) -> str:
        """A text block with the letter's values filled in; Latin values stay in order inside right-to-left text."""
        if self.typesetter.rtl:
            return self.texts.text(key, {name: embed_ltr(value) for name, value in self.values.items()})
        return self.texts.text(key, self.values)

    def label(self, key: str) -> str:
        """A field label."""
        return self.texts.text(f"labels.{key}")

    def paragraph(self, key: str, bold: bool = False, space_after: float = 4.0) -> Flowable:
        """One text block as a paragraph."""
        return self.typesetter.paragraph(self.text(key), bold=bold, space_after=space_after)

    def heading(self, key: str, first: Flowable | Sequence[Flowable]) -> Flowable:
        """A heading kept on the same page as the first thing (or things) under it."""
        heading = self.typesetter.paragraph(self.text(key), bold=True, size=HEADING_SIZE, space_before=6, space_after=2)
        return KeepTogether([heading, *([first] if isinstance(first, Flowable) else first)])

    def fields(self, rows: list[tuple[str, str]]) -> Flowable:
        """Label/value table over the body width; rows are (label key, value)."""
        return self.typesetter.field_table([(self.label(key), value) for key, value in rows], BODY_WIDTH)

    def bullets(self, keys: list[str]) -> Flowable:
        """A bullet list of text blocks."""
        return self.typesetter.bullet_list([self.text(key) for key in keys], BODY_WIDTH)

    def opening(self, subject_key: str, intro_key: str) -> list[Flowable]:
        """Translation note (on translated copies), subject, salutation, introduction."""
        story: list[Flowable] = []
        if self.texts.language != GERMAN:
            story.append(
                self.typesetter.paragraph(
                    f"{self.texts.language_name}: {self.text('common.translation_note')}",
                    size=SMALL_SIZE,
                    space_after=8,
                )
            )
        story.append(self.typesetter.paragraph(self.text(subject_key), bold=True, size=SUBJECT_SIZE, space_after=10))
        story.append(self.paragraph("common.salutation"))
        if self.texts.language == GERMAN:
            story.append(_TranslationNoticeSlot())
        story.append(self.paragraph(intro_key, space_after=6))
        return story

    def contact_and_closing(self, advisor: Advisor, office: Office) -> list[Flowable]:
        """Whom to ask, then the closing with the advisor's name and office, as one block.

        One block: a full page never leaves the closing alone on the next one.
        """
        heading = self.typesetter.paragraph(
            self.text("common.contact_heading"), bold=True, size=HEADING_SIZE, space_before=6, space_after=2
        )
        return [
            KeepTogether(
                [
                    heading,
                    self.paragraph("common.contact", space_after=10),
                    self.paragraph("common.closing", space_after=14),
                    self.typesetter.paragraph(advisor.name, space_after=0),
                    self.typesetter.paragraph(office.name, space_after=0),
                ]
            ),
        ]


SectionBuilder = Callable[[LetterTexts, Typesetter], list[Flowable]]


def letter_languages(language: str) -> list[LetterTexts]:
    """German, then the person's language when it is another one and has texts (else German only)."""
    german = german_texts()
    languages = [german]
    if language != GERMAN:
        translated = load_letter_texts(language)
        if translated is not None:
            languages.append(translated)
    return languages


def translation_notice(texts: LetterTexts, page: int) -> Flowable:
    """In the person's language, under the German salutation: on which page their version starts."""
    typesetter = Typesetter.for_language(texts.language)
    sentence = texts.text("common.translation_from_page", {"page": str(page)})
    return typesetter.paragraph(f"{texts.language_name}: {sentence}", bold=True, size=SMALL_SIZE, space_after=0)


def _with_notice(section: list[Flowable], notice: Flowable) -> list[Flowable]:
    """The salutation with the notice beside it (right half), where the section left the slot for it.

    Beside, not under: a German page that was full (a consent form with its signature lines) stays one page.
    """
    out: list[Flowable] = []
    for part in section:
        if isinstance(part, _TranslationNoticeSlot) and out:
            table = Table([[out.pop(), notice]], colWidths=[BODY_WIDTH * 0.45, BODY_WIDTH * 0.55], hAlign="LEFT")
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("FONTNAME", (0, 0), (-1, -1), LATIN.regular),  # never the table's Helvetica
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ("TOPPADDING", (0, 0), (-1, -1), 0),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ]
                )
            )
            out.append(table)
        else:
            out.append(part)
    return out


def bilingual_story(
    language: str, build_section: SectionBuilder, translation_page: int = FIRST_GUESS, issue_date: date | None = None
) -> tuple[list[Flowable], list[LetterTexts], PageProbe]:
    """The German body, then the same body in the person's language from a new page; the texts used; a probe.

    The German part names translation_page as the page the translation starts on; the probe tells, once laid
    out, whether that was right (render_bilingual lays out again if not).
    """
    probe = PageProbe()
    story: list[Flowable] = [_PageMark(probe, "start")]
    if issue_date is not None:
        story.append(_DocumentDate(issue_date))
    used = letter_languages(language)
    for index, texts in enumerate(used):
        section = build_section(texts, Typesetter.for_language(texts.language))
        if index:
            story += [PageBreak(), _PageMark(probe, "translation")]
        elif len(used) > 1:
            section = _with_notice(section, translation_notice(used[1], translation_page))
        story.extend(part for part in section if not isinstance(part, _TranslationNoticeSlot))
    story.append(Spacer(1, 1))
    return story, used, probe


def laid_out_right(probe: PageProbe, guessed: int, used: Sequence[LetterTexts]) -> int | None:
    """None if the German part named the right page for the translation, else the right page."""
    if len(used) < 2:
        return None
    actual = probe.translation_page()
    return None if actual in (None, guessed) else actual


def text_versions(used: Sequence[LetterTexts]) -> tuple[tuple[str, str], ...]:
    """(language, text version) of each text that went into a letter."""
    return tuple((texts.language, texts.version) for texts in used)


# The page the translation started on the last time, per kind of letter (the code that builds its body): the
# next letter of that kind most likely starts there too, so it is laid out once. Only a guess: the page printed
# is always checked against the layout, so the output never depends on what was rendered before.
_LAST_START: dict[object, int] = {}


def render_bilingual(
    frame: LetterFrame, language: str, build_section: SectionBuilder, first_guess: int | None = None
) -> RenderedLetter:
    """The German body, then the same body in the person's language from a new page; as PDF with its text versions."""
    kind = getattr(build_section, "__code__", None) or type(build_section)
    guess = first_guess or _LAST_START.get(kind, FIRST_GUESS)
    for _ in range(MAX_LAYOUTS):
        story, used, probe = bilingual_story(language, build_section, guess, frame.issue_date)
        pdf = build_letter_pdf(frame, story)
        right = laid_out_right(probe, guess, used)
        if right is None:
            break
        guess = _LAST_START[kind] = right
    return RenderedLetter(
        pdf=pdf,
        languages=tuple(texts.language for texts in used),
        text_versions=text_versions(used),
    )
