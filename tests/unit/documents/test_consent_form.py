"""The consent form: German page to sign first, then the person's language; every language renders."""

import io
import re
import unicodedata
from datetime import date

import pytest
from pypdf import PdfReader

from kim_desktop.documents.consent_form import consent_rows, render_consent_form
from kim_desktop.documents.letter_texts import available_languages, german_texts, load_letter_texts
from kim_desktop.domain.consent_scope import ConsentPurpose, DataCategory

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
    assert "Anmeldung zu einem Kurs beim Kursträger" in page and "Anmeldung zum Integrationskurs" in page
    assert "Name und Geburtsdatum" in page and "Sprachstand und Einstiegsmodul" in page
    assert "Telefonnummer" not in page  # only the data the consent names
    assert "bis Sie die Einwilligung widerrufen" in page
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
    assert "التسجيل في دورة لدى الجهة المنظمة للدورة" in arabic  # the purpose in the person's language
    assert "الاسم وتاريخ الميلاد" in arabic  # and the data
    assert "Anmeldung zum Integrationskurs" in arabic and "الأصل الألماني" in arabic  # the advisor's words: marked
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


@pytest.mark.parametrize("language", available_languages())
def test_purpose_data_and_validity_are_in_the_persons_language(language: str) -> None:
    texts = load_letter_texts(language)
    assert texts is not None
    for purpose in ConsentPurpose:
        data = consent(language, purpose=purpose, data=tuple(DataCategory), valid_until=date(2026, 9, 30))
        rows = dict(consent_rows(data, texts))
        assert texts.text(f"consent_purposes.{purpose}") in rows[texts.text("consent.purpose_label")]
        for category in DataCategory:
            assert texts.text(f"data_categories.{category}") in rows[texts.text("consent.data_label")]
        assert "30.09.2026" in rows[texts.text("consent.valid_label")]
    if language not in ("de", "de-LS"):
        german = german_texts()
        assert all(texts.text(f"consent_purposes.{p}") != german.text(f"consent_purposes.{p}") for p in ConsentPurpose)
        assert all(texts.text(f"data_categories.{c}") != german.text(f"data_categories.{c}") for c in DataCategory)


def test_a_limited_consent_prints_its_last_day() -> None:
    (page,) = page_texts(render_consent_form(consent("de", valid_until=date(2026, 9, 30))).pdf)
    assert "bis einschließlich 30.09.2026" in page
