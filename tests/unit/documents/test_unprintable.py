"""A character no shipped font has (an emoji) is printed as a visible replacement sign, never silently dropped."""

from dataclasses import replace

import pytest

from kim_desktop.documents.referral_letter import render_referral_letter
from kim_desktop.documents.registration_list_pdf import render_registration_list
from kim_desktop.documents.text import REPLACEMENT, clean_text
from tests.unit.documents import awkward_documents as awkward
from tests.unit.documents import sample_letters
from tests.unit.documents.pdf_checks import covered_text, text_pdftotext, text_pypdf


def test_an_emoji_becomes_a_visible_sign_and_invisible_marks_go() -> None:
    assert clean_text("Zoë 🙂") == f"Zoë {REPLACEMENT}"
    assert clean_text("Zoë \u2764\ufe0f") == f"Zoë {REPLACEMENT}"  # the heart, its variation selector dropped
    assert clean_text("ሰላም Москва Ağrı محمد") == "ሰላም Москва Ağrı محمد"


@pytest.mark.parametrize("language", ["de", "ar"])
def test_an_emoji_in_a_name_prints_visibly_in_a_letter(language: str) -> None:
    person = replace(sample_letters.PERSON, given_names="Zoë 🙂")
    pdf = render_referral_letter(sample_letters.referral(language, person=person)).pdf
    assert REPLACEMENT in covered_text(pdf)  # drawn with a real glyph of an embedded font
    for text in (text_pypdf(pdf), text_pdftotext(pdf)):
        assert f"Zoë {REPLACEMENT} Haddad" in text


def test_an_emoji_in_a_list_prints_visibly() -> None:
    entries = awkward.registration_list_entries(("Zoë 🙂 Haddad",))
    pdf = render_registration_list(awkward.registration_list_data(entries))
    assert REPLACEMENT in covered_text(pdf)
    assert f"Zoë {REPLACEMENT} Haddad" in text_pypdf(pdf)
