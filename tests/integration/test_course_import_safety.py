"""Course imports that a database could not hold, that cancel referrals, or that are large (items 11–13 of issue 17)."""

from pathlib import Path

import pytest
import sqlalchemy as sa

from kim_desktop.db import models as m
from kim_desktop.services.course_import import ImportStatus, apply_course_import
from kim_desktop.services.database import OpenDatabase
from tests.integration.catalogue_fixtures import build_network
from tests.integration.test_course_import import GOOD, HEADER, _courses, _preview, _write


def test_values_a_database_cannot_hold_are_rejected_in_the_preview_naming_row_and_column(
    database: OpenDatabase, tmp_path: Path
) -> None:
    build_network(database.sessions)
    fillers = [GOOD[0].replace("K-1;", f"F-{i};") + ";Abendkurs" for i in range(60)]  # the NUL lands after 4 KB
    lines = [
        HEADER + ";Titel",
        GOOD[0] + ";" + "T" * 273,
        GOOD[1].replace("K-2;", "N" * 41 + ";") + ";Kurs",
        *fillers,
        GOOD[0].replace("K-1;", "Z-1;") + ";Kurs\x00Titel",
        GOOD[0].replace("K-1;", "Z-2;").replace(";16;4;8", ";99999999999;4;8") + ";Kurs",
        GOOD[0].replace("K-1;", "Z-3;").replace(";VHS;", ";VHS\x07;") + ";Kurs",
    ]
    path = _write(tmp_path, lines)
    assert path.read_bytes().index(b"\x00") > 4096
    preview = _preview(database, path)
    assert preview.summary() == "60 neu, 0 geändert, 0 unverändert, 5 abgelehnt"
    rejected = [(i.row, i.details[0]) for i in preview.items if i.status == ImportStatus.REJECTED]
    assert rejected == [
        (2, "Spalte „Titel“: 273 Zeichen, höchstens 200 möglich"),
        (3, "Spalte „Kursnummer“: 41 Zeichen, höchstens 30 möglich"),
        (64, "Spalte „Titel“: enthält ein Steuerzeichen (U+0000) an Stelle 5"),
        (65, "Spalte „Plätze gesamt“: 99999999999 liegt außerhalb von -2147483648 bis 2147483647"),
        (66, "Spalte „Träger“: enthält ein Steuerzeichen (U+0007) an Stelle 4"),
    ]
    with database.sessions() as s:
        outcome = apply_course_import(s, preview, skip_rejected=True)  # on PostgreSQL too: no DataError
    assert (outcome.created, outcome.skipped) == (60, 5)
    assert _courses(database) == 60
    with database.sessions() as s:
        longest = s.scalar(sa.select(sa.func.max(sa.func.length(m.Course.title))))
    assert longest == len("Abendkurs")


def test_a_provider_name_at_its_limit_still_fits_the_reported_by_column(database: OpenDatabase, tmp_path: Path) -> None:
    net = build_network(database.sessions)
    limit = m.Organisation.__table__.c.name.type.length  # type: ignore[attr-defined]
    with database.sessions() as s, s.begin():
        vhs = s.get(m.Organisation, net.vhs)
        assert vhs is not None
        vhs.name = "V" * limit
    preview = _preview(database, _write(tmp_path, [HEADER, GOOD[0]]))
    with database.sessions() as s:
        assert apply_course_import(s, preview).created == 1
    with database.sessions() as s:
        by = s.scalar(sa.select(m.Course.booked_reported_by))
    assert by is not None and by.endswith(" (Import)") and len(by) <= limit


@pytest.mark.parametrize("cell", ["Kurs\tTitel", "Kurs\nTitel"])
def test_one_line_fields_refuse_tabs_and_line_breaks(sqlite_database: OpenDatabase, tmp_path: Path, cell: str) -> None:
    build_network(sqlite_database.sessions)
    path = _write(tmp_path, [HEADER + ";Titel", GOOD[0] + f';"{cell}"'])
    item = _preview(sqlite_database, path).items[0]
    assert item.status == ImportStatus.REJECTED
    assert item.details[0].startswith("Spalte „Titel“: enthält ein Steuerzeichen")
