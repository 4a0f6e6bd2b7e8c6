"""The registration list as PDF and CSV: content, landscape, escaping, long values, counted-only people."""

import csv
from datetime import date
from io import BytesIO, StringIO

from pypdf import PdfReader

from kim_desktop.documents.registration_list_data import RegistrationEntry, RegistrationList
from kim_desktop.documents.registration_list_pdf import render_registration_list
from kim_desktop.domain.cell_safety import neutralise
from kim_desktop.services.registration_list import registration_list_csv_text

ENTRY = RegistrationEntry(
    name="Haddad, Rania",
    birth_date=date(1990, 5, 17),
    address="Lindenweg 7, 49324 Melle",
    phone="0151 2345678",
    permission="Verpflichtung",
    file_number="AB-2026-0042",
    entry_module=2,
    childcare="ja, 2 Kinder",
    state="beim Träger angemeldet",
)


def make(entries: tuple[RegistrationEntry, ...] = (ENTRY,), withheld: int = 2) -> RegistrationList:
    return RegistrationList(
        office="Landkreis Musterland, Integrationsbüro",
        advisor="Anna Krüger",
        provider="Volkshochschule Melle",
        course="226-0001 – Integrationskurs Vormittag",
        course_details="Allgemeiner Integrationskurs, Beginn 13.04.2026",
        created_on=date(2026, 3, 2),
        entries=entries,
        withheld=withheld,
    )


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "") for page in PdfReader(BytesIO(pdf)).pages).split())


def test_pdf_is_landscape_and_lists_entries_and_the_count() -> None:
    pdf = render_registration_list(make())
    page = PdfReader(BytesIO(pdf)).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)
    text = text_of(pdf)
    for expected in ("Anmeldeliste", "Haddad, Rania", "17.05.1990", "AB-2026-0042", "Verpflichtung",
                     "Volkshochschule Melle", "2 weitere Personen ohne Einwilligung zur Weitergabe"):  # fmt: skip
        assert expected in text, expected


def test_markup_prints_literally_and_long_values_wrap_onto_pages() -> None:
    evil = RegistrationEntry(
        **{
            **ENTRY.__dict__,
            "name": "<font size=80>Ali</font> & B <b>",
            "address": "x" * 40 + " " + "Sehr lange Straße " * 12,
        }
    )
    many = (evil,) + (ENTRY,) * 60
    pdf = render_registration_list(make(many, withheld=1))
    text = text_of(pdf)
    assert "<font size=80>Ali</font> & B <b>" in text
    assert "1 weitere Person ohne Einwilligung" in text
    assert len(PdfReader(BytesIO(pdf)).pages) >= 3
    assert text.count("Haddad, Rania") == 60


def test_no_entries_and_nobody_withheld() -> None:
    text = text_of(render_registration_list(make((), withheld=0)))
    assert "Keine Person mit Einwilligung" in text
    assert "weitere Person" not in text


def test_csv_neutralises_formulas_and_counts_withheld() -> None:
    hostile = RegistrationEntry(
        **{**ENTRY.__dict__, "name": '=HYPERLINK("http://x")', "phone": "+49 151 1", "address": "a\nb"}
    )
    text = registration_list_csv_text(make((ENTRY, hostile)))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(StringIO(text[1:]), delimiter=";"))
    assert rows[0][:3] == ["Nr.", "Name", "Geburtsdatum"]
    assert rows[1][1:3] == ["Haddad, Rania", "17.05.1990"]
    assert rows[2][1] == '\'=HYPERLINK("http://x")'
    assert rows[2][4] == "'+49 151 1"
    assert rows[2][3] == "a, b"
    assert rows[-1][1].startswith("2 weitere Personen ohne Einwilligung")
    assert [neutralise(v) for v in ("-1", "@a", "ok")] == ["'-1", "'@a", "ok"]
