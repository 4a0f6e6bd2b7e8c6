"""Exchange files: two offices' files merged give the same figures as one database holding both offices."""

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from kim_desktop.db.engine import sqlite_url
from kim_desktop.db.models import AuditEvent
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Role
from kim_desktop.domain.errors import NotAllowed
from kim_desktop.domain.report_figures import KimReport
from kim_desktop.domain.report_merge import ReportsDoNotFit, merge_reports
from kim_desktop.exchange.report_json import (
    ReportFileInvalid,
    read_report_json,
    report_to_dict,
    write_report_json,
)
from kim_desktop.services.database import OpenDatabase, open_database
from kim_desktop.services.kim_report import compute_kim_report, export_report_json
from tests.integration.cli_accounts import add_cli_accounts
from tests.integration.kim_report_data import END, START, TODAY, build_office


def _report(sessions: sessionmaker[Session], office: str = "") -> KimReport:
    with sessions() as session:
        return compute_kim_report(session, START, END, office=office, today=TODAY)


def _office_file(template: Path, tmp_path: Path, prefix: str) -> Path:
    """One office's own database (a fresh SQLite copy of the template) and its exchange file."""
    path = tmp_path / f"office-{prefix}.sqlite"
    shutil.copyfile(template, path)
    db = open_database(sqlite_url(path), None)
    try:
        build_office(db.sessions, prefix)
        target = tmp_path / f"office-{prefix}.json"
        write_report_json(_report(db.sessions, f"Büro {prefix}"), target)
        return target
    finally:
        db.close()


def test_merged_files_equal_one_combined_database(
    database: OpenDatabase, sqlite_template: Path, tmp_path: Path
) -> None:
    build_office(database.sessions, "A")
    build_office(database.sessions, "B")
    combined = _report(database.sessions)
    files = [_office_file(sqlite_template, tmp_path, prefix) for prefix in ("A", "B")]

    merged = merge_reports([read_report_json(f) for f in files])

    assert merged.offices == ("Büro A", "Büro B")
    assert report_to_dict(merged) == report_to_dict(replace(combined, offices=merged.offices))
    assert merged.counselling.sessions == 10 and merged.referrals.total == 8 and merged.demand_total() == 8
    assert merged.waiting_overall().median == 54


def test_round_trip_keeps_every_figure(sqlite_database: OpenDatabase, tmp_path: Path) -> None:
    build_office(sqlite_database.sessions, "")
    report = _report(sqlite_database.sessions, "Büro A")
    path = tmp_path / "report.json"
    write_report_json(report, path)
    assert read_report_json(path) == report
    text = path.read_text(encoding="utf-8")
    assert "Name1" not in text and "Vorname" not in text  # no personal names in the file


def test_merging_one_report_changes_nothing(sqlite_database: OpenDatabase) -> None:
    build_office(sqlite_database.sessions, "")
    report = _report(sqlite_database.sessions, "Büro A")
    assert merge_reports([report]) == report


def test_different_targets_are_refused(sqlite_database: OpenDatabase) -> None:
    report = _report(sqlite_database.sessions)
    with pytest.raises(ReportsDoNotFit):
        merge_reports([report, replace(report, target_days=28)])


def test_only_an_administrator_saves_the_exact_counts(sqlite_database: OpenDatabase, tmp_path: Path) -> None:
    build_office(sqlite_database.sessions, "")
    admin = add_cli_accounts(sqlite_database.sessions)
    report = _report(sqlite_database.sessions, "Büro A")
    path = tmp_path / "exact.json"
    for actor in (Actor(admin.advisor_id + 2, "Bernd Schulte", Role.READER), Actor(admin.advisor_id + 1,
                  "Anna Krüger", Role.ADVISOR), None):  # fmt: skip
        with pytest.raises(NotAllowed), sqlite_database.sessions() as session:
            export_report_json(session, report, path, actor=actor)
        assert not path.exists()
    with sqlite_database.sessions() as session:
        export_report_json(session, report, path, actor=admin)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith('{"hinweis": "EXAKTE FALLZAHLEN, nicht anonymisiert')
    assert "nur für Administratoren" in lines[0]
    assert read_report_json(path) == report  # the notice does not disturb reading
    with sqlite_database.sessions() as session:
        exports = session.scalars(sa.select(AuditEvent.action).where(AuditEvent.entity_type == "kim_report_exact"))
        assert [str(action) for action in exports] == ["exported"]  # the refused attempts wrote nothing


@pytest.mark.parametrize(
    "content",
    ["not json", "[]", '{"format": "other"}', '{"format": "kim-desktop/kim-report", "version": 99}',
     '{"format": "kim-desktop/kim-report", "version": 1}'],
)  # fmt: skip
def test_broken_files_are_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReportFileInvalid):
        read_report_json(path)
