"""Referral letters built from the database: content, both languages, what is stored, reprint, batch."""

from datetime import date, datetime
from io import BytesIO

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from kim_desktop.db.models import IssuedDocument, Referral
from kim_desktop.domain.enums import DocumentKind
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
