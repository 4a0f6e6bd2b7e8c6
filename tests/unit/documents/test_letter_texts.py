"""The letter text files: complete, consistent with German, printable with the shipped fonts."""

import unicodedata

import arabic_reshaper
import pytest

from kim_desktop.documents.appointment_letter import appointment_values
from kim_desktop.documents.consent_form import consent_values
from kim_desktop.documents.fonts import ALL_FAMILIES, ETHIOPIC, covers, family_for_language
from kim_desktop.documents.letter_facts import PHRASE_PLACEHOLDERS
from kim_desktop.documents.letter_texts import (
    available_languages,
    german_texts,
    letter_text_version,
    load_letter_texts,
    placeholders_of,
)
from kim_desktop.documents.referral_letter import referral_values
from kim_desktop.documents.text import is_rtl
from kim_desktop.domain.consent_scope import ConsentPurpose, DataCategory
from kim_desktop.domain.enums import CourseType, PermissionKind

from .sample_letters import appointment, consent, referral

EXPECTED_LANGUAGES = {"de", "en", "ar", "fa", "uk", "ru", "tr", "ti"}
LANGUAGES = available_languages()


def test_all_expected_languages_are_shipped() -> None:
    assert set(LANGUAGES) >= EXPECTED_LANGUAGES
    assert LANGUAGES[0] == "de"


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_file_has_every_german_key_and_the_same_placeholders(language: str) -> None:
    german = german_texts()
    texts = load_letter_texts(language)
    assert texts is not None
    assert set(texts.blocks) == set(german.blocks)
    for key, template in german.blocks.items():
        assert placeholders_of(texts.blocks[key]) == placeholders_of(template), key
        assert texts.blocks[key].strip(), key
    assert texts.direction == ("rtl" if is_rtl(language) else "ltr")
    assert texts.version and len(texts.weekdays_short) == 7
    assert letter_text_version(language) == texts.version
    # Honest: nobody has reviewed the texts yet; a reviewer fills these in.
    assert isinstance(texts.reviewed_by, str) and isinstance(texts.reviewed_on, str)


def test_every_enum_value_has_a_name_in_german() -> None:
    german = german_texts()
    for kind in PermissionKind:
        assert f"permission_kinds.{kind}" in german.blocks
        assert f"referral.permission_{kind}" in german.blocks
    for course_type in CourseType:
        assert f"course_types.{course_type}" in german.blocks
    for purpose in ConsentPurpose:
        assert f"consent_purposes.{purpose}" in german.blocks
    for category in DataCategory:
        assert f"data_categories.{category}" in german.blocks


def test_the_code_fills_every_placeholder_the_texts_use() -> None:
    german = german_texts()
    values = (
        referral_values(referral(), german)
        | appointment_values(appointment(), german)
        | consent_values(consent(), german)
        | {"page": "1"}
        | dict.fromkeys(PHRASE_PLACEHOLDERS, "x")
    )
    filled = set(values)
    used = set().union(*(placeholders_of(template) for template in german.blocks.values()))
    assert used <= filled
    for key in german.blocks:
        german.text(key, values)  # raises if a placeholder has no value


def _printed_chars(language: str) -> set[str]:
    texts = load_letter_texts(language)
    assert texts is not None
    text = " ".join([*texts.blocks.values(), *texts.weekdays_short, texts.language_name])
    if is_rtl(language):
        text = arabic_reshaper.reshape(text)
    return {char for char in text if not unicodedata.category(char).startswith(("C", "Z"))}


def test_ethiopic_font_covers_every_ethiopic_character_of_the_tigrinya_texts() -> None:
    ethiopic = {char for char in _printed_chars("ti") if "ETHIOPIC" in unicodedata.name(char, "")}
    assert len(ethiopic) > 100
    missing = sorted(char for char in ethiopic if not covers(ETHIOPIC.regular, char))
    assert not missing
    assert not [char for char in ethiopic if not covers(ETHIOPIC.bold, char)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_printed_character_has_a_glyph_in_a_shipped_font(language: str) -> None:
    primary = family_for_language(language)
    for char in _printed_chars(language):
        faces = [primary.regular, *(family.regular for family in ALL_FAMILIES)]
        assert any(covers(face, char) for face in faces), f"{language}: U+{ord(char):04X} {char!r}"
