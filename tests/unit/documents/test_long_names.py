"""A very long name wraps in the address field without shrinking the address below 8 pt."""

import io
from dataclasses import replace

from pypdf import PdfReader

from kim_desktop.documents.referral_letter import render_referral_letter
from tests.unit.documents import sample_letters

LONG_NAME = " ".join(["Abdulrahman-Mohammed"] * 15)[:300]


def _sizes_of(pdf: bytes, piece: str, page: int = 0) -> list[float]:
    """Printed sizes (font size times the scaling in force) of the text pieces that contain `piece` on a page."""
    sizes: list[float] = []

    def visitor(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if piece in text:
            sizes.append(size * abs(tm[3]) * abs(cm[3]))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visitor)
    return sizes


def test_a_300_character_name_keeps_the_address_readable() -> None:
    assert len(LONG_NAME) == 300
    person = replace(sample_letters.PERSON, given_names=LONG_NAME)
    pdf = render_referral_letter(sample_letters.referral("de", person=person)).pdf
    sizes = _sizes_of(pdf, "Lindenstraße 12")
    assert sizes and min(sizes) >= 8.0, sizes
    assert _sizes_of(pdf, "49124 Georgsmarienhütte")
    window = [s for s in PdfReader(io.BytesIO(pdf)).pages[0].extract_text().splitlines() if s.endswith("Haddad")]
    assert any("…" in line for line in window)  # the given names are cut, the family name stays
    header = _sizes_of(pdf, "KIM-2026-00042", page=1)  # the running header of page 2 keeps its 8 pt
    assert header and min(header) >= 8.0, header


def test_a_name_stored_with_a_line_break_prints_on_one_line() -> None:
    person = replace(sample_letters.PERSON, given_names="Amira\nNour\t")
    pdf = render_referral_letter(sample_letters.referral("de", person=person)).pdf
    lines = PdfReader(io.BytesIO(pdf)).pages[0].extract_text().splitlines()
    assert any("Amira Nour Haddad" in line for line in lines)
