"""The translated part says everything from data in the person's language; sentences with optional data stay whole.

Text is checked through pypdf extraction: German and the Latin/Cyrillic languages by their sentences; Arabic,
Persian and Tigrinya (whose extraction order another change is fixing) by what is and is not on a page.
"""

import io
import re
from dataclasses import replace
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from kim_desktop.documents.appointment_letter import render_appointment_letter
from kim_desktop.documents.consent_form import render_consent_form
from kim_desktop.documents.letter_data import Childcare, RenderedLetter, WayThere
from kim_desktop.documents.letter_facts import opening_hours_text, read_opening_hours
from kim_desktop.documents.letter_texts import (
    available_languages,
    german_texts,
    load_letter_texts,
    plural_categories,
    plural_category,
)
from kim_desktop.documents.referral_letter import render_referral_letter, render_referral_letters
from kim_desktop.domain.enums import PermissionKind

from .sample_letters import PERSON, appointment, consent, referral

LANGUAGES = available_languages()
TRANSLATED = [language for language in LANGUAGES if language != "de"]
LATIN_OR_CYRILLIC = ["de-LS", "en", "ru", "uk", "tr"]


def pages(letter: RenderedLetter | bytes) -> list[str]:
    pdf = letter if isinstance(letter, bytes) else letter.pdf
    return [
        re.sub(r"\s+", " ", (page.extract_text() or "").replace("\u00a0", " "))
        for page in PdfReader(io.BytesIO(pdf)).pages
    ]


def test_plural_categories_follow_cldr() -> None:
    assert [plural_category("de", n) for n in (0, 1, 2, 48)] == ["other", "one", "other", "other"]
    assert [plural_category("ru", n) for n in (1, 2, 5, 11, 12, 21, 22, 25, 111)] == [
        "one", "few", "many", "many", "many", "one", "few", "many", "many",
    ]  # fmt: skip
    assert [plural_category("ar", n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111)] == [
        "zero", "one", "two", "few", "few", "many", "many", "other", "other", "few", "many",
    ]  # fmt: skip
    assert [plural_category("fa", n) for n in (0, 1, 2)] == ["one", "one", "other"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_plural_has_every_form_its_language_uses(language: str) -> None:
    texts = load_letter_texts(language)
    assert texts is not None
    assert set(texts.plurals) == set(german_texts().plurals) >= {"minutes", "age_months", "age_years", "places"}
    for key, forms in texts.plurals.items():
        assert set(plural_categories(language)) <= set(forms), (key, sorted(forms))
        for count in (0, 1, 2, 3, 5, 11, 21, 48, 100):
            assert str(count) in texts.plural(key, count) or count in (1, 2), (key, count)


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("de", 1, "1 Minute"), ("de", 48, "48 Minuten"), ("en", 1, "1 minute"), ("en", 2, "2 minutes"),
        ("ru", 1, "1 минуты"), ("ru", 22, "22 минут"), ("uk", 21, "21 хвилини"), ("uk", 5, "5 хвилин"),
        ("tr", 48, "48 dakika"), ("ar", 2, "دقيقتين"), ("ar", 5, "5 دقائق"), ("ar", 48, "48 دقيقة"),
    ],
)  # fmt: skip
def test_minutes_are_counted_right(language: str, count: int, expected: str) -> None:
    texts = load_letter_texts(language)
    assert texts is not None
    assert texts.plural("minutes", count) == expected


def _way(minutes: int) -> WayThere:
    return WayThere(
        origin="Ostermoorfeld",
        minutes=minutes,
        connection_notes="Bus R45, Umstieg in Musterstadt ZOB",
        location_notes="Bus 461 bis Haltestelle „Rathaus“, 3 Minuten Fußweg.",
    )


def test_the_way_there_reads_in_order_one_sentence_each_with_the_right_plural() -> None:
    data = referral("en", course=replace(referral().course, way=_way(1)))
    text = pages(render_referral_letter(data))
    german, english = " ".join(text[:2]), " ".join(text[2:])
    first = german.index("Ab Ostermoorfeld: Bus R45, Umstieg in Musterstadt ZOB")
    second = german.index("Am Kursort: Bus 461 bis Haltestelle „Rathaus“, 3 Minuten Fußweg.")
    third = german.index("Mit Bus und Bahn brauchen Sie ab Ostermoorfeld etwa 1 Minute.")
    assert first < second < third
    assert "1 Minuten" not in german and "ZOB Fahrzeit" not in german
    assert "From Ostermoorfeld: (in German:) Bus R45, Umstieg in Musterstadt ZOB" in english
    assert "At the course location: (in German:) Bus 461 bis Haltestelle" in english
    assert "By bus and train, the journey from Ostermoorfeld takes about 1 minute." in english
    assert "Mit Bus und Bahn" not in english  # nothing German but the typed notes, which are marked


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_german_sentence_from_data_in_the_translation(language: str) -> None:
    data = referral(language, course=replace(referral().course, way=_way(48)))
    text = pages(render_referral_letter(data))
    german, translated = " ".join(text[:2]), " ".join(text[2:])
    for sentence in (
        "Es gibt Kinderbetreuung für Kinder von 12 Monaten bis 6 Jahren (3 Plätze).",
        "Mit Bus und Bahn brauchen Sie ab Ostermoorfeld etwa 48 Minuten.",
        "Sprechzeiten: Mo–Do 08:30–12:00; Do 14:00–17:30.",  # (the German footer prints the hours as typed)
    ):
        assert sentence in german
        assert sentence not in translated, sentence
    if language in LATIN_OR_CYRILLIC:
        texts = load_letter_texts(language)
        assert texts is not None
        assert texts.plural("minutes", 48) in translated
        assert texts.plural("places", 3) in translated
        hours = opening_hours_text(texts, "", read_opening_hours("Mo–Do 8:30–12:00, Do 14:00–17:30"))
        assert " ".join(hours.split()) in translated


@pytest.mark.parametrize(
    ("care", "german", "english"),
    [
        (Childcare(3, 12, 6), "Kinder von 12 Monaten bis 6 Jahren (3 Plätze)", "from 12 months to 6 years (3 places)"),
        (Childcare(1, None, 1), "Kinder bis 1 Jahr (1 Platz)", "children up to 1 year (1 place)"),
        (Childcare(2), "Es gibt Kinderbetreuung (2 Plätze).", "There is childcare (2 places)."),
        (Childcare(0), "keine Kinderbetreuung", "no childcare"),
    ],
)
def test_childcare_from_its_facts(care: Childcare, german: str, english: str) -> None:
    text = " ".join(pages(render_referral_letter(referral("en", course=replace(referral().course, childcare=care)))))
    assert german in text and english in text


def test_opening_hours_are_read_or_else_printed_as_typed() -> None:
    assert read_opening_hours("Mo–Fr 8–12 Uhr, Do 14:00–17:30") is not None
    assert read_opening_hours("Mo-Mi 9.00-12.00 und 13-15") is not None
    assert read_opening_hours("nach Vereinbarung") is None
    english = load_letter_texts("en")
    assert english is not None
    assert opening_hours_text(english, "nach Vereinbarung", None) == "(in German:) nach Vereinbarung"
    assert opening_hours_text(english, "", read_opening_hours("Mo–Fr 8–12 Uhr")) == "Mon–Fri 08:00–12:00"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", [kind for kind in PermissionKind if kind is not PermissionKind.SELBSTZAHLER])
def test_a_permit_without_issue_date_gives_a_whole_sentence(language: str, kind: PermissionKind) -> None:
    texts = load_letter_texts(language)
    assert texts is not None
    assert "{issued_on}" not in texts.raw(f"referral.permission_{kind}_undated")
    permission = replace(referral().permission, kind=kind, issued_on=None)
    text = " ".join(pages(render_referral_letter(referral(language, permission=permission))))
    # (The table row "Ausgestellt am | nicht angegeben" may stay: it is a label and its value, not a sentence.)
    assert not re.search(r"am nicht angegeben (bestätigt|dazu|zum)", text)
    german = german_texts().text(f"referral.permission_{kind}_undated", {"issuer": "Jobcenter Landkreis Osnabrück"})
    assert german in text
    if language in LATIN_OR_CYRILLIC:
        not_given = texts.text("labels.not_given")
        sentence = texts.text(f"referral.permission_{kind}_undated", {"issuer": "Jobcenter Landkreis Osnabrück"})
        assert sentence.split("\n")[0] in text
        assert f"{not_given} (" not in text and f"{not_given}." not in text


START = date(2026, 9, 7)


@pytest.mark.parametrize(
    ("start", "current", "german", "english"),
    [
        (START, 4, "Der Kurs läuft seit dem 07.09.2026 und ist jetzt in Modul 4. Sie steigen in Modul 6 ein.",
         "The course has been running since 07.09.2026 and is now in module 4. You join in module 6."),
        (START, None, "Der Kurs läuft seit dem 07.09.2026. Sie steigen in Modul 6 ein.",
         "The course has been running since 07.09.2026. You join in module 6."),
        (date(2026, 12, 7), None, "Der Kurs beginnt am 07.12.2026 mit Modul 1. Sie steigen in Modul 6 ein.",
         "The course starts on 07.12.2026 with module 1. You join in module 6."),
    ],
)  # fmt: skip
def test_course_start_for_someone_joining_at_module_6(
    start: date, current: int | None, german: str, english: str
) -> None:
    course = replace(referral().course, entry_module=6, start_date=start, current_module=current)
    text = " ".join(pages(render_referral_letter(referral("en", course=course))))
    assert german in text and english in text


def test_a_course_starting_later_at_module_1_shows_its_date() -> None:
    text = " ".join(pages(render_referral_letter(referral("de"))))
    assert "Kursbeginn 07.12.2026" in text and "läuft seit" not in text


@pytest.mark.parametrize("language", TRANSLATED)
def test_page_one_says_in_the_persons_language_where_their_version_starts(language: str) -> None:
    texts = load_letter_texts(language)
    assert texts is not None
    text = pages(render_referral_letter(referral(language)))
    notice = texts.text("common.translation_from_page", {"page": "3"})
    subject = texts.text("referral.subject")
    assert texts.language_name  # printed before the notice
    if language in LATIN_OR_CYRILLIC:
        assert notice in text[0]
        assert subject in text[2] and subject not in text[1]
    else:  # the notice is the only text in the person's script on page 1 (Arabic is extracted shaped today)
        assert _script_letters(text[0]) and not _script_letters(text[1])
        assert _script_letters(text[2])


def _script_letters(text: str) -> list[str]:
    """Letters of Arabic script (also as presentation forms) or Ethiopic in a text."""
    ranges = ((0x0600, 0x06FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF), (0x1200, 0x139F))
    return [char for char in text if any(low <= ord(char) <= high for low, high in ranges)]


def test_the_page_named_is_right_when_the_german_part_grows() -> None:
    long_notes = "Bus 461 bis Haltestelle „Rathaus“, dann 3 Minuten zu Fuß. " * 40
    course = replace(referral().course, way=replace(referral().course.way, location_notes=long_notes))
    letter = render_referral_letter(referral("en", course=course))
    text = pages(letter)
    start = next(index for index, page in enumerate(text) if "Your integration course" in page) + 1
    assert start > 3
    assert f"This letter in English starts on page {start}." in text[0]
    # In a batch too, each letter names its own page.
    batch = pages(render_referral_letters([referral("en"), referral("en", course=course)]).pdf)
    assert "starts on page 3." in batch[0]
    assert f"starts on page {start}." in batch[4]


def test_appointment_and_consent_name_their_page_too() -> None:
    appointment_pages = pages(render_appointment_letter(appointment("en")))
    start = next(index for index, page in enumerate(appointment_pages) if "Invitation to a counselling" in page) + 1
    assert f"This letter in English starts on page {start}." in appointment_pages[0]
    consent_pages = pages(render_consent_form(consent("en")))
    assert "This letter in English starts on page 2." in consent_pages[0]
    assert "Unterschrift" in consent_pages[0]  # the notice sits beside the salutation: the form stays one page


@pytest.mark.parametrize("kind", ["referral", "appointment", "consent", "batch"])
def test_the_pdf_is_dated_the_letters_date_never_2000(kind: str) -> None:
    if kind == "referral":
        pdf, day = render_referral_letter(referral("ar")).pdf, referral().issue_date
    elif kind == "appointment":
        pdf, day = render_appointment_letter(appointment("de")).pdf, appointment().issue_date
    elif kind == "consent":
        pdf, day = render_consent_form(consent("uk")).pdf, consent().issue_date
    else:
        pdf, day = render_referral_letters([referral("de"), referral("ti")]).pdf, referral().issue_date
    metadata = PdfReader(io.BytesIO(pdf)).metadata
    assert metadata is not None
    for stamp in (metadata.creation_date, metadata.modification_date):
        assert stamp is not None and stamp.replace(tzinfo=None) == datetime(day.year, day.month, day.day)


def test_typed_notes_of_an_invitation_are_marked_as_german_in_the_translation() -> None:
    text = " ".join(pages(render_appointment_letter(appointment("en", interpreter_language="Wolof"))))
    assert "So kommen Sie zu uns: Bus 21 bis „Kreishaus“." in text
    assert "How to get to us: (in German:) Bus 21 bis „Kreishaus“." in text
    assert "An interpreter for (in German:) Wolof will be at the appointment." in text
    named = " ".join(pages(render_appointment_letter(appointment("ru", interpreter_language="Arabisch",
                                                                  interpreter_language_code="ar"))))  # fmt: skip
    assert "Dolmetscher für Arabisch" in named and "переводчик с языка: арабский" in named


def test_long_family_name_still_fits_the_notice() -> None:
    person = replace(PERSON, family_name="Sehr-Langer-Familienname " * 8)
    text = pages(render_referral_letter(referral("en", person=person)))
    start = next(index for index, page in enumerate(text) if "Your integration course" in page) + 1
    assert f"starts on page {start}." in text[0]


def test_a_letter_is_laid_out_once_when_the_page_is_guessed_right(monkeypatch: pytest.MonkeyPatch) -> None:
    from kim_desktop.documents import letter_sections

    first = render_appointment_letter(appointment("en")).pdf  # learns where this kind's translation starts
    layouts: list[int] = []
    build = letter_sections.build_letter_pdf
    monkeypatch.setattr(letter_sections, "build_letter_pdf", lambda *args: layouts.append(1) or build(*args))
    assert render_appointment_letter(appointment("en")).pdf == first
    assert len(layouts) == 1
    letter_sections._LAST_START.clear()  # a wrong guess costs a second layout, never a different letter
    assert render_appointment_letter(appointment("en")).pdf == first


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_notice_costs_the_signed_german_page_no_room(language: str) -> None:
    texts = load_letter_texts(language)
    assert texts is not None
    form = pages(render_consent_form(consent(language)))
    assert "Unterschrift" in form[0] and "Unterschrift" not in form[1]  # signed German page, still one page
    if language in LATIN_OR_CYRILLIC:
        assert texts.text("common.translation_from_page", {"page": "2"}).split("\n")[0] in form[0]


@pytest.mark.parametrize("language", ["de", "de-LS", "en", "ru"])
def test_a_permit_without_issuer_names_the_responsible_authority(language: str) -> None:
    # Before: "nicht angegeben hat Sie am 02.10.2026 dazu verpflichtet".
    permission = replace(referral().permission, issuer="")
    text = " ".join(pages(render_referral_letter(referral(language, permission=permission))))
    assert "Die zuständige Behörde hat Sie am 02.10.2026 dazu verpflichtet" in text
    assert "nicht angegeben hat" not in text
    texts = load_letter_texts(language)
    assert texts is not None
    sentence = texts.text("referral.permission_verpflichtung", {"issuer": texts.text("labels.issuer_unknown"),
                                                                 "issued_on": "02.10.2026"})  # fmt: skip
    assert " ".join(sentence.split()) in text


def test_the_room_an_advisor_typed_is_marked_as_german_in_the_translation() -> None:
    text = " ".join(pages(render_appointment_letter(appointment("en"))))
    assert "Raum Raum 214, 2. Stock" in text  # German part: label and value as typed
    assert "Room (in German:) Raum 214, 2. Stock" in text
