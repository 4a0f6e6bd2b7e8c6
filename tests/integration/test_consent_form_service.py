"""The consent form service and account unlocking, on SQLite and PostgreSQL: roles, record and audit."""

import io
import unicodedata
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from kim_desktop.db.models import Advisor, AuditEvent, IssuedDocument
from kim_desktop.domain.consent_scope import ConsentPurpose, DataCategory
from kim_desktop.domain.enums import DocumentKind
from kim_desktop.domain.errors import NotAllowed, ValidationFailed
from kim_desktop.services.accounts import unlock_account
from kim_desktop.services.consent_form import ConsentFormRequest, consent_form
from kim_desktop.services.database import OpenDatabase
from kim_desktop.settings import OfficeProfile
from tests.integration.privacy_fixtures import World, build_world

NOW = datetime(2026, 3, 2, 11, 0)
OFFICE = OfficeProfile(name="Landkreis Melle", phone="05422 1234", email="kim@melle.example")


@pytest.fixture
def world(database: OpenDatabase) -> World:
    with database.sessions() as session, session.begin():
        return build_world(session)


def request(world: World, **changes: object) -> ConsentFormRequest:
    values: dict[str, object] = {
        "person_id": world.person,
        "purpose": ConsentPurpose.COURSE_REGISTRATION,
        "data": frozenset({DataCategory.IDENTITY, DataCategory.ADDRESS}),
        "purpose_text": "Anmeldung zum Integrationskurs",
        "recipient_ids": (world.provider, world.jobcenter),
    }
    return ConsentFormRequest(**(values | changes))  # type: ignore[arg-type]


def text_of(pdf: bytes) -> str:
    return unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def counts(db: OpenDatabase) -> tuple[int, int]:
    with db.sessions() as session:
        documents = session.scalar(sa.select(sa.func.count()).where(IssuedDocument.kind == DocumentKind.CONSENT_FORM))
        printed = session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "letter_printed"))
        return int(documents or 0), int(printed or 0)


def test_preview_records_nothing_printing_records_and_audits(database: OpenDatabase, world: World) -> None:
    with database.sessions() as session:
        preview = consent_form(session, world.advisor, request(world), OFFICE, NOW)
    assert preview.document_id is None and counts(database) == (0, 0)
    assert preview.language == "fa"  # the person's first language
    text = text_of(preview.pdf)
    assert "VHS Melle" in text and "Jobcenter Musterland" in text and "Landkreis Melle darf" in text
    with database.sessions() as session:
        issued = consent_form(session, world.advisor, request(world, language="ar"), OFFICE, NOW, issue=True)
    assert issued.language == "ar" and issued.document_id is not None
    assert counts(database) == (1, 1)
    with database.sessions() as session:
        event = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "letter_printed")).one()
        assert (event.person_id, event.advisor_id, event.entity_id) == (
            world.person,
            world.advisor.advisor_id,
            issued.document_id,
        )


def test_reader_is_refused_and_blank_forms_are_refused(database: OpenDatabase, world: World) -> None:
    for actor in (world.reader, None):
        with database.sessions() as session, pytest.raises(NotAllowed):
            consent_form(session, actor, request(world), OFFICE, NOW, issue=True)
    with database.sessions() as session, pytest.raises(ValidationFailed) as refused:
        consent_form(
            session, world.advisor, request(world, purpose=None, data=frozenset(), recipient_ids=()), OFFICE, NOW
        )
    assert {e.field for e in refused.value.errors} == {"purpose", "data", "recipient_ids"}
    with database.sessions() as session, pytest.raises(ValidationFailed):
        consent_form(session, world.advisor, request(world, recipient_ids=(999_999,)), OFFICE, NOW)
    assert counts(database) == (0, 0)


def test_admin_unlocks_an_account_advisor_may_not(database: OpenDatabase, world: World) -> None:
    with database.sessions() as session, session.begin():
        anna = session.get(Advisor, world.advisor.advisor_id)
        assert anna is not None
        anna.failed_logins, anna.locked_until = 5, NOW + timedelta(minutes=15)
    with database.sessions() as session, pytest.raises(NotAllowed):
        unlock_account(session, world.advisor, world.advisor.advisor_id, NOW)
    with database.sessions() as session:
        row = unlock_account(session, world.admin, world.advisor.advisor_id, NOW)
    assert (row.failed_logins, row.locked_until) == (0, None)
    with database.sessions() as session:
        event = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert event is not None and event.action == "account_changed" and event.entity_id == row.id


def test_an_unknown_language_is_refused_and_capitals_are_normalised(database: OpenDatabase, world: World) -> None:
    with database.sessions() as session, pytest.raises(ValidationFailed) as caught:
        consent_form(session, world.advisor, request(world, language="xx"), OFFICE, NOW, issue=True)
    message = caught.value.for_field("language")
    assert message is not None and "Möglich sind" in message
    assert counts(database) == (0, 0)
    with database.sessions() as session:
        form = consent_form(session, world.advisor, request(world, language="AR"), OFFICE, NOW)
    assert form.language == "ar"
