"""Referral letters built from the database: content, both languages, what is stored, reprint, batch."""

from datetime import date, datetime, time
from io import BytesIO

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from kim_desktop.db.models import IssuedDocument, Person, Referral
from kim_desktop.domain.enums import DocumentKind, FeeExemption
from kim_desktop.domain.errors import ValidationFailed
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.letters import (
    AppointmentRequest,
    appointment_letter,
    issue_letters_batch,
    issue_referral_letter,
    letters_of_day,
)
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
