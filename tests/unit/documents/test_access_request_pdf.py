"""The access-request PDF tells the person in their language what it is and what their rights are."""

import re
from datetime import datetime

import pytest

from kim_desktop.documents.access_request_pdf import (
    AccessField,
    AccessRecord,
    AccessReport,
    AccessSection,
    render_access_request_pdf,
)
from kim_desktop.documents.letter_texts import available_languages, load_letter_texts
from tests.unit.documents.pdf_checks import text_pdftotext, text_pypdf


def _report(language: str) -> AccessReport:
    record = AccessRecord((AccessField("family_name", "Haddad"), AccessField("channel", "in_person")))
    return AccessReport(7, "Amira Haddad", datetime(2026, 11, 16, 9, 30), "Petra Sommer", "Integrationsbüro",
                        (AccessSection("people", "Personendaten", (record,)),), language)  # fmt: skip


@pytest.mark.parametrize("language", [code for code in available_languages() if code != "de"])
def test_page_one_speaks_the_persons_language(language: str) -> None:
    texts = load_letter_texts(language)
    assert texts is not None
    pdf = render_access_request_pdf(_report(language))
    for extract in (text_pypdf, text_pdftotext):
        text = extract(pdf)
        words = [w for w in re.findall(r"\w+", texts.text("access.title")) if not w.isdigit()]
        assert all(word in text for word in words), (language, extract.__name__, words)
        assert "Auskunft nach Art. 15 DSGVO" in text and "persönlich" in text


def test_german_only_without_a_second_part() -> None:
    text = text_pypdf(render_access_request_pdf(_report("de")))
    assert "Auskunft über Ihre Daten" not in text and "JSON" in text
