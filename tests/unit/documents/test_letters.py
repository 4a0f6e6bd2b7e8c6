"""Rendered referral and appointment letters: content, escaping, long names, languages, reproducibility."""

import io
import re
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader

from kim_desktop.documents.appointment_letter import render_appointment_letter
from kim_desktop.documents.letter_data import Childcare, RenderedLetter, WayThere
from kim_desktop.documents.referral_letter import render_referral_letter
from kim_desktop.documents.text import shape_rtl_line
from kim_desktop.domain.course_costs import cost_statement
from kim_desktop.domain.enums import FeeExemption, PermissionKind
from kim_desktop.domain.rules_table import Rules

from .sample_letters import PERSON, appointment, referral


def pdf_text(letter: RenderedLetter) -> str:
    reader = PdfReader(io.BytesIO(letter.pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def flat(text: str) -> str:
    """Text with line breaks and repeated spaces collapsed, so wrapped phrases can be found."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


GERMAN_ITEMS = [
    "Landkreis Osnabrück",
    "Integrationsbüro",
    "Am Schölerberg 1",
    "0541 501-1234",
    "integration@lkos.example",
    "Mo–Do 8:30–12:00",
    "Amira Haddad",
    "17.04.1991",
    "Lindenstraße 12",
    "49124 Georgsmarienhütte",
    "Verpflichtung (§ 44a AufenthG)",
    "Jobcenter Landkreis Osnabrück",
    "02.10.2026",
    "01.10.2027",
    "JC-4711/26",
    "unverzüglich",
    "Anmeldebestätigung",
    "Allgemeiner Integrationskurs",
    "Modul 1",
    "Volkshochschule Osnabrücker Land",
    "Marktplatz 3",
    "Bus 461",
    "07.12.2026",
    "Mo–Fr, 08:30 bis 12:45 Uhr",
    "25 Unterrichtseinheiten pro Woche",
    "Es gibt Kinderbetreuung für Kinder von 12 Monaten bis 6 Jahren (3 Plätze).",
    "3 Plätze",
    "27.11.2026",
    "Reisepass oder Personalausweis",
    "Aufenthaltstitel",
    "Berechtigung oder Verpflichtung",
    "Bürgergeld",
    "2,29 € pro Unterrichtseinheit",
    "229,00 €",
    "Befreiung",
    "Fahrtkosten",
    "vor dem Beginn des Kursabschnitts",
    "Petra Sommer",
    "0541 501-4321",
    "p.sommer@lkos.example",
    "KIM-2026-00042",
    "16.11.2026",
]
ENGLISH_ITEMS = [
    "Your integration course",
    "Dear Amira Haddad",
    "Obligation (Section 44a Residence Act)",
    "without delay",
    "proof of registration",
    "General integration course",
    "Module 1",
    "Mon–Fri, 08:30 to 12:45",
    "25 lessons per week",
    "Register with the course provider by 27.11.2026",
    "Passport or identity card",
    "Residence title",
    "2,29 € per lesson",
    "229,00 €",
    "exemption from the costs",
    "subsidy for your travel costs",
    "Apply before the course section starts",
    "Petra Sommer",
    "Only the German text is legally binding",
]


def test_german_letter_carries_every_required_item() -> None:
    letter = render_referral_letter(referral("de"))
    text = flat(pdf_text(letter))
    missing = [item for item in GERMAN_ITEMS if item not in text]
    assert not missing
    assert letter.languages == ("de",)
    assert letter.text_version("de") == "2026-12-3"


def test_english_letter_has_german_then_english() -> None:
    letter = render_referral_letter(referral("en"))
    text = flat(pdf_text(letter))
    missing = [item for item in GERMAN_ITEMS + ENGLISH_ITEMS if item not in text]
    assert not missing
    assert text.index("Ihr Integrationskurs") < text.index("Your integration course")
    assert letter.languages == ("de", "en")
    assert dict(letter.text_versions) == {"de": "2026-12-3", "en": "2026-12-3"}


def test_unknown_language_falls_back_to_german_only() -> None:
    letter = render_referral_letter(referral("xx"))
    assert letter.languages == ("de",)


def test_pdf_embeds_the_fonts() -> None:
    reader = PdfReader(io.BytesIO(render_referral_letter(referral("ti")).pdf))
    embedded = set()
    for page in reader.pages:
        content = page.get_contents().get_data().decode("latin-1")
        for name, font in page["/Resources"]["/Font"].items():
            if font.get_object()["/BaseFont"] == "/Helvetica":
                # reportlab always lists Helvetica as /F1; no text may use it.
                assert f"{name} " not in content
                continue
            descriptor = font.get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor
            embedded.add(str(font.get_object()["/BaseFont"]))
    assert any("NotoSansEthiopic" in name for name in embedded)
    assert any("NotoSans" in name for name in embedded)


@pytest.mark.parametrize("hostile", ["<font size=80>Ali</font>", "A & B <b>", "x</para><para>y", "&amp; &lt;"])
def test_markup_in_user_data_prints_literally(hostile: str) -> None:
    person = replace(PERSON, family_name=hostile, street=hostile)
    letter = render_referral_letter(referral("ar", person=person))
    text = flat(pdf_text(letter))
    assert hostile in text


def test_very_long_name_wraps_and_is_printed_completely() -> None:
    long_name = "Abdulrahman-Mohammed " * 5 + "Al-Husseini-Bin-Abdullah-Ibn-Khalid"
    long_name = (long_name + " " + "Q" * 120)[:120]
    assert len(long_name) == 120
    long_course = "Volkshochschule " * 12
    letter = render_referral_letter(
        referral(
            "en",
            person=replace(PERSON, given_names="", family_name=long_name),
            course=replace(referral().course, provider_name=long_course, location_address=long_course),
        )
    )
    text = pdf_text(letter)
    squeezed = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", long_name) in squeezed
    assert re.sub(r"\s+", "", long_course) in squeezed


@pytest.mark.parametrize("language", ["de", "en", "ar", "fa", "uk", "ru", "tr", "ti"])
@pytest.mark.parametrize("kind", list(PermissionKind))
def test_every_language_and_permission_kind_renders(language: str, kind: PermissionKind) -> None:
    data = referral(language, permission=replace(referral().permission, kind=kind, obliged=False))
    letter = render_referral_letter(data)
    assert letter.pdf.startswith(b"%PDF")
    assert len(letter.languages) == (1 if language == "de" else 2)


FULL = ("4,58 € pro Unterrichtseinheit", "458,00 €", "vollen Betrag")
REDUCED = ("2,29 € pro Unterrichtseinheit", "229,00 €")
# Phrases each cost situation must print, and phrases it must not (German letter).
COST_SENTENCES = {
    "self_payer": (FULL, ("2,29 €", "befreit", "Befreiung", "Fahrtkosten", "Bürgergeld")),
    FeeExemption.NONE: ((*REDUCED, "Befreiung von den Kosten beantragen", "Bürgergeld"), ("befreit", "4,58 €")),
    FeeExemption.REQUESTED: ((*REDUCED, "Befreiung von den Kosten beantragt", "Fahrtkosten"), ("4,58 €",)),
    FeeExemption.GRANTED: (("Sie sind von den Kosten befreit. Sie zahlen nichts.", "Fahrtkosten"),
                           ("2,29 €", "229,00 €", "4,58 €", "Sie zahlen 0", "beantragen")),
    FeeExemption.REFUSED: ((*REDUCED, "abgelehnt"), ("Fahrtkosten", "4,58 €", "Sie sind von den Kosten befreit")),
}  # fmt: skip


@pytest.mark.parametrize("kind", list(PermissionKind))
@pytest.mark.parametrize("exemption", list(FeeExemption))
def test_cost_sentences_follow_the_cost_statement(kind: PermissionKind, exemption: FeeExemption) -> None:
    costs = cost_statement(kind, exemption, Rules.defaults(), distance_km=6.5)
    data = referral("de", permission=replace(referral().permission, kind=kind), costs=costs)
    text = flat(pdf_text(render_referral_letter(data)))
    must, must_not = COST_SENTENCES["self_payer" if kind is PermissionKind.SELBSTZAHLER else exemption]
    assert [phrase for phrase in must if phrase not in text] == []
    assert [phrase for phrase in must_not if phrase in text] == []


def test_missing_optional_data_prints_not_stated() -> None:
    course = replace(
        referral().course, entry_module=None, registration_deadline=None, childcare=Childcare(), way=WayThere()
    )
    costs = cost_statement(PermissionKind.VERPFLICHTUNG, FeeExemption.GRANTED, Rules.defaults(), distance_km=None)
    data = referral("de", course=course, person=replace(PERSON, birth_date=None), costs=costs)
    text = flat(pdf_text(render_referral_letter(data)))
    assert "Einstufungstest" in text and "so schnell wie möglich" in text and "keine Kinderbetreuung" in text
    assert "Fahrtkosten" not in text


@pytest.mark.parametrize("language", ["de", "de-LS", "en", "ar", "fa", "uk", "ru", "tr", "ti"])
def test_a_held_seat_is_named_and_the_deadline_is_not_after_it(language: str) -> None:
    course = replace(referral().course, registration_deadline=date(2026, 11, 19), seat_held_until=date(2026, 11, 19))
    text = flat(pdf_text(render_referral_letter(referral(language, course=course))))
    assert "27.11.2026" not in text  # the course's own later deadline is not printed
    # German part: the register-by date and the hold sentence; the translation repeats the date.
    assert "bis zum 19.11.2026 beim Kursträger an" in text
    assert "bis zum 19.11.2026 für Sie reserviert" in text
    assert text.count("19.11.2026") >= (2 if language == "de" else 4)


def test_arabic_letter_is_shaped_and_right_aligned() -> None:
    letter = render_referral_letter(referral("ar"))
    reader = PdfReader(io.BytesIO(letter.pdf))
    # The glyphs are the joined forms; the text read back from them is the ordinary letters (see test_every_script).
    assert any("\ufe70" <= ch <= "\ufeff" for ch in shape_rtl_line("مع أطيب التحيات"))
    arabic_pages = [page for page in reader.pages if any("\u0627" <= ch <= "\u064a" for ch in page.extract_text())]
    assert arabic_pages, "Arabic text is printed"
    right_edges: list[float] = []

    def visitor(text: str, _cm: object, tm: list[float], _font: object, _size: object) -> None:
        if any("\u0627" <= ch <= "\u064a" for ch in text):
            right_edges.append(tm[4])

    arabic_pages[-1].extract_text(visitor_text=visitor)
    assert right_edges


def test_output_is_reproducible_and_letters_share_no_state() -> None:
    first = [render_referral_letter(referral(language)).pdf for language in ("de", "ar", "ti", "fa", "uk")] * 4
    again = [render_referral_letter(referral(language)).pdf for language in ("de", "ar", "ti", "fa", "uk")] * 4
    assert first == again
    assert render_referral_letter(referral("de")).pdf != render_referral_letter(referral("en")).pdf


def test_appointment_letter() -> None:
    letter = render_appointment_letter(appointment("en", interpreter_language="Dari", interpreter_language_code="prs"))
    text = flat(pdf_text(letter))
    for item in [
        "Einladung zum Beratungstermin",
        "24.11.2026",
        "10:15",
        "Kreishaus Osnabrück",
        "Raum 214",
        "Bus 21",
        "Invitation to a counselling appointment",
        "interpreter for Dari",
        "Petra Sommer",
    ]:
        assert item in text
    assert letter.languages == ("de", "en")
    for language in ("ar", "fa", "ti", "uk"):
        assert render_appointment_letter(appointment(language)).pdf.startswith(b"%PDF")
