"""What came down: what the office has changed since the copy was taken (courses, free seats, people), in words."""

import json
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import Course, OutreachApplied, Person
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.course_labels import course_type_label
from kim_desktop.domain.text import N_, Text, joined
from kim_desktop.services.outreach_copy import free_by_course
from kim_desktop.services.outreach_seats import addressed
from kim_desktop.services.outreach_sync import office_session, outgoing


@dataclass(frozen=True)
class CourseChange:
    """A course new at the office (laptop_free None) or with other free seats than the laptop shows."""

    title: str
    office_free: int
    laptop_free: int | None


@dataclass(frozen=True)
class Incoming:
    """The office's changes since the copy was taken, as the preview of „Abgleichen“ names them."""

    courses: tuple[CourseChange, ...]
    changed_people: tuple[str, ...]  # carried people the office changed meanwhile, by name
    new_people: int  # people of the copy's municipalities the office registered meanwhile

    def describe(self) -> Text:
        """„Aus dem Büro: 1 neuer Kurs (…); freie Plätze geändert: …; im Büro geändert: Frau Haddad“."""
        parts: list[str] = []
        new = [c for c in self.courses if c.laptop_free is None]
        changed = [c for c in self.courses if c.laptop_free is not None]
        if new:
            parts.append(Text(N_("neue Kurse: {courses}"), courses=joined(
                (Text(N_("{course} ({free} frei)"), course=c.title, free=c.office_free) for c in new), ", "
            )))  # fmt: skip
        if changed:
            parts.append(Text(N_("freie Plätze geändert: {courses}"), courses=joined(
                (Text(N_("{course}: {free} statt {before}"), course=c.title, free=c.office_free, before=c.laptop_free)
                 for c in changed), ", "
            )))  # fmt: skip
        if self.changed_people:
            parts.append(Text(N_("im Büro geändert: {names}"), names=", ".join(self.changed_people)))
        if self.new_people:
            many = N_("neu im Büro erfasst: {n} Personen dieser Gemeinden")
            parts.append(Text(N_("neu im Büro erfasst: 1 Person dieser Gemeinden") if self.new_people == 1 else many,
                              n=self.new_people))  # fmt: skip
        if not parts:
            return Text(N_("Aus dem Büro: nichts Neues seit der Kopie."))
        return Text(N_("Aus dem Büro (kommt mit „Kopie auffrischen“): {items}"), items=joined(parts))


def _course_title(course: Course) -> str:
    return course.title or Text(N_("{kind} ab {start:%d.%m.%Y}"), kind=course_type_label(course.course_type),
                                start=course.start_date)  # fmt: skip


def incoming(laptop: Session, office: Session, *, actor: Actor | None = None, today: date | None = None) -> Incoming:
    """Compare the copy with the office before the sync: courses and free seats, people changed or new there."""
    if actor is not None:
        require(actor, Action.EDIT_CASES)
    today = today or date.today()
    copy = outgoing(laptop).copy
    with laptop.begin():
        laptop_free = free_by_course(laptop, today)
        carried = {
            pid: (version, at)
            for pid, version, at in laptop.execute(sa.select(Person.id, Person.version, Person.updated_at))
        }
    with office.begin():
        office_free = free_by_course(office, today)
        courses = tuple(
            CourseChange(_course_title(c), office_free[c.id], laptop_free.get(c.id))
            for c in office.scalars(sa.select(Course).order_by(Course.start_date, Course.id))
            if laptop_free.get(c.id) != office_free[c.id]
        )
        from_this_copy: set[int] = set()  # people the office has from this copy's earlier syncs are not news
        for created in office.scalars(
            sa.select(OutreachApplied.created).where(OutreachApplied.copy_id == copy.copy_id)
        ):
            from_this_copy.update(json.loads(created).get("people", []))
        towns = sa.or_(Person.id.in_(list(carried)), Person.municipality_id.in_(list(copy.municipality_ids)))
        changed: list[str] = []
        new_people = 0
        for person in office.scalars(sa.select(Person).where(towns).order_by(Person.id)):
            if person.id in carried:
                # The carried row has the office's version and time of then, or higher ones from offline edits: a
                # person edited on both sides may go unnamed here; the sync then lists the fields to choose.
                version, at = carried[person.id]
                if person.version > version or person.updated_at > at:
                    changed.append(addressed(person))
            elif person.id not in from_this_copy:
                new_people += 1
    return Incoming(courses, tuple(changed), new_people)


def incoming_from_server(
    laptop: Session, office_url: str, *, actor: Actor | None = None, today: date | None = None
) -> Incoming:
    """The preview over the office's server URL (the laptop's window runs on the copy)."""
    if actor is not None:
        require(actor, Action.EDIT_CASES)
    with office_session(office_url) as office:
        return incoming(laptop, office, actor=actor, today=today)
