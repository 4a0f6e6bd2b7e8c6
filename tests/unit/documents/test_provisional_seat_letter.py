"""A seat taken at an outreach consultation is requested, not held: every language says it is confirmed later."""

from dataclasses import replace
from datetime import date

import pytest

from kim_desktop.documents.referral_letter import render_referral_letter

from .sample_letters import referral
from .test_letters import flat, pdf_text

# A word of each translation's sentence (the German part is checked in full).
REQUESTED = {
    "de": "angefragt",
    "de-LS": "angefragt",
    "en": "requested",
    "tr": "talep",
    "ru": "запрошено",
    "uk": "запитано",
    "ar": "طلب",
    "fa": "درخواست",
    "ti": "ተሓቲቱ",
}


@pytest.mark.parametrize("language", sorted(REQUESTED))
def test_a_provisional_seat_is_requested_and_confirmed_within_days(language: str) -> None:
    course = replace(referral().course, seat_held_until=date(2026, 11, 19), seat_provisional_days=9)
    text = flat(pdf_text(render_referral_letter(referral(language, course=course))))
    assert "Wir bestätigen ihn Ihnen innerhalb von 9 Tagen telefonisch oder schriftlich" in text
    assert "für Sie reserviert" not in text  # no promise of a hold the office has not confirmed yet
    assert REQUESTED[language] in text


def test_an_ordinary_hold_keeps_its_sentence() -> None:
    course = replace(referral().course, seat_held_until=date(2026, 11, 19))
    text = flat(pdf_text(render_referral_letter(referral("de", course=course))))
    assert "für Sie reserviert" in text and "angefragt" not in text
