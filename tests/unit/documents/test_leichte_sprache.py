"""The Leichte Sprache texts (de-LS): a selectable second language, short plain sentences, German page first."""

import io
import re

import pytest
from pypdf import PdfReader

from kim_desktop.documents.appointment_letter import render_appointment_letter
from kim_desktop.documents.letter_data import RenderedLetter
from kim_desktop.documents.letter_texts import available_languages, german_texts, load_letter_texts
from kim_desktop.documents.referral_letter import render_referral_letter

from .sample_letters import appointment, referral

EASY = "de-LS"
NUMBER_WORDS = {"eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "zwölf", "hundert"}


def pages(letter: RenderedLetter) -> list[str]:
    reader = PdfReader(io.BytesIO(letter.pdf))
    return [re.sub(r"\s+", " ", (page.extract_text() or "").replace("\u00a0", " ")) for page in reader.pages]


def sentences() -> list[tuple[str, str]]:
    texts = load_letter_texts(EASY)
    assert texts is not None
    return [
        (key, sentence)
        for key, block in texts.blocks.items()
        for sentence in re.split(r"(?<=[.?!:])\s+", block)
        if sentence
    ]


def test_leichte_sprache_is_a_shipped_language_with_its_label() -> None:
    assert EASY in available_languages()
    texts = load_letter_texts(EASY)
    assert texts is not None
    assert texts.language_name == "Deutsch – Leichte Sprache"
    assert texts.direction == "ltr"
    assert texts.reviewed_by == ""  # not yet checked by a Leichte-Sprache review group: honest until it is
    assert texts.weekdays_short[0] == "Montag"  # no abbreviations


def test_sentences_are_short_active_and_write_numbers_as_digits() -> None:
    for key, sentence in sentences():
        words = sentence.split()
        assert len(words) <= 12, (key, sentence)
        lowered = {word.strip(".,:?!()").lower() for word in words}
        assert not lowered & {"wurde", "wurden", "worden"}, (key, sentence)  # no passive
        assert not lowered & {"des", "eines", "einer"}, (key, sentence)  # no Genitiv
        assert not lowered & NUMBER_WORDS, (key, sentence)


def test_every_sentence_starts_on_a_new_line() -> None:
    texts = load_letter_texts(EASY)
    assert texts is not None
    for key, block in texts.blocks.items():
        assert not re.search(r"[.?!] +\S", block), key


def test_texts_differ_from_the_standard_german() -> None:
    german, easy = german_texts(), load_letter_texts(EASY)
    assert easy is not None
    differing = [key for key in german.blocks if german.blocks[key] != easy.blocks[key]]
    assert len(differing) > len(german.blocks) // 2
    assert "unverzüglich" not in " ".join(easy.blocks.values())


def test_referral_letter_german_page_first_then_leichte_sprache() -> None:
    letter = render_referral_letter(referral(EASY))
    assert letter.languages == ("de", EASY)
    assert dict(letter.text_versions) == {"de": "2026-12-3", EASY: "2026-12-3"}
    text = pages(letter)
    assert "Ihr Integrationskurs: Anmeldung beim Kursträger" in text[0]
    # Page 1 names only the page where the Leichte Sprache copy starts; the copy itself is not on it.
    assert "Ab Seite 3 steht der Brief in Leichter Sprache." in text[0]
    assert "Ihr Integrations-Kurs: So melden Sie sich an" not in text[0]
    first_easy = next(index for index, page in enumerate(text) if "Ihr Integrations-Kurs" in page)
    assert first_easy == 2
    easy = " ".join(text[first_easy:])
    assert easy.index("Ihr Integrations-Kurs: So melden Sie sich an") > easy.index("Leichter Sprache")
    for item in (
        "Guten Tag Amira Haddad",
        "Montag–Freitag, 08:30 bis 12:45 Uhr",
        "27.11.2026",
        "2,29 €",
        "Kurs-Teil 1",
    ):
        assert item in easy, item


@pytest.mark.parametrize("interpreter", ["", "Arabisch"])
def test_appointment_letter_in_leichte_sprache(interpreter: str) -> None:
    letter = render_appointment_letter(appointment(EASY, interpreter_language=interpreter))
    assert letter.languages == ("de", EASY)
    text = pages(letter)
    assert "Einladung zum Beratungstermin" in text[0]
    easy = " ".join(text[1:])
    for item in ("Einladung zum Beratungs-Termin", "24.11.2026", "10:15", "Raum 214", "Bringen Sie diese Sachen mit"):
        assert item in easy, item
    assert ("Dolmetscherin für Arabisch" in easy) == bool(interpreter)
    # The Leichte Sprache copy fits on one page, closing included; the German copy may take a second page, but
    # then the closing never stands there alone: the contact paragraph goes with it.
    assert "Einladung zum Beratungs-Termin" in text[-1] and "Viele Grüße" in text[-1]
    assert len(text) <= 3
    if len(text) == 3:
        assert "Haben Sie Fragen?" in text[1] and "Mit freundlichen Grüßen" in text[1]
