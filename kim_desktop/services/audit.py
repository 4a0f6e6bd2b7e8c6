"""The audit trail: recording who read or changed what inside the caller's transaction, filtering, CSV export."""

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import AuditEvent
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.exchange.spreadsheets import csv_text

SYSTEM_ACTOR = "System"
Changes = dict[str, tuple[Any, Any]]


class AuditAction:
    """The action names written to the trail (stable strings; the audit page shows them in German)."""

    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_IN_LOCKED = "sign_in_locked"
    SCREEN_UNLOCKED = "screen_unlocked"
    ACCOUNT_CREATED = "account_created"
    ACCOUNT_CHANGED = "account_changed"
    PASSWORD_RESET = "password_reset"
    PASSWORD_CHANGED = "password_changed"
    CASE_READ = "case_read"
    CASE_CREATED = "case_created"
    CASE_CHANGED = "case_changed"
    LETTER_PRINTED = "letter_printed"
    EXPORTED = "exported"
    IMPORTED = "imported"
    CONSENT_RECORDED = "consent_recorded"
    CONSENT_REVOKED = "consent_revoked"
    CONSENT_PURPOSE_ASSIGNED = "consent_purpose_assigned"
    PERSON_ERASED = "person_erased"
    RETENTION_APPLIED = "retention_applied"
    ACCESS_REQUEST = "access_request"
    AUDIT_EXPORTED = "audit_exported"
    PEOPLE_SEARCHED = "people_searched"
    NETWORK_CHANGED = "network_changed"
    SETTINGS_CHANGED = "settings_changed"


def check_if_signed_in(actor: Actor | None, action: Action) -> None:
    """Refuse what the role may not do; without an actor (scripts, demo data, older tests) nothing is checked."""
    if actor is not None:
        require(actor, action)


def plain_value(value: Any) -> Any:
    """A JSON-friendly form of a field value."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        items = [plain_value(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    return str(value)


def diff_fields(before: dict[str, Any], after: dict[str, Any]) -> Changes:
    """The fields whose value differs between two snapshots, as name -> (old, new); missing means None."""
    changes: Changes = {}
    for name in sorted(before.keys() | after.keys()):
        old, new = before.get(name), after.get(name)
        if old != new:
            changes[name] = (old, new)
    return changes


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    entity_type: str,
    entity_id: int | None,
    person_id: int | None = None,
    changes: Changes | None = None,
    *,
    at: datetime | None = None,
    actor_label: str | None = None,
) -> None:
    """Add an audit entry in the caller's transaction (never commits; it stands or falls with the change)."""
    details = {name: [plain_value(old), plain_value(new)] for name, (old, new) in (changes or {}).items()}
    session.add(
        AuditEvent(
            at=(at or datetime.now()).replace(microsecond=0),
            advisor_id=actor.advisor_id if actor else None,
            actor=actor_label or (actor.display_name if actor else SYSTEM_ACTOR),
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            person_id=person_id,
            details=json.dumps(details, ensure_ascii=False, sort_keys=True) if details else "",
        )
    )


def record_export(session: Session, actor: Actor | None, what: str, file_format: str, counts: dict[str, int]) -> None:
    """Record an export in its own transaction before the file is written (an attempt is logged, too)."""
    if actor is None:
        return
    changes: Changes = {"format": (None, file_format.lstrip(".").lower())}
    changes.update({name: (None, count) for name, count in counts.items()})
    with session.begin():
        record(session, actor, AuditAction.EXPORTED, what, None, None, changes)


@dataclass(frozen=True)
class AuditFilter:
    """What to show: a date range (inclusive), an account, an action, a person, a kind of record."""

    from_date: date | None = None
    to_date: date | None = None
    advisor_id: int | None = None
    action: str | None = None
    person_id: int | None = None
    entity_type: str | None = None
    limit: int = 5000


@dataclass(frozen=True)
class AuditRow:
    """One entry of the trail as the audit page and the export show it."""

    id: int
    at: datetime
    advisor_id: int | None
    actor: str
    action: str
    entity_type: str
    entity_id: int | None
    person_id: int | None
    changes: tuple[tuple[str, Any, Any], ...]


def _row(event: AuditEvent) -> AuditRow:
    try:
        parsed = json.loads(event.details) if event.details else {}
    except ValueError:
        parsed = {}
    changes = tuple((name, pair[0], pair[1]) for name, pair in sorted(parsed.items()) if isinstance(pair, list))
    return AuditRow(
        event.id,
        event.at,
        event.advisor_id,
        event.actor,
        event.action,
        event.entity_type,
        event.entity_id,
        event.person_id,
        changes,
    )


def _query(flt: AuditFilter) -> sa.Select[AuditEvent]:
    stmt = sa.select(AuditEvent)
    if flt.from_date is not None:
        stmt = stmt.where(AuditEvent.at >= datetime.combine(flt.from_date, time()))
    if flt.to_date is not None:
        stmt = stmt.where(AuditEvent.at < datetime.combine(flt.to_date + timedelta(days=1), time()))
    if flt.advisor_id is not None:
        stmt = stmt.where(AuditEvent.advisor_id == flt.advisor_id)
    if flt.action:
        stmt = stmt.where(AuditEvent.action == flt.action)
    if flt.person_id is not None:
        stmt = stmt.where(AuditEvent.person_id == flt.person_id)
    if flt.entity_type:
        stmt = stmt.where(AuditEvent.entity_type == flt.entity_type)
    return stmt.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(flt.limit)


def events_about_person(session: Session, person_id: int) -> list[AuditRow]:
    """All entries about one person, oldest first (in the caller's transaction; for access requests)."""
    stmt = sa.select(AuditEvent).where(AuditEvent.person_id == person_id).order_by(AuditEvent.at, AuditEvent.id)
    return [_row(e) for e in session.scalars(stmt)]


def list_audit_events(session: Session, actor: Actor | None, flt: AuditFilter = AuditFilter()) -> list[AuditRow]:
    """The entries matching the filter, newest first (administrators only)."""
    require(actor, Action.VIEW_AUDIT)
    with session.begin():
        return [_row(e) for e in session.scalars(_query(flt))]


CSV_HEADER = ("id", "zeit", "konto_id", "wer", "aktion", "art", "datensatz_id", "person_id", "aenderungen")


def export_audit_csv(session: Session, actor: Actor | None, flt: AuditFilter, now: datetime | None = None) -> str:
    """The filtered entries as CSV text (semicolon-separated for German spreadsheets); the export is itself logged."""
    require(actor, Action.VIEW_AUDIT)
    require(actor, Action.EXPORT)
    with session.begin():
        rows = [_row(e) for e in session.scalars(_query(flt))]
        record(session, actor, AuditAction.AUDIT_EXPORTED, "audit", None, changes={"rows": (None, len(rows))}, at=now)
    lines = (
        [r.id, r.at.isoformat(sep=" "), r.advisor_id or "", r.actor, r.action, r.entity_type,
         r.entity_id if r.entity_id is not None else "", r.person_id if r.person_id is not None else "",
         json.dumps({name: [old, new] for name, old, new in r.changes}, ensure_ascii=False) if r.changes else ""]
        for r in rows
    )  # fmt: skip
    return csv_text(CSV_HEADER, lines, bom=False)  # a display name "=HYPERLINK(…)" stays text in a spreadsheet


def action_names(session: Session, actor: Actor | None) -> list[str]:
    """The action names present in the trail (for the filter's list)."""
    require(actor, Action.VIEW_AUDIT)
    with session.begin():
        return list(session.scalars(sa.select(AuditEvent.action).distinct().order_by(AuditEvent.action)))
