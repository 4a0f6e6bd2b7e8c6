"""Copies of the whole database (backups, moves to another database) recorded in the audit trail as exports."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from kim_desktop.domain.access import Action, Actor
from kim_desktop.services.audit import AuditAction, check_if_signed_in, record
from kim_desktop.services.backups import BackupOutcome
from kim_desktop.services.server_move import LocalCopy, MoveReport

ENTITY = "database"


class CopyKind(StrEnum):
    """What kind of copy left the database (the value is written to the trail)."""

    BACKUP = "backup"
    MIGRATE_TO = "migrate-to"
    SERVER_TO_LOCAL = "server-to-local"


@dataclass(frozen=True)
class CopyFacts:
    """Where a copy went and how much it holds, as the trail records it (paths and counts, no personal data)."""

    target: str
    rows: int
    tables: int


def copy_facts(result: BackupOutcome | MoveReport | LocalCopy) -> CopyFacts:
    """The verified counts of a copy and every place it was written to."""
    if isinstance(result, BackupOutcome):
        places = [result.primary.path] + ([result.second.path] if result.second is not None else [])
        counts = result.primary.counts
        return CopyFacts("; ".join(str(place) for place in places), sum(counts.values()), len(counts))
    report = result.report if isinstance(result, LocalCopy) else result
    return CopyFacts(report.target, report.total_rows, len(report.tables))


def copy_recorded[Copy: (BackupOutcome, MoveReport, LocalCopy)](
    session: Session, actor: Actor | None, kind: CopyKind, make_copy: Callable[[], Copy], now: datetime | None = None
) -> Copy:
    """Check the role, make the copy, then record it as one export entry (who, when, what kind, where to, rows).

    The entry is written in its own transaction after the copy verified, so it states what really left; a copy
    that failed leaves no entry (nothing left). The copy itself does not contain its own entry. Without an actor
    (scripts, tests) nothing is checked or recorded, like every other use case.
    """
    check_if_signed_in(actor, Action.BACKUP)
    result = make_copy()
    if actor is not None:
        facts = copy_facts(result)
        details = {
            "copy": (None, kind.value),
            "target": (None, facts.target),
            "rows": (None, facts.rows),
            "tables": (None, facts.tables),
        }
        with session.begin():
            record(session, actor, AuditAction.EXPORTED, ENTITY, None, None, details, at=now)
    return result
