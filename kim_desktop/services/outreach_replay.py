"""Replaying a laptop's journal at the office: each operation through its service, in its own transaction.

The transaction that replays an operation also writes "operation <id> applied" (`outreach_applied`), so a journal
replayed twice changes nothing and a sync cut off at any point resumes with the first operation not yet applied.
Ids made offline are mapped to the office's through the created ids both sides recorded for each operation.
"""

import json
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kim_desktop.db.models import Advisor, AuditEvent, OutreachApplied, OutreachDecision, Person
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.errors import KimError, NotFound
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.outreach_codec import map_refs
from kim_desktop.services.outreach_dto import CopyInfo, OperationOutcome, SyncReport, TravellingOperation
from kim_desktop.services.outreach_journal import Recording, recording_into
from kim_desktop.services.outreach_kinds import KINDS, Replay
from kim_desktop.services.people_dto import PossibleDuplicates

IdMap = dict[tuple[str, int], int]


class _UnresolvedError(Exception):
    """A reference to a record made offline by an operation that is not applied at the office (yet, if held)."""

    def __init__(self, held: bool) -> None:
        super().__init__()
        self.held = held


def _write_applied(copy: CopyInfo, op: TravellingOperation) -> Callable[[Session, Recording], None]:
    def write(session: Session, rec: Recording) -> None:
        session.add(
            OutreachApplied(
                operation_id=op.id, copy_id=copy.copy_id, kind=op.kind, laptop=op.laptop, advisor_id=op.advisor_id,
                at=op.at, outcome=rec.outcome, created=rec.created_json(),
                # Only a refusal's reason is kept: the other messages name people and values (erasure must not
                # have to look here); the sync that applied them said them once.
                message=rec.message if rec.outcome == "rejected" else "",
            )
        )  # fmt: skip
        for person_id, name, office_value, laptop_value in rec.decisions:
            session.add(
                OutreachDecision(
                    copy_id=copy.copy_id, operation_id=op.id, person_id=person_id, field=name,
                    office_value=office_value, laptop_value=laptop_value,
                )
            )  # fmt: skip

    return write


def _stamp_audit(session: Session, op: TravellingOperation) -> Callable[..., None]:
    """The replayed use case's audit entries carry the offline time and the laptop (who, when, where)."""

    def before_flush(flushing: Session, _context: Any, _instances: Any) -> None:
        for obj in flushing.new:
            if isinstance(obj, AuditEvent) and not obj.actor.endswith(")"):
                obj.at = op.at
                obj.actor = f"{obj.actor} (Außentermin, {op.laptop})"[:200]

    event.listen(session, "before_flush", before_flush)
    return before_flush


def _office_actor(session: Session, advisor_id: int | None) -> Actor | None:
    with session.begin():
        advisor = session.get(Advisor, advisor_id) if advisor_id is not None else None
        if advisor is None or not advisor.active:
            return None
        return Actor(advisor.id, advisor.display_name, advisor.role)


def _applied(session: Session, copy_id: str) -> dict[str, OutreachApplied]:
    with session.begin():
        rows = session.scalars(sa.select(OutreachApplied).where(OutreachApplied.copy_id == copy_id)).all()
        session.expunge_all()
        return {row.operation_id: row for row in rows}


def _learn(ids: IdMap, op: TravellingOperation, office_created: dict[str, list[int]]) -> None:
    for table, local_ids in op.created.items():
        for local, office in zip(local_ids, office_created.get(table, []), strict=False):
            ids[(table, local)] = office


def _resolver(ids: IdMap, made_offline: set[tuple[str, int]], held: set[tuple[str, int]]) -> Callable[[str, int], Any]:
    def resolve(table: str, local: int) -> Any:
        if (table, local) in ids:
            return ids[(table, local)]
        if (table, local) in made_offline:
            if table == "permissions":
                return None  # the person was merged into one at the office: the form edits its newest permission
            raise _UnresolvedError((table, local) in held)
        return local  # a record the copy carried from the office keeps the office's id

    return resolve


def apply_operations(
    session: Session,
    copy: CopyInfo,
    operations: Iterable[TravellingOperation],
    *,
    today: date | None = None,
    actor: Actor | None = None,
    decided: frozenset[str] = frozenset(),
    merged: dict[str, int] | None = None,
) -> SyncReport:
    """Replay the operations not yet applied, in journal order; returns what became of each, in words.

    `actor` is who runs the sync (checked: editing case files); each operation runs as its offline author's
    account at the office. The advisor's decisions on held registrations (possible duplicates): `decided` names
    those to register anyway, `merged` maps others to the person at the office they are (the operations that
    refer to the person made offline then go to that person).
    """
    if actor is not None:
        require(actor, Action.EDIT_CASES)
    today = today or date.today()
    ops = sorted(operations, key=lambda o: o.seq)
    made_offline = {(table, i) for op in ops for table, ids in op.created.items() for i in ids}
    applied = _applied(session, copy.copy_id)
    ids: IdMap = {}
    held: set[tuple[str, int]] = set()  # records made offline by operations that wait for a decision
    authors: dict[int | None, Actor | None] = {}  # each offline author's account at the office, read once a sync
    outcomes: list[OperationOutcome] = []
    for op in ops:
        done = applied.get(op.id)
        if done is not None:
            _learn(ids, op, json.loads(done.created))
            outcomes.append(OperationOutcome(op.id, op.kind, "already", done.message))
            continue
        created: dict[str, list[int]] | None
        if merged and op.id in merged and op.kind == "register_person":
            outcome, created = _merge(session, copy, op, merged[op.id])
        else:
            outcome, created = _apply_one(
                session, copy, op, ids, (made_offline, held), today, op.id in decided, authors
            )
        if created is not None:
            _learn(ids, op, created)
        else:
            held.update((table, i) for table, local_ids in op.created.items() for i in local_ids)
        outcomes.append(outcome)
    return SyncReport(copy, tuple(outcomes))


def _apply_one(
    session: Session, copy: CopyInfo, op: TravellingOperation, ids: IdMap,
    offline: tuple[set[tuple[str, int]], set[tuple[str, int]]], today: date, decided: bool,
    authors: dict[int | None, Actor | None],
) -> tuple[OperationOutcome, dict[str, list[int]] | None]:  # fmt: skip
    try:
        params = map_refs(op.params, _resolver(ids, *offline))
    except _UnresolvedError as exc:
        if not exc.held:
            gone = Text(N_("bezieht sich auf eine Eintragung, die nicht übernommen wurde"))
            return _rejected(session, copy, op, gone), {}
        waits = Text(N_("wartet auf die Entscheidung zu einer früheren Eintragung"))
        return OperationOutcome(op.id, op.kind, "held", waits, op), None
    if decided:
        params["duplicates_decided"] = True
    author = (
        authors.get(op.advisor_id)
        if op.advisor_id in authors
        else authors.setdefault(op.advisor_id, _office_actor(session, op.advisor_id))
    )
    if author is None or op.kind not in KINDS:
        reason = Text(N_("Das Konto von {who} gibt es im Büro nicht (mehr)."), who=op.actor or "?")
        if op.kind not in KINDS:
            reason = Text(N_("Unbekannte Art „{kind}“ (neuere Programmversion?)."), kind=op.kind)
        return _rejected(session, copy, op, reason), {}
    stamp = _stamp_audit(session, op)
    try:
        with recording_into(session, _write_applied(copy, op)) as rec:
            KINDS[op.kind].replay(Replay(session, params, author, op.at, today, rec))
        if not rec.written:  # the use case changed nothing at the office (an edit already there): say it is done
            with session.begin():
                _write_applied(copy, op)(session, rec)
    except PossibleDuplicates as exc:
        names = tuple((c.id, f"{c.family_name}, {c.given_names}") for c in exc.candidates)
        who = f"{params['data'].get('given_names', '')} {params['data'].get('family_name', '')}".strip()
        message = Text(N_("{who} ist vielleicht schon im Büro erfasst ({names}) – bitte entscheiden"), who=who,
                       names="; ".join(n for _, n in names))  # fmt: skip
        return OperationOutcome(op.id, op.kind, "held", message, op, names), None
    except IntegrityError:
        session.rollback()  # another sync applied it in the meantime: its row exists now
        return OperationOutcome(op.id, op.kind, "already"), json.loads(_applied(session, copy.copy_id)[op.id].created)
    except KimError as exc:
        if not rec.written:
            return _rejected(session, copy, op, exc.text), {}
    finally:
        event.remove(session, "before_flush", stamp)
    return OperationOutcome(op.id, op.kind, rec.outcome, rec.message), rec.created


def _rejected(session: Session, copy: CopyInfo, op: TravellingOperation, reason: str) -> OperationOutcome:
    """Refused at the office (validation, role, gone): recorded as settled so it is listed once, not retried."""
    rec = Recording(outcome="rejected", message=reason)
    with session.begin():
        _write_applied(copy, op)(session, rec)
    return OperationOutcome(op.id, op.kind, "rejected", reason)


def _merge(
    session: Session, copy: CopyInfo, op: TravellingOperation, person_id: int
) -> tuple[OperationOutcome, dict[str, list[int]]]:
    """A person registered offline is one the office has: recorded as applied onto that person, nothing created."""
    created = {"people": [person_id]}
    message = Text(N_("1 neue Person mit der Person {id} im Büro zusammengeführt"), id=person_id)
    rec = Recording(created=created, outcome="merged", message=message)
    with session.begin():
        if session.get(Person, person_id) is None:
            raise NotFound(Text(N_("Person {person_id} gibt es nicht (mehr)."), person_id=person_id))
        _write_applied(copy, op)(session, rec)
    return OperationOutcome(op.id, op.kind, "merged", message), created
