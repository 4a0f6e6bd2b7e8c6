"""The waiting list: when no course fits, the person's unmet need is recorded as the network's demand signal."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import Person, WaitingListEntry
from kim_desktop.domain.access import Action, Actor
from kim_desktop.domain.course_labels import COURSE_TYPE_LABELS, PART_OF_DAY_LABELS
from kim_desktop.domain.enums import CourseType, PartOfDay, WaitingStatus
from kim_desktop.domain.errors import NotFound
from kim_desktop.domain.matching import MatchCriteria
from kim_desktop.domain.text import N_, Text, joined
from kim_desktop.services.audit import AuditAction, check_if_signed_in, diff_fields, record
from kim_desktop.services.outreach_journal import journaled


@dataclass(frozen=True)
class UnmetNeed:
    """What a person needs and no course offers: type, module, place, parts of day, childcare."""

    course_type: CourseType
    module: int | None
    municipality_id: int | None
    parts_of_day: tuple[PartOfDay, ...]
    childcare_needed: bool
    children_count: int
    note: str = ""

    def describe(self) -> Text:
        """The need in words (German as a str, translatable)."""
        parts = [COURSE_TYPE_LABELS[self.course_type], Text(N_("Modul {module}"), module=self.module or 1)]
        if self.parts_of_day:
            parts.append(joined((PART_OF_DAY_LABELS[p] for p in self.parts_of_day), ", "))
        if self.childcare_needed:
            parts.append(Text(N_("Kinderbetreuung für {count} Kind(er)"), count=self.children_count or 1))
        return joined(parts)


@dataclass(frozen=True)
class WaitingEntry:
    """A waiting-list entry as written (new or updated)."""

    id: int
    person_id: int
    need: UnmetNeed
    updated_existing: bool


def unmet_need_from(criteria: MatchCriteria, note: str = "") -> UnmetNeed:
    """The need a lookup's criteria describe."""
    parts = tuple(p for p in PartOfDay if any(slot_part == p for _, slot_part in criteria.availability))
    course_type = criteria.preferred_type or min(criteria.course_types)
    return UnmetNeed(
        course_type=course_type,
        module=criteria.entry_module,
        municipality_id=criteria.municipality_id,
        parts_of_day=parts,
        childcare_needed=criteria.childcare_needed,
        children_count=len(criteria.child_ages_months) if criteria.childcare_needed else 0,
        note=note,
    )


_AUDITED = ("course_type", "module", "municipality_id", "parts_of_day", "childcare_needed", "children_count")


def _values(entry: WaitingListEntry) -> dict[str, object]:
    return {name: getattr(entry, name) for name in _AUDITED}


@journaled("add_to_waiting_list")  # travels from an outreach copy (services/outreach_kinds.py)
def add_to_waiting_list(
    session: Session, person_id: int, need: UnmetNeed, advisor_id: int | None = None, *, actor: Actor | None = None
) -> WaitingEntry:
    """Record the need; an open entry of the same person and course type is updated instead of doubled.

    With an actor: checked (editing case files) and recorded with old -> new values (the free-text note only as
    "changed", never its text).
    """
    check_if_signed_in(actor, Action.EDIT_CASES)
    advisor_id = actor.advisor_id if actor is not None else advisor_id
    with session.begin():
        if session.get(Person, person_id) is None:
            raise NotFound(Text(N_("Person {person_id} gibt es nicht (mehr)."), person_id=person_id))
        entry = session.scalar(
            sa.select(WaitingListEntry).where(
                WaitingListEntry.person_id == person_id,
                WaitingListEntry.course_type == need.course_type,
                WaitingListEntry.status == WaitingStatus.OPEN,
            )
        )
        existing = entry is not None
        before = _values(entry) if entry is not None else {}
        old_note = entry.note if entry is not None else ""
        if entry is None:
            entry = WaitingListEntry(person_id=person_id, course_type=need.course_type, created_at=datetime.now())
            session.add(entry)
        entry.module = need.module
        entry.municipality_id = need.municipality_id
        entry.parts_of_day = ",".join(p.value for p in need.parts_of_day)
        entry.childcare_needed = need.childcare_needed
        entry.children_count = need.children_count
        entry.advisor_id = advisor_id
        entry.note = need.note[:500]
        session.flush()
        if actor is not None:
            changes = diff_fields(before, _values(entry))
            if entry.note != old_note:
                changes["note"] = (None, "geändert")
            action = AuditAction.CASE_CHANGED if existing else AuditAction.CASE_CREATED
            record(session, actor, action, "waiting_list_entry", entry.id, person_id, changes)
        return WaitingEntry(entry.id, person_id, need, existing)
