from datetime import datetime
from pathlib import Path

import pytest

from kim_desktop.db.engine import sqlite_url
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.server_move import MoveRefused, copy_server_to_local, local_target_for
from tests.integration.data_safety_helpers import count_rows
from tests.integration.test_server_move import _fingerprints, fill_sample_data

NOON = datetime(2026, 11, 23, 12, 0, 5)


def test_the_usual_file_is_used_only_when_there_is_none(tmp_path: Path) -> None:
    usual = tmp_path / "kim.sqlite"
    assert local_target_for(usual, NOON) == usual
    usual.write_bytes(b"")
    assert local_target_for(usual, NOON) == tmp_path / "kim-vom-server-2026-11-23T120005.sqlite"


@pytest.mark.parametrize("database", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True)
def test_server_to_local_copies_everything_verified_and_never_overwrites_a_local_file(
    database: OpenDatabase, tmp_path: Path
) -> None:
    fill_sample_data(database)
    usual = tmp_path / "daten" / "kim.sqlite"
    progress: list[tuple[str, int, int]] = []

    first = copy_server_to_local(database.url, usual, progress=lambda *p: progress.append(p), now=NOON)

    assert first.path == usual
    assert _fingerprints(sqlite_url(usual)) == first.report.tables == _fingerprints(database.url)
    assert ("audit_events", 2500, 2500) in progress
    second = copy_server_to_local(database.url, usual, now=NOON)
    assert second.path.name == "kim-vom-server-2026-11-23T120005.sqlite"
    assert count_rows(usual, "people") == count_rows(second.path, "people") == 3
    with pytest.raises(MoveRefused, match="gibt es schon"):
        copy_server_to_local(database.url, usual, now=NOON)


def test_a_local_database_is_not_copied_to_local(sqlite_database: OpenDatabase, tmp_path: Path) -> None:
    with pytest.raises(MoveRefused, match="bereits mit einer lokalen Datei"):
        copy_server_to_local(sqlite_database.url, tmp_path / "ziel" / "kim.sqlite")
    assert not (tmp_path / "ziel").exists()
