"""Access request on SQLite and PostgreSQL: every table with personal data appears, as JSON and as a PDF."""

import io
import json
import re
from datetime import datetime

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from kim_desktop.db.base import Base
from kim_desktop.db.models import AuditEvent, IssuedDocument
from kim_desktop.domain.errors import NotAllowed, NotFound
from kim_desktop.services.access_request import access_report_json, access_report_pdf, collect_access_report
from kim_desktop.services.database import OpenDatabase
from tests.integration.privacy_fixtures import BIRTH, FAMILY, World, build_world

NOW = datetime(2026, 3, 2, 11, 0)
# Tables reached through another one: their rows appear inside the parent's records.
INSIDE = {"consent_recipients": "consents", "session_topics": "counselling_sessions", "referral_events": None}


@pytest.fixture
def world(database: OpenDatabase) -> World:
    with database.sessions() as session, session.begin():
        return build_world(session)


def test_every_table_with_person_data_appears(database: OpenDatabase, world: World) -> None:
    with database.sessions() as session:
        report = collect_access_report(session, world.admin, world.person, NOW, office="KIM Musterland")
    sections = {s.key: s for s in report.sections}
    person_tables = {t.name for t in Base.metadata.sorted_tables if "person_id" in t.c} | {"people"}
    assert person_tables | {"referral_events"} == set(sections)
    for key, section in sections.items():
        assert section.records, f"{key} is empty although the fixture filled it"
    person = {f.key: f.value for f in sections["people"].records[0].fields}
    assert (person["family_name"], person["birth_date"], person["municipality_name"]) == (
        FAMILY, BIRTH.isoformat(), "Melle"
    )  # fmt: skip
    consent = {f.key: f.value for f in sections["consents"].records[0].fields}
    assert consent["recipients"] == "VHS Melle"
    session_fields = {f.key: f.value for f in sections["counselling_sessions"].records[0].fields}
    assert session_fields["advisor_name"] == "Anna Krüger" and session_fields["topics"]
    # Every column of every person table is in the report, so nothing added later can be forgotten.
    for key, section in sections.items():
        columns = set(Base.metadata.tables[key].c.keys())
        assert columns <= {f.key for f in section.records[0].fields}, key
    assert {"case_changed", "case_read"} <= {
        dict((f.key, f.value) for f in r.fields)["action"] for r in sections["audit_events"].records
    }


def test_json_is_machine_readable_and_stable(database: OpenDatabase, world: World) -> None:
    with database.sessions() as session:
        report = collect_access_report(session, world.admin, world.person, NOW)
    text = access_report_json(report)
    data = json.loads(text)
    assert data["format"] == "kim-desktop/access-request/1"
    assert data["person_id"] == world.person
    assert data["sections"]["people"]["records"][0]["given_names"] == "Ysolde"
    assert data["sections"]["referrals"]["records"][0]["course_name"].startswith(
        "Allgemeiner Integrationskurs, ab 01.04.2026"
    )
    assert text == access_report_json(report)  # same report, same bytes


def test_pdf_and_the_request_is_logged(database: OpenDatabase, world: World) -> None:
    with database.sessions() as session:
        report = collect_access_report(session, world.admin, world.person, NOW)
    pdf = access_report_pdf(report)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    with database.sessions() as session:
        assert session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "access_request")) == 1
        kinds = list(session.scalars(sa.select(IssuedDocument.kind).where(IssuedDocument.person_id == world.person)))
    assert "access_request" in kinds


def test_refused_for_other_roles_and_unknown_people(database: OpenDatabase, world: World) -> None:
    for actor in (world.advisor, world.reader, None):
        with database.sessions() as session, pytest.raises(NotAllowed):
            collect_access_report(session, actor, world.person, NOW)
    with database.sessions() as session, pytest.raises(NotFound):
        collect_access_report(session, world.admin, 99999, NOW)


def test_the_pdf_is_for_the_person_plain_german_without_keys_or_codes(database: OpenDatabase, world: World) -> None:
    with database.sessions() as session:
        report = collect_access_report(session, world.admin, world.person, NOW)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(access_report_pdf(report))).pages)
    words = set(re.findall(r"[\w{}\[\]\"]+", text))
    for section in report.sections:
        for record in section.records:
            for field in record.fields:
                if "_" in field.key:
                    assert field.key not in words, field.key  # no column names
                if isinstance(field.value, str) and re.fullmatch(r"[a-z]+_[a-z_]+", field.value):
                    assert field.value not in words, (field.key, field.value)  # no codes such as in_person
    assert "{" not in text and '"' not in text  # no JSON
    assert "Allgemeiner Integrationskurs" in text
    assert "Afghanistan" in text  # the nationality "AF" in words
    assert report.language == "fa"  # the person's first language: page 1 says in Persian what the list is
    for german in ("Familienname", "Geburtsdatum", "Einwilligungen", "Empfänger", "Art des Gesprächs"):
        assert german in text, german


def test_every_stored_field_has_a_german_label_or_is_an_internal_key() -> None:
    from kim_desktop.documents.access_request_labels import FIELD_LABELS, shown

    for table in Base.metadata.sorted_tables:
        if "person_id" in table.c or table.name in ("people", "referral_events"):
            missing = [c.key for c in table.c if shown(c.key) and c.key not in FIELD_LABELS]
            assert not missing, (table.name, missing)
