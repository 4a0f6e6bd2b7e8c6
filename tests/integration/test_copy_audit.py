"""Backups and moves of the whole database are recorded as exports: who, when, what kind, where to, how many rows."""

import json
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from kim_desktop.db.models import AuditEvent
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Role
from kim_desktop.domain.errors import NotAllowed
from kim_desktop.services.backups import BackupFailed, BackupOutcome, backup_database
from kim_desktop.services.copy_audit import CopyKind, copy_recorded
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.server_move import MoveReport, TableFingerprint, copy_database
from tests.integration.cli_accounts import add_cli_accounts
from tests.integration.data_safety_helpers import add_people

NOW = datetime(2026, 3, 2, 10, 30)


def exports(db: OpenDatabase) -> list[tuple[str, int | None, str, dict[str, list[object]]]]:
    """The database-copy entries: actor, account id, time (ISO) and details."""
    with db.sessions() as session:
        rows = session.execute(
            sa.select(AuditEvent.actor, AuditEvent.advisor_id, AuditEvent.at, AuditEvent.details)
            .where(AuditEvent.action == "exported", AuditEvent.entity_type == "database")
            .order_by(AuditEvent.id)
        )
        return [(actor, advisor, at.isoformat(), json.loads(details)) for actor, advisor, at, details in rows]


def test_a_move_is_recorded_with_target_and_rows(database: OpenDatabase) -> None:
    admin = add_cli_accounts(database.sessions)
    report = MoveReport(
        "Lokale Datei: /daten/kim.sqlite",
        "Server: postgresql://srv:5432/kim",
        (TableFingerprint("people", 12, "a"), TableFingerprint("referrals", 30, "b")),
    )
    with database.sessions() as session:
        assert copy_recorded(session, admin, CopyKind.MIGRATE_TO, lambda: report, NOW) is report
    assert exports(database) == [
        (
            "Claudia Hartmann",
            admin.advisor_id,
            "2026-03-02T10:30:00",
            {
                "copy": [None, "migrate-to"],
                "target": [None, "Server: postgresql://srv:5432/kim"],
                "rows": [None, 42],
                "tables": [None, 2],
            },
        )
    ]


def test_a_reader_is_refused_before_anything_is_copied(database: OpenDatabase) -> None:
    copied: list[str] = []

    def copy() -> MoveReport:
        copied.append("copy")
        return MoveReport("a", "b", ())

    reader = Actor(1, "Bernd Schulte", Role.READER)
    with database.sessions() as session, pytest.raises(NotAllowed):
        copy_recorded(session, reader, CopyKind.BACKUP, copy)
    assert copied == [] and exports(database) == []


def test_a_failed_copy_leaves_no_entry(database: OpenDatabase) -> None:
    admin = add_cli_accounts(database.sessions)

    def fails() -> MoveReport:
        raise BackupFailed("Der Ordner ist voll.")

    with database.sessions() as session, pytest.raises(BackupFailed):
        copy_recorded(session, admin, CopyKind.BACKUP, fails)
    assert exports(database) == []


def test_a_real_backup_and_move_name_every_place_and_the_verified_counts(
    sqlite_database: OpenDatabase, tmp_path: Path
) -> None:
    admin = add_cli_accounts(sqlite_database.sessions)
    add_people(sqlite_database, 3)
    url = sqlite_database.url

    def back_up() -> BackupOutcome:
        return backup_database(url, tmp_path / "sicherung", tmp_path / "stick")

    with sqlite_database.sessions() as session:
        outcome = copy_recorded(session, admin, CopyKind.BACKUP, back_up)
    assert outcome.second is not None
    (entry,) = exports(sqlite_database)
    details = entry[3]
    assert details["copy"] == [None, "backup"]
    assert details["target"] == [None, f"{outcome.primary.path}; {outcome.second.path}"]
    assert details["rows"] == [None, sum(outcome.primary.counts.values())] and outcome.primary.counts["people"] == 3

    target = f"sqlite:///{tmp_path / 'kopie.sqlite'}"
    with sqlite_database.sessions() as session:
        report = copy_recorded(session, admin, CopyKind.MIGRATE_TO, lambda: copy_database(url, target))
    moved = exports(sqlite_database)[-1][3]
    assert moved["copy"] == [None, "migrate-to"] and moved["rows"] == [None, report.total_rows]
    assert moved["target"] == [None, report.target] and "kopie.sqlite" in report.target


def test_without_an_account_nothing_is_checked_or_recorded(database: OpenDatabase) -> None:
    report = MoveReport("a", "b", ())
    with database.sessions() as session:
        assert copy_recorded(session, None, CopyKind.SERVER_TO_LOCAL, lambda: report) is report
    assert exports(database) == []
