"""The office's counselling topics: add, rename, barrier flag, switch off; the session form offers active ones."""

import pytest
import sqlalchemy as sa

from kim_desktop.db.models import AuditEvent
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Role
from kim_desktop.domain.errors import NotAllowed, ValidationFailed
from kim_desktop.services.counselling import list_topics
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.reference_data import ensure_reference_data
from kim_desktop.services.topics import TopicInput, add_topic, list_topic_rows, update_topic
from tests.integration.cli_accounts import add_cli_accounts


def test_add_rename_and_switch_off(database: OpenDatabase) -> None:
    with database.sessions() as s:
        ensure_reference_data(s)
    with database.sessions() as s:
        topic = add_topic(s, TopicInput("  Wohnungssuche  ", is_barrier=True))
    with database.sessions() as s:
        second = add_topic(s, TopicInput("Wohnungssuche (Familie)"))
    with database.sessions() as s:
        rows = {row.label: row for row in list_topic_rows(s)}
    assert rows["Wohnungssuche"].is_barrier and rows["Wohnungssuche"].active
    assert list(rows)[-2:] == ["Wohnungssuche", "Wohnungssuche (Familie)"]  # added at the end
    with database.sessions() as s:
        update_topic(s, topic, TopicInput("Wohnung", is_barrier=True, active=False))
    with database.sessions() as s:
        offered = [choice.label for choice in list_topics(s)]
    assert "Wohnung" not in offered and "Wohnungssuche (Familie)" in offered
    with database.sessions() as s, pytest.raises(ValidationFailed, match="gibt es schon"):
        update_topic(s, second, TopicInput("wohnung"))
    with database.sessions() as s, pytest.raises(ValidationFailed, match="bitte eintragen"):
        add_topic(s, TopicInput("   "))


def test_only_administration_changes_topics(database: OpenDatabase) -> None:
    admin = add_cli_accounts(database.sessions)
    with database.sessions() as s, pytest.raises(NotAllowed):
        add_topic(s, TopicInput("Sport"), actor=Actor(2, "Anna Krüger", Role.ADVISOR))
    with database.sessions() as s:
        topic = add_topic(s, TopicInput("Sport"), actor=admin)
    with database.sessions() as s:
        entries = s.scalars(sa.select(AuditEvent).where(AuditEvent.entity_type == "topic")).all()
        assert [(e.entity_id, e.advisor_id) for e in entries] == [(topic, admin.advisor_id)]
