"""The office's list of counselling topics: add, rename, mark as a barrier for the report, switch off."""

import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import Topic, session_topics
from kim_desktop.domain.access import Action, Actor
from kim_desktop.domain.errors import FieldError, NotFound, ValidationFailed
from kim_desktop.domain.search_text import fold_for_search
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.audit import check_if_signed_in
from kim_desktop.services.network import audit_network_change

MAX_LABEL = 100


@dataclass(frozen=True)
class TopicInput:
    """What the topic form gives."""

    label: str
    is_barrier: bool = False
    active: bool = True


@dataclass(frozen=True)
class TopicRow:
    """A topic as the Stammdaten list shows it, with how many sessions name it."""

    id: int
    label: str
    is_barrier: bool
    active: bool
    sessions: int

    def input(self) -> TopicInput:
        """The values for the form."""
        return TopicInput(self.label, self.is_barrier, self.active)


def list_topic_rows(session: Session) -> list[TopicRow]:
    """Every topic (switched-off ones too) in the order the session form shows them."""
    used = (
        sa.select(session_topics.c.topic_id, sa.func.count().label("n")).group_by(session_topics.c.topic_id).subquery()
    )
    stmt = (
        sa.select(Topic, sa.func.coalesce(used.c.n, 0))
        .outerjoin(used, used.c.topic_id == Topic.id)
        .order_by(Topic.sort_order, Topic.id)
    )
    with session.begin():
        return [TopicRow(t.id, t.label, t.is_barrier, t.active, n) for t, n in session.execute(stmt)]


def _label(session: Session, data: TopicInput, topic_id: int | None) -> str:
    label = " ".join(data.label.split())
    error = None
    if not label:
        error = Text(N_("Thema: bitte eintragen."))
    elif len(label) > MAX_LABEL:
        error = Text(N_("Thema: höchstens {limit} Zeichen."), limit=MAX_LABEL)
    elif session.scalar(
        sa.select(Topic.id).where(sa.func.lower(Topic.label) == label.lower(), Topic.id != (topic_id or 0))
    ):
        error = Text(N_("Thema: „{label}“ gibt es schon."), label=label)
    if error is not None:
        raise ValidationFailed([FieldError("label", error)])
    return label


def _values(topic: Topic) -> dict[str, object]:
    return {"label": topic.label, "is_barrier": topic.is_barrier, "active": topic.active}


def _code(session: Session, label: str) -> str:
    """A stable code for a new topic from its label (the report and exchange files use codes)."""
    base = re.sub(r"[^a-z0-9]+", "_", fold_for_search(label)).strip("_")[:30] or "thema"
    taken = set(session.scalars(sa.select(Topic.code).where(Topic.code.startswith(base))))
    code, number = base, 2
    while code in taken:
        code, number = f"{base}_{number}", number + 1
    return code


def add_topic(session: Session, data: TopicInput, *, actor: Actor | None = None) -> int:
    """Add a topic at the end of the list; returns its id."""
    check_if_signed_in(actor, Action.EDIT_SETTINGS)
    with session.begin():
        label = _label(session, data, None)
        last = session.scalar(sa.select(sa.func.max(Topic.sort_order))) or 0
        topic = Topic(code=_code(session, label), label=label, is_barrier=data.is_barrier, active=data.active,
                      sort_order=last + 1)  # fmt: skip
        session.add(topic)
        session.flush()
        audit_network_change(session, actor, ("topic", topic.id), {}, _values(topic))
        return topic.id


def update_topic(session: Session, topic_id: int, data: TopicInput, *, actor: Actor | None = None) -> None:
    """Rename a topic, mark it as a barrier or switch it off (sessions that named it keep it)."""
    check_if_signed_in(actor, Action.EDIT_SETTINGS)
    with session.begin():
        topic = session.get(Topic, topic_id)
        if topic is None:
            raise NotFound(Text(N_("Das Thema gibt es nicht mehr.")))
        label = _label(session, data, topic_id)
        before = _values(topic)
        topic.label, topic.is_barrier, topic.active = label, data.is_barrier, data.active
        audit_network_change(session, actor, ("topic", topic_id), before, _values(topic))
