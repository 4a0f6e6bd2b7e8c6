"""Appointment letters (Einladung zum Beratungstermin) from the database: content, language choice, the record."""

from dataclasses import replace
from datetime import date, datetime, time
from io import BytesIO

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from kim_desktop.db.models import Advisor, IssuedDocument, Municipality, Person
from kim_desktop.domain.enums import DocumentKind, Role
from kim_desktop.domain.errors import NotFound
from kim_desktop.services.appointment_letters import AppointmentRequest, appointment_defaults, appointment_letter
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.issued_documents import IssuedPdf
from kim_desktop.settings import OfficeProfile

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
TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 10, 15)
REQUEST = AppointmentRequest(
    appointment_date=date(2026, 3, 10),
    appointment_time=time(9, 30),
    room="Raum 214",
    transit_notes="Bus 21 bis Kreishaus",
)


def add_people(db: OpenDatabase) -> dict[str, int]:
    with db.sessions() as session, session.begin():
        town = Municipality(name="Melle", postcodes="49324")
        advisor = Advisor(
            username="ak", display_name="Anna Krüger", role=Role.ADVISOR, phone="05422 999-12", email="ak@example.org"
        )
        people = {
            "rania": Person(
                family_name="Haddad",
                given_names="Rania",
                search_key="haddad rania",
                street="Lindenweg 7",
                postcode="49324",
                municipality=town,
                first_language="ar",
                interpreter_needed=True,
            ),
            "farid": Person(family_name="Ahmadi", given_names="Farid", search_key="ahmadi farid", first_language="prs"),
            "lena": Person(family_name="Berger", given_names="Lena", search_key="berger lena", letter_language="de-LS"),
        }
        session.add_all([town, advisor, *people.values()])
        session.flush()
        return {"advisor": advisor.id} | {name: person.id for name, person in people.items()}


def issue(
    db: OpenDatabase, person_id: int, advisor_id: int | None, request: AppointmentRequest = REQUEST, **kw: object
) -> IssuedPdf:
    with db.sessions() as session:
        return appointment_letter(session, person_id, request, OFFICE, advisor_id, today=TODAY, now=NOW, **kw)  # type: ignore[arg-type]


def pages_of(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(BytesIO(pdf)).pages]


def documents(db: OpenDatabase) -> list[IssuedDocument]:
    with db.sessions() as session:
        return list(session.scalars(sa.select(IssuedDocument).order_by(IssuedDocument.id)))


def test_letter_carries_person_appointment_place_and_what_to_bring(database: OpenDatabase) -> None:
    ids = add_people(database)
    letter = issue(database, ids["rania"], ids["advisor"], replace(REQUEST, interpreter_language="Arabisch"))
    pages = pages_of(letter.pdf)
    text = " ".join(pages)
    for expected in (
        "Rania Haddad",
        "Lindenweg 7",
        "49324 Melle",
        "Einladung zum Beratungstermin",
        "10.03.2026",  # date
        "09:30",  # time
        "Landkreis Musterland",  # place: the office, by default
        "Am Schlossgraben 1, 49074 Osnabrück",
        "Raum 214",
        "Bus 21 bis Kreishaus",
        "Bitte bringen Sie mit",
        "Reisepass oder Personalausweis",
        "Aufenthaltstitel",
        "diesen Brief",
        "Dolmetscher für Arabisch",
        "Anna Krüger",
        "05422 999-12",
        "02.03.2026",  # issue date
        f"P-{ids['rania']}",
    ):
        assert expected in text, expected
    assert letter.language == "ar"  # the first language: letter_language is not set
    assert len(pages) >= 2
    # Arabic after the German page; it prints joined and reads back as the letters typed (test_every_script).
    assert any("\u0627" <= ch <= "\u064a" for ch in " ".join(pages[1:]))
    assert letter.text_version == "2026-12-3"
    assert letter.issue_date == TODAY
    assert letter.document_id is not None


def test_issued_document_is_recorded_and_a_preview_records_nothing(database: OpenDatabase) -> None:
    ids = add_people(database)
    preview = issue(database, ids["rania"], ids["advisor"], record=False)
    assert preview.document_id is None
    assert documents(database) == []
    issued = issue(database, ids["rania"], ids["advisor"], language="en")
    [row] = documents(database)
    assert (row.id, row.person_id, row.referral_id) == (issued.document_id, ids["rania"], None)
    assert row.kind == DocumentKind.APPOINTMENT_LETTER
    assert (row.language, row.text_version) == ("en", "2026-12-3")
    assert (row.issued_at, row.issued_by_id) == (NOW, ids["advisor"])
    assert "Invitation to a counselling appointment" in " ".join(pages_of(issued.pdf))


def test_language_without_texts_gives_german_only_and_leichte_sprache_is_a_letter_language(
    database: OpenDatabase,
) -> None:
    ids = add_people(database)
    farid = issue(database, ids["farid"], None)
    assert farid.language == "de"
    assert len(pages_of(farid.pdf)) == 1
    lena = issue(database, ids["lena"], None)
    assert lena.language == "de-LS"
    german, easy = pages_of(lena.pdf)[0], " ".join(pages_of(lena.pdf)[1:])
    assert "Einladung zum Beratungstermin" in german
    assert "Einladung zum Beratungs-Termin" in easy and "Bringen Sie diese Sachen mit" in easy
    assert "Lena Berger" in easy and "10.03.2026" in easy and "09:30" in easy
    asked_german = issue(database, ids["rania"], None, language="de")
    assert asked_german.language == "de" and len(pages_of(asked_german.pdf)) == 1
    assert [(d.language, d.issued_by_id) for d in documents(database)] == [("de", None), ("de-LS", None), ("de", None)]


def test_place_given_replaces_the_office_and_no_advisor_falls_back_to_the_office_phone(database: OpenDatabase) -> None:
    ids = add_people(database)
    request = AppointmentRequest(
        appointment_date=date(2026, 3, 11),
        appointment_time=time(14, 0),
        place_name="Außenstelle Melle",
        place_address="Markt 1, 49324 Melle",
        interpreter_language="Dari",
    )
    with database.sessions() as session:
        letter = appointment_letter(session, ids["farid"], request, OFFICE, None, record=False, today=TODAY)
    text = " ".join(pages_of(letter.pdf))
    assert "Außenstelle Melle" in text and "Markt 1, 49324 Melle" in text
    assert "Am Schlossgraben 1, 49074" not in text.split("Ihr Termin")[1].split("Bitte bringen")[0]
    assert "11.03.2026" in text and "14:00" in text
    assert "Dolmetscher für Dari" in text
    assert "0541 501-0" in text


def test_defaults_and_unknown_person(database: OpenDatabase) -> None:
    ids = add_people(database)
    with database.sessions() as session:
        rania = appointment_defaults(session, ids["rania"])
    assert (rania.display_name, rania.letter_language, rania.interpreter_language) == (
        "Haddad, Rania",
        "ar",
        "Arabisch",
    )
    with database.sessions() as session:
        farid = appointment_defaults(session, ids["farid"])
    assert (farid.letter_language, farid.interpreter_language) == ("de", "")
    with database.sessions() as session, pytest.raises(NotFound):
        appointment_letter(session, 999_999, REQUEST, OFFICE, None)
