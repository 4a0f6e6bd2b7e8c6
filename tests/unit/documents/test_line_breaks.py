"""No heading, e-mail address, phone or file number is broken mid-word in any document; long names wrap."""

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from kim_desktop.documents.referral_letter import render_referral_letter
from kim_desktop.documents.text import keep_together
from tests.unit.documents import awkward_documents as awkward
from tests.unit.documents import sample_letters


def _lines(pdf: bytes) -> list[str]:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return [" ".join(line.replace("\u00a0", " ").split()) for line in text.splitlines()]


def _on_one_line(pdf: bytes, piece: str) -> bool:
    return any(piece in line for line in _lines(pdf))


@pytest.mark.parametrize(
    ("kind", "pieces"),
    [
        ("registration-list", ("Geburtsdatum", "Kinderbetreuung", "Aktenzeichen", "+49 541 501-123456",
                               "JC-4711/2026-ABCDEF")),
        ("contact-list", ("Ansprechperson", "0541 501-4321", awkward.LONG_EMAIL)),
        ("free-seats", ("Kinderbetreuung", "Anmeldung", "07.12.2026", "27.11.2026")),
        ("access-request-2", ("Geburtsdatum", "Staatsangehörigkeit", awkward.LONG_EMAIL)),
    ],
)  # fmt: skip
def test_no_word_or_number_is_broken(kind: str, pieces: tuple[str, ...]) -> None:
    pdf = awkward.every_document()[kind] if kind != "registration-list" else awkward.registration_list()
    for piece in pieces:
        assert _on_one_line(pdf, piece), (kind, piece)


def test_phone_numbers_and_addresses_stay_whole_in_a_letter() -> None:
    office = replace(
        sample_letters.OFFICE, phone="+49 541 501-123456", email="integrationsbuero.kim@landkreis-osnabrueck.example"
    )
    pdf = render_referral_letter(sample_letters.referral("ar", office=office)).pdf
    assert _on_one_line(pdf, "+49 541 501-123456")
    assert _on_one_line(pdf, "integrationsbuero.kim@landkreis-osnabrueck.example")


def test_phone_numbers_are_held_together_but_not_other_numbers() -> None:
    assert keep_together("Tel. +49 541 501-123456") == "Tel. +49\u00a0541\u00a0501-123456"
    assert keep_together("Lindenstraße 12, 49124 Georgsmarienhütte") == "Lindenstraße 12, 49124 Georgsmarienhütte"
    assert keep_together("am 07.12.2026 um 10 Uhr") == "am 07.12.2026 um 10 Uhr"
