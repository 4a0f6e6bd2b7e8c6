"""The consent form: German page to sign first, then the person's language; every language renders."""

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from kim_desktop.documents.consent_form import render_consent_form
from kim_desktop.documents.letter_texts import available_languages

from .sample_letters import consent


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, Arabic presentation forms folded to letters, spaces squeezed."""
    reader = PdfReader(io.BytesIO(pdf))
    return [
        re.sub(r"\s+", " ", unicodedata.normalize("NFKC", page.extract_text() or "").replace("\u00a0", " "))
        for page in reader.pages
    ]


def test_german_form_names_purpose_data_recipients_and_has_signature_lines() -> None:
    form = render_consent_form(consent("de"))
    assert form.languages == ("de",)
    (page,) = page_texts(form.pdf)
    assert "Einwilligung in die Weitergabe Ihrer Daten" in page
    assert "Guten Tag Amira Haddad," in page
    assert "Anmeldung zum Integrationskurs" in page
    assert "Name, Geburtsdatum, Anschrift, Berechtigung, Sprachstand" in page
    assert "Jobcenter Landkreis Osnabrück" in page and "Volkshochschule Osnabrücker Land" in page
    assert "jederzeit widerrufen" in page and "Telefon 0541 501-4321" in page
    assert "Ich willige ein: Landkreis Osnabrück darf" in page
    assert "Ort, Datum" in page and "Unterschrift" in page


def test_arabic_form_follows_the_german_page_and_asks_to_sign_there() -> None:
    form = render_consent_form(consent("ar"))
    assert form.languages == ("de", "ar")
    pages = page_texts(form.pdf)
    german, arabic = pages[0], pages[-1]
    assert "Unterschrift" in german
    assert "الموافقة على نقل بياناتك" in arabic
    assert "يرجى التوقيع على الصفحة الألمانية" in arabic
    assert "Anmeldung zum Integrationskurs" in arabic  # the purpose as entered, in German
    assert "Unterschrift" not in arabic


def test_tigrinya_form_prints_ethiopic_text() -> None:
    pages = page_texts(render_consent_form(consent("ti")).pdf)
    assert "ሓበሬታኹም ንኽመሓላለፍ ዝህብ ፍቓድ" in pages[-1]


@pytest.mark.parametrize("language", available_languages())
def test_every_language_renders(language: str) -> None:
    form = render_consent_form(consent(language))
    assert form.pdf.startswith(b"%PDF")
    assert form.languages == (("de",) if language == "de" else ("de", language))
    assert form.text_version(language)
