"""Every document kind rendered with names in Latin-extended, Cyrillic, Arabic, Persian and Ethiopic script."""

import tempfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from kim_desktop.documents.access_request_pdf import (
    AccessField,
    AccessRecord,
    AccessReport,
    AccessSection,
    render_access_request_pdf,
)
from kim_desktop.documents.appointment_letter import render_appointment_letter
from kim_desktop.documents.consent_form import render_consent_form
from kim_desktop.documents.contact_list_pdf import ContactLine, ContactList, OrganisationBlock, render_contact_list
from kim_desktop.documents.free_seats_pdf import FreeSeatLine, FreeSeatsSheet, write_free_seats_pdf
from kim_desktop.documents.kim_report_pdf import render_kim_report_pdf
from kim_desktop.documents.letter_data import Person
from kim_desktop.documents.referral_letter import render_referral_letter
from kim_desktop.documents.registration_list_data import RegistrationEntry, RegistrationList
from kim_desktop.documents.registration_list_pdf import render_registration_list
from kim_desktop.domain.report_figures import DemandGap, WaitingDays
from tests.unit.documents import sample_letters
from tests.unit.documents.test_kim_report_pdf import sample_report

LATIN_EXTENDED = "Ağrı Çelik-Şahin"
CYRILLIC = "Олександра Ковальчук"
ARABIC = "محمد الأحمد"
PERSIAN = "زهرا رضایی"
ETHIOPIC = "ሰላም ገብረሚካኤል"
LONG_EMAIL = "a.very.long.address@beratung.example"
AWKWARD_NAMES = (LATIN_EXTENDED, CYRILLIC, ARABIC, PERSIAN, ETHIOPIC)
# The letter language that goes with each name (the second part of a letter is in the person's language).
LETTER_LANGUAGE = {LATIN_EXTENDED: "tr", CYRILLIC: "uk", ARABIC: "ar", PERSIAN: "fa", ETHIOPIC: "ti"}


def _person(name: str) -> Person:
    given, family = name.split(" ", 1)
    return replace(sample_letters.PERSON, given_names=given, family_name=family, city=f"Musterau {name}")


def letters(name: str) -> dict[str, bytes]:
    """Referral letter, appointment letter and consent form for one person, in German and their language."""
    language = LETTER_LANGUAGE[name]
    person = _person(name)
    return {
        "referral": render_referral_letter(sample_letters.referral(language, person=person)).pdf,
        "appointment": render_appointment_letter(sample_letters.appointment(language, person=person)).pdf,
        "consent": render_consent_form(sample_letters.consent(language, person=person)).pdf,
    }


def registration_list_entries(names: tuple[str, ...]) -> tuple[RegistrationEntry, ...]:
    """One entry per name, with a long phone and file number."""
    return tuple(
        RegistrationEntry(name, date(1990, 1, 2), f"Lindenstraße 1, 49124 {name}", "+49 541 501-123456",
                          "Verpflichtung (Jobcenter)", "JC-4711/2026-ABCDEF", 1, "ja, 2 Kinder", "Platz reserviert")
        for name in names
    )  # fmt: skip


def registration_list_data(entries: tuple[RegistrationEntry, ...]) -> RegistrationList:
    """A registration list of a course at a provider with a Turkish place name."""
    return RegistrationList("Integrationsbüro", "Petra Sommer", "VHS Ağrı", "Allgemeiner Integrationskurs",
                            "Beginn 07.12.2026", date(2026, 11, 16), entries, 0)  # fmt: skip


def registration_list() -> bytes:
    """A registration list with one entry per awkward name."""
    return render_registration_list(registration_list_data(registration_list_entries(AWKWARD_NAMES)))


def free_seats() -> bytes:
    """The free-seats sheet with place names in every script."""
    lines = tuple(
        FreeSeatLine("Allgemeiner Integrationskurs", f"VHS {name}", f"Kursort {name}", f"Markt 1, {name}",
                     date(2026, 12, 7), "Mo–Fr 08:30–12:45", 1, 3, 25, f"ja, in {name}", date(2026, 11, 27))
        for name in AWKWARD_NAMES
    )  # fmt: skip
    sheet = FreeSeatsSheet("Freie Kursplätze", "Integrationsbüro", datetime(2026, 11, 16, 9, 30), lines)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "free.pdf")
        write_free_seats_pdf(path, sheet)
        return path.read_bytes()


def contact_list() -> bytes:
    """The network's contact list with a contact per awkward name."""
    contacts = tuple(ContactLine(name, "Beratung", "0541 501-4321", LONG_EMAIL) for name in AWKWARD_NAMES)
    block = OrganisationBlock("Migrationsberatung", ("Beratungsstelle", "Markt 1, 49999 Musterau"), contacts)
    return render_contact_list(ContactList("KIM Musterkreis", date(2026, 5, 4), (block,)))


def kim_report() -> bytes:
    """The quarterly report with municipalities and an office named in every script."""
    report = sample_report(
        offices=tuple(f"Büro {name}" for name in AWKWARD_NAMES),
        waiting=tuple(WaitingDays("allgemein", name, (10, 20, 30, 40)) for name in AWKWARD_NAMES),
        gaps=tuple(DemandGap(name, "alpha", "morning", True, 14, 55, f"Haus {name}") for name in AWKWARD_NAMES),
    )
    return render_kim_report_pdf(report)


def access_request(name: str = ARABIC) -> bytes:
    """The Art. 15 report for one person."""
    given, family = name.split(" ", 1)
    fields = {"family_name": family, "given_names": given, "birth_date": "1990-01-02", "email": LONG_EMAIL,
              "first_language": "ar", "municipality_name": name, "nationalities": "syrisch"}  # fmt: skip
    person = AccessRecord(tuple(AccessField(key, value) for key, value in fields.items()))
    report = AccessReport(1, name, datetime(2026, 11, 16, 9, 30), "Petra Sommer", "Integrationsbüro",
                          (AccessSection("people", "Person", (person,)),), LETTER_LANGUAGE[name])  # fmt: skip
    return render_access_request_pdf(report)


def every_document() -> dict[str, bytes]:
    """kind → PDF bytes, the letters once per awkward name."""
    documents: dict[str, bytes] = {}
    for index, name in enumerate(AWKWARD_NAMES):
        for kind, pdf in letters(name).items():
            documents[f"{kind}-{LETTER_LANGUAGE[name]}"] = pdf
        documents[f"access-request-{index}"] = access_request(name)
    documents["registration-list"] = registration_list()
    documents["free-seats"] = free_seats()
    documents["contact-list"] = contact_list()
    documents["kim-report"] = kim_report()
    return documents
