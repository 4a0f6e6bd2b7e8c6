"""Many letters in one document: each letter's pages as when printed alone, fonts embedded once."""

import io
from dataclasses import replace

from pypdf import PdfReader

from kim_desktop.documents.referral_letter import render_referral_letter, render_referral_letters

from .sample_letters import PERSON, referral

LETTERS = [
    referral("de", reference="R-1"),
    referral("ar", reference="R-2"),
    # Long enough to push the Arabic copy over more pages than usual.
    referral("ar", reference="R-3", person=replace(PERSON, family_name="Sehr-Langer-Familienname " * 8)),
    referral("ti", reference="R-4"),
    referral("xx", reference="R-5"),
]


def _page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def _embedded_font_files(pdf: bytes) -> int:
    reader = PdfReader(io.BytesIO(pdf))
    files = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object().get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                files.add(descriptor.get_object().raw_get("/FontFile2").idnum)
    return len(files)


def test_batch_pages_are_the_pages_of_each_letter_alone() -> None:
    batch = render_referral_letters(LETTERS)
    alone = [_page_texts(render_referral_letter(data).pdf) for data in LETTERS]
    assert _page_texts(batch.pdf) == [text for pages in alone for text in pages]
    # Each letter counts its own pages ("Seite 2" on the second page of every letter of two or more pages).
    assert all("Seite 2" in pages[1] for pages in alone if len(pages) > 1)


def test_batch_records_the_texts_of_each_letter() -> None:
    batch = render_referral_letters(LETTERS)
    assert [tuple(language for language, _ in versions) for versions in batch.text_versions] == [
        ("de",),
        ("de", "ar"),
        ("de", "ar"),
        ("de", "ti"),
        ("de",),
    ]
    assert batch.text_version(3, "ti") == render_referral_letter(LETTERS[3]).text_version("ti")
    assert batch.text_version(0, "ar") is None


def test_batch_embeds_each_font_once_not_per_letter() -> None:
    one = render_referral_letters(LETTERS[:2]).pdf
    many = render_referral_letters(LETTERS[:2] * 10).pdf
    assert _embedded_font_files(many) == _embedded_font_files(one)
    assert len(many) < 4 * len(one)
