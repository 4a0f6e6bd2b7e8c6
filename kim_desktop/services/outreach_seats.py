"""Provisional holds: a seat taken offline is confirmed at the office, else a waiting-list entry or another course."""

import json
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import Course, OutreachOperation, Person
from kim_desktop.domain.access import Action, Actor
from kim_desktop.domain.enums import Sex
from kim_desktop.domain.errors import Conflict, NotFound
from kim_desktop.domain.text import N_, Text
from kim_desktop.services import referrals, waiting_list
from kim_desktop.services.audit import check_if_signed_in
from kim_desktop.services.outreach_journal import Recording
from kim_desktop.services.waiting_list import UnmetNeed


def addressed(person: Person) -> str:
    """How the sync result names a person: "Frau Ahmadi", "Herr Ahmadi", or given and family name."""
    if person.sex == Sex.FEMALE:
        return Text(N_("Frau {name}"), name=person.family_name)
    if person.sex == Sex.MALE:
        return Text(N_("Herr {name}"), name=person.family_name)
    return f"{person.given_names} {person.family_name}".strip()


def is_seat_gone(exc: Conflict) -> bool:
    """Whether a refused reservation says the last seat was taken (not another conflict)."""
    return exc.text == referrals.LAST_SEAT_TAKEN


def _try_reserve(session: Session, person_id: int, course_id: int, actor: Actor, today: date, at: datetime) -> bool:
    """Reserve; False when the course has no free seat any more (other conflicts are the advisor's to read)."""
    try:
        referrals.reserve_seat(session, person_id, course_id, actor=actor, today=today, now=at)
    except Conflict as exc:
        if is_seat_gone(exc):
            return False
        raise
    return True


def replay_reservation(
    session: Session, params: dict[str, Any], actor: Actor, today: date, at: datetime, rec: Recording
) -> None:
    """The seat if it is still free; else the course the advisor chose beforehand; else the waiting list."""
    person_id, course_id = params["person"], params["course_id"]
    if _try_reserve(session, person_id, course_id, actor, today, at):
        return
    seat_gone(session, person_id, course_id, params.get("fallback_course_id"), actor, today, at, rec)


def seat_gone(
    session: Session, person_id: int, course_id: int, fallback: int | None, actor: Actor, today: date, at: datetime,
    rec: Recording,
) -> None:  # fmt: skip
    """A seat taken offline is gone at the office: the fallback course if one was chosen and free, else waiting."""
    with session.begin():
        person = session.get(Person, person_id)
        course = session.get(Course, course_id)
        if person is None or course is None:
            raise NotFound(Text(N_("Person oder Kurs gibt es im Büro nicht (mehr).")))
        name = addressed(person)
        need = UnmetNeed(
            course_type=course.course_type,
            module=person.recommended_module or course.current_module,
            municipality_id=person.municipality_id,
            parts_of_day=(),
            childcare_needed=person.needs_childcare,
            children_count=len(person.children),
            note=Text(N_("Platz beim Außentermin angefragt, bei der Rückkehr vergeben (Kurs {course})."),
                      course=course.title or course.id),
        )  # fmt: skip
    if fallback is not None:
        rec.outcome = "moved"
        rec.message = Text(
            N_("1 Platz war inzwischen vergeben – {name} hat jetzt einen Platz im Ausweichkurs, neues Schreiben nötig"),
            name=name,
        )  # fmt: skip
        if _try_reserve(session, person_id, fallback, actor, today, at):
            return
    rec.outcome = "waitlisted"
    rec.message = Text(
        N_("1 Platz war inzwischen vergeben – {name} steht jetzt auf der Warteliste, neues Schreiben nötig"), name=name
    )
    waiting_list.add_to_waiting_list(session, person_id, need, actor=actor)


def choose_fallback(session: Session, referral_id: int, course_id: int | None, *, actor: Actor | None = None) -> None:
    """Offline: the course to take instead if the provisional seat is gone at the office (None: the waiting list)."""
    check_if_signed_in(actor, Action.REFER)
    with session.begin():
        for operation in session.scalars(sa.select(OutreachOperation).where(OutreachOperation.kind == "reserve_seat")):
            if referral_id in json.loads(operation.created).get("referrals", []):
                params = json.loads(operation.params)
                params["fallback_course_id"] = course_id
                operation.params = json.dumps(params, sort_keys=True)
                return
        raise NotFound(Text(N_("Diese Reservierung wurde nicht beim Außentermin gemacht.")))
