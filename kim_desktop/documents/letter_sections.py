"""Pieces every letter body uses (headings, contact, closing) and the build of German plus translation."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from kim_desktop.documents.letter_data import Advisor, Office, RenderedLetter
from kim_desktop.documents.letter_layout import BODY_WIDTH, LetterFrame, build_letter_pdf
from kim_desktop.documents.letter_texts import GERMAN, LetterTexts, german_texts, load_letter_texts
from kim_desktop.documents.text import embed_ltr
from kim_desktop.documents.typesetting import SMALL_SIZE, Typesetter

HEADING_SIZE = 10.5
SUBJECT_SIZE = 12.0


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
        story.append(self.paragraph(intro_key, space_after=6))
        return story

    def contact_and_closing(self, advisor: Advisor, office: Office) -> list[Flowable]:
        """Whom to ask, then the closing with the advisor's name and office."""
        return [
            self.heading("common.contact_heading", self.paragraph("common.contact", space_after=10)),
            KeepTogether(
                [
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


def bilingual_story(language: str, build_section: SectionBuilder) -> tuple[list[Flowable], list[LetterTexts]]:
    """The German body, then the same body in the person's language from a new page; and the texts used."""
    story: list[Flowable] = []
    used = letter_languages(language)
    for index, texts in enumerate(used):
        if index:
            story.append(PageBreak())
        story.extend(build_section(texts, Typesetter.for_language(texts.language)))
    story.append(Spacer(1, 1))
    return story, used


def text_versions(used: Sequence[LetterTexts]) -> tuple[tuple[str, str], ...]:
    """(language, text version) of each text that went into a letter."""
    return tuple((texts.language, texts.version) for texts in used)


def render_bilingual(frame: LetterFrame, language: str, build_section: SectionBuilder) -> RenderedLetter:
    """The German body, then the same body in the person's language from a new page; as PDF with its text versions."""
    story, used = bilingual_story(language, build_section)
    pdf = build_letter_pdf(frame, story)
    return RenderedLetter(
        pdf=pdf,
        languages=tuple(texts.language for texts in used),
        text_versions=text_versions(used),
    )
