"""The one place that decides a document's second language: asked for, else the person's, if texts exist."""

from kim_desktop.db.models import Person
from kim_desktop.domain.errors import ValidationFailed
from kim_desktop.domain.letter_language import supported_letter_language

GERMAN = "de"


def letter_languages() -> tuple[str, ...]:
    """Codes of the languages documents can be printed in (a text file exists), German first."""
    from kim_desktop.documents.letter_texts import available_languages

    return available_languages()


def letter_language_names() -> tuple[tuple[str, str], ...]:
    """(code, the language's name in its own script) for each language documents can be printed in, German first."""
    from kim_desktop.documents.letter_texts import load_letter_texts

    named = []
    for code in letter_languages():
        texts = load_letter_texts(code)
        named.append((code, texts.language_name if texts else code))
    return tuple(named)


def checked_language(code: str | None) -> str | None:
    """A language asked for, normalised to a supported code ("AR" -> "ar"); None or blank means no choice.

    Raises ValidationFailed on the field "language", listing the supported codes, for an unknown code.
    """
    if code is None or not code.strip():
        return None
    return supported_letter_language(code, letter_languages())


def printable_language(code: str | None) -> str | None:
    """A stored code as the supported language it means, or None if no texts exist for it."""
    try:
        return checked_language(code)
    except ValidationFailed:
        return None


def letter_language_of(person: Person) -> str:
    """A person's second language: the chosen letter language, else the first language, if texts exist; else German."""
    for code in (person.letter_language, person.first_language):
        printable = printable_language(code)
        if printable is not None:
            return printable
    return GERMAN


def document_language(person: Person, asked: str | None) -> str:
    """The second language of a document for a person: the one asked for (refused if unknown), else the person's."""
    return checked_language(asked) or letter_language_of(person)


def languages_of(language: str) -> list[str]:
    """The languages a document is printed in: always German, plus the second language if there is one."""
    return [GERMAN] if language == GERMAN else [GERMAN, language]
