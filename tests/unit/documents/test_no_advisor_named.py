"""A document issued without a named advisor names the office as contact, never "Ihre Ansprechperson ist ."."""

import io

import pytest
from pypdf import PdfReader

from kim_desktop.documents.appointment_letter import render_appointment_letter
from kim_desktop.documents.letter_data import Advisor
from kim_desktop.documents.referral_letter import render_referral_letter

from .sample_letters import appointment, referral

NOBODY = Advisor("", "", "")


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.mark.parametrize("kind", ["referral", "appointment"])
def test_the_office_is_the_contact_when_no_advisor_is_named(kind: str) -> None:
    if kind == "referral":
        data = referral("de", advisor=NOBODY)
        text = _text(render_referral_letter(data).pdf)
    else:
        data = appointment("de", advisor=NOBODY)  # type: ignore[assignment]
        text = _text(render_appointment_letter(data).pdf)
    assert " ist ." not in text and "ist , " not in text
    contact = data.office.department or data.office.name
    assert contact in text
