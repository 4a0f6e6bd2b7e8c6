"""Referral letters built from the database: content, both languages, what is stored, reprint, batch."""

from datetime import date, datetime, time
from io import BytesIO

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from kim_desktop.db.models import IssuedDocument, Person, Referral
from kim_desktop.domain.enums import DocumentKind, FeeExemption
from kim_desktop.domain.errors import ValidationFailed
from kim_desktop.services.appointment_letters import AppointmentRequest, appointment_letter
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.letters import issue_letters_batch, issue_referral_letter, letters_of_day
from kim_desktop.services.referrals import reserve_seat
from kim_desktop.settings import OfficeProfile
from tests.integration.referral_setup import TODAY, Network, build_network

OFFICE = OfficeProfile(
    name="Landkreis Musterland",
    department="Integrationsbüro",
    street="Am Schlossgraben 1",
    postcode="49074",
    city="Osnabrück",
    phone="0541 501-0",
    email="integration@example.org",
    opening_hours="Mo–Fr 8–12 Uhr",
)
NOW = datetime(2026, 3, 2, 10, 15)


@pytest.fixture
def net(database: OpenDatabase) -> Network:
    return build_network(database, max_seats=5)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages)


def reserve(db: OpenDatabase, person: int, net: Network) -> int:
    with db.sessions() as session:
        return reserve_seat(session, person, net.course, actor_id=net.advisor, today=TODAY, now=NOW).referral_id


def issue(db: OpenDatabase, referral: int, **kw: object) -> object:
    with db.sessions() as session:
        return issue_referral_letter(session, referral, OFFICE, actor_id=1, today=TODAY, now=NOW, **kw)  # type: ignore[arg-type]


def test_letter_carries_everything_from_the_database(database: OpenDatabase, net: Network) -> None:
    referral = reserve(database, net.rania, net)
    letter = issue(database, referral)
    text = text_of(letter.pdf)  # type: ignore[attr-defined]
    squeezed = " ".join(text.split())
    for expected in (
        "Rania Haddad",
        "17.05.1990",
        "Lindenweg 7",
        "Volkshochschule Melle",
        "Schulstraße 4, 49324 Melle",
        "Markt 1, 49324 Melle",
        "Bus 380",
        "AB-2026-0042",
        "Ausländerbehörde Landkreis",
        "10.02.2027",
        "Anna Krüger",
        "05422 999-12",
        "Landkreis Musterland",
        "13.04.2026",
        "05.03.2026",  # register by: the end of the seat's hold, before the course's deadline (01.04.2026)
        "08:30",
        "V-",
    ):
        assert expected in squeezed, expected
    assert "01.04.2026" not in squeezed
    assert letter.language == "ar"  # type: ignore[attr-defined]
    assert len(PdfReader(BytesIO(letter.pdf)).pages) >= 2  # type: ignore[attr-defined]
    assert any("\u0600" <= ch <= "\u06ff" or "\ufe70" <= ch <= "\ufeff" for ch in text)  # Arabic part present


def test_stored_language_version_and_identical_reprint(database: OpenDatabase, net: Network) -> None:
    referral = reserve(database, net.tesfaye, net)
    first = issue(database, referral)
    with database.sessions() as session:
        stored = session.get_one(Referral, referral)
        assert (stored.letter_language, stored.letter_printed_at) == ("ti", NOW)
        assert stored.letter_version == first.text_version  # type: ignore[attr-defined]
        assert stored.letter_version
    with database.sessions() as session:
        again = issue_referral_letter(session, referral, OFFICE, actor_id=1, today=date(2026, 3, 20))
    assert again.language == "ti"
    assert again.issue_date == TODAY  # reprinted as issued, not re-dated
    assert text_of(again.pdf) == text_of(first.pdf)  # type: ignore[attr-defined]
    with database.sessions() as session:
        docs = session.scalars(sa.select(IssuedDocument).where(IssuedDocument.referral_id == referral)).all()
        assert [(d.kind, d.language, d.issued_by_id) for d in docs] == [(DocumentKind.REFERRAL_LETTER, "ti", 1)] * 2
        assert session.get_one(Referral, referral).letter_printed_at == NOW


def test_other_language_makes_a_new_letter_and_preview_records_nothing(database: OpenDatabase, net: Network) -> None:
    referral = reserve(database, net.olena, net)
    preview = issue(database, referral, record=False, language="de")
    assert "Olena Kovalenko" in text_of(preview.pdf)  # type: ignore[attr-defined]
    with database.sessions() as session:
        assert session.get_one(Referral, referral).letter_printed_at is None
        assert session.scalar(sa.select(sa.func.count(IssuedDocument.id))) == 0
    issue(database, referral)
    english = issue(database, referral, language="en")
    assert english.language == "en"  # type: ignore[attr-defined]
    assert "Dear" in text_of(english.pdf) or "course" in text_of(english.pdf).lower()  # type: ignore[attr-defined]


def test_batch_of_the_day(database: OpenDatabase, net: Network) -> None:
    ids = [reserve(database, p, net) for p in (net.rania, net.tesfaye, net.olena)]
    with database.sessions() as session:
        assert letters_of_day(session, TODAY) == ids
        assert letters_of_day(session, date(2026, 3, 3)) == []
    singles = []
    for referral in ids:
        with database.sessions() as session:
            singles.append(issue_referral_letter(session, referral, OFFICE, actor_id=1, today=TODAY, record=False))
    with database.sessions() as session:
        pdf = issue_letters_batch(session, ids, OFFICE, actor_id=1, today=TODAY, now=NOW)
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) == sum(len(PdfReader(BytesIO(s.pdf)).pages) for s in singles)
    text = text_of(pdf)
    for name in ("Rania Haddad", "Tesfaye Abebe", "Olena Kovalenko"):
        assert name in text
    with database.sessions() as session:
        assert {r.letter_language for r in session.scalars(sa.select(Referral))} == {"ar", "ti", "uk"}


def test_batch_in_worker_processes(database: OpenDatabase, net: Network) -> None:
    from kim_desktop.services import letters

    ids = [reserve(database, p, net) for p in (net.rania, net.tesfaye, net.olena)]
    original = letters.PARALLEL_FROM
    letters.PARALLEL_FROM = 2
    try:
        with database.sessions() as session:
            pdf = issue_letters_batch(session, ids, OFFICE, actor_id=1, today=TODAY, now=NOW, workers=2)
    finally:
        letters.PARALLEL_FROM = original
    assert "Olena Kovalenko" in text_of(pdf)


def set_person(db: OpenDatabase, person_id: int, **values: object) -> None:
    with db.sessions() as session, session.begin():
        person = session.get_one(Person, person_id)
        for name, value in values.items():
            setattr(person, name, value)


def test_a_self_payer_is_charged_the_full_rate_and_offered_nothing(database: OpenDatabase, net: Network) -> None:
    # Tesfaye has no permission (a self-payer), yet an exemption is recorded and the course is 6.5 km away:
    # before, the letter said 2,29 €/229,00 € and then "Sie sind von den Kosten befreit … Zuschuss".
    set_person(database, net.tesfaye, fee_exemption=FeeExemption.GRANTED)
    referral = reserve(database, net.tesfaye, net)
    letter = issue(database, referral, language="de", record=False)
    text = " ".join(text_of(letter.pdf).split())  # type: ignore[attr-defined]
    assert "Sie zahlen 4,58 € pro Unterrichtseinheit" in text
    assert "Er kostet 458,00 €" in text
    assert "vollen Betrag" in text
    for wrong in ("2,29 €", "229,00 €", "befreit", "Befreiung", "Fahrtkosten", "Zuschuss"):
        assert wrong not in text, wrong
    assert any("Selbstzahler" in warning for warning in letter.warnings)  # type: ignore[attr-defined]
    assert "Ihre Berechtigung oder Verpflichtung" not in text  # nothing to bring that a self-payer cannot have


def test_a_fee_exempt_person_is_told_they_pay_nothing(database: OpenDatabase, net: Network) -> None:
    referral = reserve(database, net.rania, net)  # Verpflichtung, exemption granted, 6.5 km away
    letter = issue(database, referral, language="de", record=False)
    text = " ".join(text_of(letter.pdf).split())  # type: ignore[attr-defined]
    assert "Sie sind von den Kosten befreit. Sie zahlen nichts." in text
    assert "Zuschuss zu den Fahrtkosten" in text
    assert "Ihre Berechtigung oder Verpflichtung zum Integrationskurs" in text
    for wrong in ("2,29 €", "229,00 €", "4,58 €", "Sie zahlen 0"):
        assert wrong not in text, wrong


def test_the_letter_names_the_hold_and_registers_by_its_end(database: OpenDatabase, net: Network) -> None:
    referral = reserve(database, net.olena, net)  # held until 05.03.2026, the course's deadline is 01.04.2026
    letter = issue(database, referral, language="de")
    text = " ".join(text_of(letter.pdf).split())  # type: ignore[attr-defined]
    assert "Melden Sie sich bis zum 05.03.2026 beim Kursträger an" in text
    assert "bis zum 05.03.2026 für Sie reserviert" in text
    assert "01.04.2026" not in text
    assert letter.warnings == ()  # type: ignore[attr-defined]


def test_the_advisor_is_warned_of_a_passed_deadline_and_an_ended_hold(database: OpenDatabase, net: Network) -> None:
    referral = reserve(database, net.olena, net)
    with database.sessions() as session:
        late = issue_referral_letter(
            session, referral, OFFICE, actor_id=1, today=date(2026, 4, 2), language="de", record=False
        )
    assert [w.template.split(" ist ")[0] for w in late.warnings] == [
        "Die Anmeldefrist des Kurses",
        "Die Platzreservierung",
    ]
    assert "01.04.2026" in late.warnings[0] and "05.03.2026" in late.warnings[1]
    text = " ".join(text_of(late.pdf).split())
    assert "reserviert" not in text  # an ended hold is not printed as if it still ran
    # A reprint of the letter as issued still warns (the dates have passed since).
    issue(database, referral, language="de")
    with database.sessions() as session:
        again = issue_referral_letter(session, referral, OFFICE, actor_id=1, today=date(2026, 3, 9))
    assert again.issue_date == TODAY and len(again.warnings) == 1 and "05.03.2026" in again.warnings[0]
    assert "bis zum 05.03.2026 für Sie reserviert" in " ".join(text_of(again.pdf).split())


@pytest.mark.parametrize("code", ["xx", "so", "ara"])
def test_an_unknown_language_is_refused_and_nothing_recorded(database: OpenDatabase, net: Network, code: str) -> None:
    referral = reserve(database, net.olena, net)
    with pytest.raises(ValidationFailed) as caught:
        issue(database, referral, language=code)
    message = caught.value.for_field("language")
    assert message is not None and f"„{code}“" in message and "ar, de-LS, en" in message
    with database.sessions() as session:
        assert session.get_one(Referral, referral).letter_language is None
        assert session.scalar(sa.select(sa.func.count(IssuedDocument.id))) == 0


def test_a_language_code_in_capitals_is_normalised(database: OpenDatabase, net: Network) -> None:
    referral = reserve(database, net.olena, net)
    letter = issue(database, referral, language="AR")
    assert letter.language == "ar"  # type: ignore[attr-defined]
    assert any("\ufe70" <= ch <= "\ufeff" or "\u0600" <= ch <= "\u06ff" for ch in text_of(letter.pdf))  # type: ignore[attr-defined]
    with database.sessions() as session:
        assert session.get_one(Referral, referral).letter_language == "ar"
        assert session.scalars(sa.select(IssuedDocument.language)).all() == ["ar"]


def test_a_person_language_without_texts_prints_german_recorded_as_german(database: OpenDatabase, net: Network) -> None:
    set_person(database, net.olena, letter_language="so")
    referral = reserve(database, net.olena, net)
    letter = issue(database, referral)
    assert letter.language == "de"  # type: ignore[attr-defined]
    assert any("„so“" in warning for warning in letter.warnings)  # type: ignore[attr-defined]
    with database.sessions() as session:
        assert session.get_one(Referral, referral).letter_language == "de"
        assert session.scalars(sa.select(IssuedDocument.language)).all() == ["de"]


def test_the_appointment_letter_refuses_an_unknown_language(database: OpenDatabase, net: Network) -> None:
    request = AppointmentRequest(date(2026, 3, 10), time(10, 0))
    with database.sessions() as session, pytest.raises(ValidationFailed, match="Möglich sind"):
        appointment_letter(session, net.olena, request, OFFICE, language="xx", record=False)
    with database.sessions() as session:
        assert appointment_letter(session, net.olena, request, OFFICE, language="EN", record=False).language == "en"


def test_an_office_with_only_a_name_prints_no_empty_parts(database: OpenDatabase, net: Network) -> None:
    referral = reserve(database, net.olena, net)
    with database.sessions() as session:
        letter = issue_referral_letter(
            session, referral, OfficeProfile(name="Integrationsbüro"), actor_id=1, today=TODAY, now=NOW, record=False
        )
    text = text_of(letter.pdf)
    lines = [line.strip() for line in text.splitlines()]
    assert "Integrationsbüro" in lines  # the return line above the address: the name alone
    for broken in (" · ·", "· ·", "E-Mail: .", "Sprechzeiten:\n"):
        assert broken not in text, broken
    assert [line for line in lines if line.endswith("·") or line.startswith("·")] == []


# --- the person's language, really (issue 15) ---------------------------------------------------------------


def _village_with_a_bus(db: OpenDatabase, net: Network, person_id: int, minutes: int) -> None:
    """Move a person to a village 'minutes' away by bus (with a change), as the demo data has them."""
    from kim_desktop.db.models import Course, Municipality, TravelTime

    with db.sessions() as session, session.begin():
        village = Municipality(name="Ostermoorfeld", postcodes="49998")
        session.add(village)
        session.flush()
        location_id = session.get_one(Course, net.course).location_id
        session.add(TravelTime(municipality_id=village.id, location_id=location_id, minutes=minutes, distance_km=14.0,
                               connection_notes="Bus R45, Umstieg in Musterstadt ZOB"))  # fmt: skip
        session.get_one(Person, person_id).municipality = village
        session.get_one(Course, net.course).location.transit_notes = "Bus 380 bis Haltestelle Markt, 1 Minute Fußweg."


def _parts(pdf: bytes, marker: str) -> tuple[str, str]:
    """The German part and the translated part (from the page whose text has the marker)."""
    pages = [" ".join((page.extract_text() or "").split()) for page in PdfReader(BytesIO(pdf)).pages]
    start = next(index for index, page in enumerate(pages) if index and marker in page)
    return " ".join(pages[:start]), " ".join(pages[start:])


def test_the_way_there_is_in_order_and_in_the_persons_language(database: OpenDatabase, net: Network) -> None:
    # Before: "… Bus 380 bis Haltestelle Markt Bus R45, Umstieg in Musterstadt ZOB Fahrzeit ab Ostermoorfeld: etwa
    # 1 Minuten." — in the English part too, German, legs out of order, one run-on line.
    _village_with_a_bus(database, net, net.olena, minutes=1)
    letter = issue(database, reserve(database, net.olena, net), language="en", record=False)
    german, english = _parts(letter.pdf, "Your integration course")  # type: ignore[attr-defined]
    legs = ["Ab Ostermoorfeld: Bus R45, Umstieg in Musterstadt ZOB", "Am Kursort: Bus 380 bis Haltestelle Markt",
            "Mit Bus und Bahn brauchen Sie ab Ostermoorfeld etwa 1 Minute."]  # fmt: skip
    assert [german.index(leg) for leg in legs] == sorted(german.index(leg) for leg in legs)
    assert "Minuten." not in german.split("Ab Ostermoorfeld")[1].split("Kinderbetreuung")[0].replace("Fußweg.", "")
    assert "From Ostermoorfeld: (in German:) Bus R45, Umstieg in Musterstadt ZOB" in english
    assert "At the course location: (in German:) Bus 380 bis Haltestelle Markt, 1 Minute Fußweg." in english
    assert "By bus and train, the journey from Ostermoorfeld takes about 1 minute." in english
    for german_only in ("Fahrzeit", "Mit Bus und Bahn", "etwa"):
        assert german_only not in english


def test_childcare_and_opening_hours_are_in_the_persons_language(database: OpenDatabase, net: Network) -> None:
    # Before: "Kursbegleitende Kinderbetreuung für Kinder von 12 Monaten bis 6 Jahren" in every language.
    from kim_desktop.db.models import Course

    with database.sessions() as session, session.begin():
        course = session.get_one(Course, net.course)
        course.childcare_min_age_months, course.childcare_max_age_years = 12, 6
    letter = issue(database, reserve(database, net.olena, net), language="uk", record=False)
    german, ukrainian = _parts(letter.pdf, "Ваш інтеграційний курс")  # type: ignore[attr-defined]
    assert "Es gibt Kinderbetreuung für Kinder von 12 Monaten bis 6 Jahren (4 Plätze)." in german
    assert "Є догляд за дітьми віком від 12 місяців до 6 років (4 місця)." in ukrainian
    assert "Kinderbetreuung" not in ukrainian and "Monaten" not in ukrainian
    assert "Sprechzeiten: Mo–Fr 08:00–12:00." in german
    assert "Години прийому: Пн–Пт 08:00–12:00." in ukrainian


def test_joining_a_running_course_at_module_6(database: OpenDatabase, net: Network) -> None:
    # Before: "Kursbeginn 12.01.2026" — a date long past for someone who joins at module 6.
    from kim_desktop.db.models import Course

    with database.sessions() as session, session.begin():
        course = session.get_one(Course, net.course)
        course.start_date, course.current_module = date(2026, 1, 12), 4
    set_person(database, net.olena, recommended_module=6)
    letter = issue(database, reserve(database, net.olena, net), language="en", record=False)
    german, english = _parts(letter.pdf, "Your integration course")  # type: ignore[attr-defined]
    assert "Der Kurs läuft seit dem 12.01.2026 und ist jetzt in Modul 4. Sie steigen in Modul 6 ein." in german
    assert "The course has been running since 12.01.2026 and is now in module 4. You join in module 6." in english


def test_a_permit_without_issue_date_leaves_no_broken_sentence(database: OpenDatabase, net: Network) -> None:
    # Before: "Ausländerbehörde Landkreis hat Sie am nicht angegeben dazu verpflichtet".
    with database.sessions() as session, session.begin():
        session.get_one(Person, net.rania).permissions[0].issued_on = None
    letter = issue(database, reserve(database, net.rania, net), language="en", record=False)
    german, english = _parts(letter.pdf, "Your integration course")  # type: ignore[attr-defined]
    assert "Ausländerbehörde Landkreis hat Sie dazu verpflichtet (Verpflichtung nach § 44a" in german
    assert "Ausländerbehörde Landkreis obliged you to do so (obligation under Section 44a" in english
    assert "am nicht angegeben" not in german.replace("Ausgestellt am nicht angegeben", "")
    assert "to do so on not stated" not in english  # (the row "Issued on | not stated" is a label and value)


def test_page_one_names_the_page_of_the_translation_and_the_pdf_is_dated(database: OpenDatabase, net: Network) -> None:
    letter = issue(database, reserve(database, net.olena, net), language="en", record=False)
    reader = PdfReader(BytesIO(letter.pdf))  # type: ignore[attr-defined]
    start = next(i for i, page in enumerate(reader.pages) if "Your integration course" in page.extract_text()) + 1
    assert f"This letter in English starts on page {start}." in " ".join(reader.pages[0].extract_text().split())
    assert reader.metadata is not None and reader.metadata.creation_date is not None
    assert reader.metadata.creation_date.date() == TODAY  # not reportlab's fixed 01.01.2000


def test_the_interpreters_language_is_named_in_the_persons_language(database: OpenDatabase, net: Network) -> None:
    request = AppointmentRequest(date(2026, 3, 10), time(10, 0), interpreter_language="Arabisch")
    with database.sessions() as session:
        letter = appointment_letter(session, net.olena, request, OFFICE, language="en", record=False)
    text = " ".join(text_of(letter.pdf).split())
    assert "Dolmetscher für Arabisch" in text and "An interpreter for Arabic will be at the appointment." in text
    odd = AppointmentRequest(date(2026, 3, 10), time(10, 0), interpreter_language="Wolof")
    with database.sessions() as session:
        letter = appointment_letter(session, net.olena, odd, OFFICE, language="en", record=False)
    assert "An interpreter for (in German:) Wolof will be" in " ".join(text_of(letter.pdf).split())
