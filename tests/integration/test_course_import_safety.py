"""Course imports that a database could not hold, that cancel referrals, or that are large (items 11–13 of issue 17)."""

import tracemalloc
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from kim_desktop.cli import main
from kim_desktop.db import models as m
from kim_desktop.domain.enums import CourseStatus, CourseType, ReferralState
from kim_desktop.domain.errors import Conflict
from kim_desktop.services.course_import import ConfirmationNeeded, ImportStatus, apply_course_import
from kim_desktop.services.database import OpenDatabase
from tests.integration.catalogue_fixtures import TODAY, add_course, add_mother, add_referral, build_network
from tests.integration.cli_accounts import ADMIN, add_cli_accounts, use_password
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


def cancelling_file(db: OpenDatabase, tmp_path: Path, referrals: int = 10) -> Path:
    """Course 215-001 with `referrals` people already in it, and a provider's file that sets it to 'abgesagt'."""
    net = build_network(db.sessions)
    course = add_course(db.sessions, net.vhs, net.vhs_town, bamf_course_number="215-001")
    for _ in range(referrals):
        add_referral(db.sessions, add_mother(db.sessions, net.village, TODAY), course, ReferralState.REGISTERED)
    new_course = GOOD[1] + ";geplant"
    return _write(tmp_path, [HEADER + ";Status", GOOD[0].replace("K-1;", "215-001;") + ";abgesagt", new_course])


def _active_referrals(db: OpenDatabase) -> int:
    with db.sessions() as s:
        return int(
            s.scalar(sa.select(sa.func.count(m.Referral.id)).where(m.Referral.state == ReferralState.REGISTERED)) or 0
        )


def test_an_import_that_cancels_referrals_names_them_and_needs_a_confirmation(
    database: OpenDatabase, tmp_path: Path
) -> None:
    preview = _preview(database, cancelling_file(database, tmp_path))
    assert preview.summary() == "1 neu, 1 geändert, 0 unverändert, 0 abgelehnt"
    assert preview.consequences() == ("Kurs 215-001: abgesagt – 10 Vermittlungen werden storniert",)
    with database.sessions() as s, pytest.raises(ConfirmationNeeded, match="Kurs 215-001: abgesagt – 10 Vermittlungen"):
        apply_course_import(s, preview)
    assert _courses(database) == 1 and _active_referrals(database) == 10  # nothing written
    with database.sessions() as s:
        outcome = apply_course_import(s, preview, confirmed=True)
    assert (outcome.created, outcome.updated, outcome.referrals_cancelled) == (1, 1, 10)
    assert _active_referrals(database) == 0
    with database.sessions() as s:
        assert s.scalar(sa.select(m.Course.status).where(m.Course.bamf_course_number == "215-001")) == (
            CourseStatus.CANCELLED
        )


def test_one_cancelled_referral_is_named_in_the_singular(sqlite_database: OpenDatabase, tmp_path: Path) -> None:
    preview = _preview(sqlite_database, cancelling_file(sqlite_database, tmp_path, referrals=1))
    assert preview.consequences() == ("Kurs 215-001: abgesagt – 1 Vermittlung wird storniert",)


def test_cli_names_the_cancellations_and_writes_only_with_yes(
    sqlite_database: OpenDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = cancelling_file(sqlite_database, tmp_path)
    add_cli_accounts(sqlite_database.sessions)
    use_password(monkeypatch)
    command = ["--database-url", sqlite_database.url, "--user", ADMIN, "courses", "import", str(path)]
    assert main(command) == 1
    out, err = capsys.readouterr()
    assert "Kurs 215-001: abgesagt – 10 Vermittlungen werden storniert" in out
    assert "mit --yes bestätigen" in err
    assert _courses(sqlite_database) == 1 and _active_referrals(sqlite_database) == 10
    assert main([*command, "--yes"]) == 0
    out, _err = capsys.readouterr()
    assert "Gespeichert: 1 neue, 1 geänderte Kurse (0 unverändert), 10 Vermittlungen storniert." in out
    assert _active_referrals(sqlite_database) == 0


def _many_courses(tmp_path: Path, rows: int, name: str = "gross.csv") -> Path:
    """A provider's file of `rows` new courses (numbers F-0000000 …), about 180 bytes a row."""
    lines = [HEADER + ";Titel"]
    for i in range(rows):
        start = date(2027, 1, 4) + timedelta(days=i % 700)
        lines.append(
            f"F-{i:07d};Allgemeiner Integrationskurs;VHS;VHS-Haus;{start:%d.%m.%Y};"
            f"{start + timedelta(weeks=30):%d.%m.%Y};Mo–Fr;08:30;12:45;25;25;{i % 20};8;"
            f"Integrationskurs Vormittag ab {start:%d.%m.%Y}"
        )
    return _write(tmp_path, lines, name)


def test_a_large_file_is_streamed_so_memory_does_not_grow_with_the_file(
    sqlite_database: OpenDatabase, tmp_path: Path
) -> None:
    build_network(sqlite_database.sessions)
    path = _many_courses(tmp_path, 12_000)
    size = path.stat().st_size
    tracemalloc.start()
    try:
        with sqlite_database.sessions() as s:
            preview = _preview(sqlite_database, path)
            outcome = apply_course_import(s, preview)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert outcome.created == 12_000
    # Allocations, not time: held whole, bytes + text + cells + offers + rows to insert came to 32 times the file;
    # streamed, what stays is the preview's line per row (about 6 times the file) and one chunk of 1000 rows.
    assert peak < 12 * size, f"peak {peak / 2**20:.1f} MB for a {size / 2**20:.1f} MB file"


def test_a_difference_found_late_in_a_large_file_writes_nothing(database: OpenDatabase, tmp_path: Path) -> None:
    net = build_network(database.sessions)
    path = _many_courses(tmp_path, 2_500)  # three chunks: the first two are written before the third differs
    preview = _preview(database, path)
    assert preview.count(ImportStatus.NEW) == 2_500
    add_course(database.sessions, net.vhs, net.vhs_town, bamf_course_number="F-0002400", course_type=CourseType.ALPHA)
    with database.sessions() as s, pytest.raises(Conflict, match="seit der Vorschau geändert"):
        apply_course_import(s, preview)
    assert _courses(database) == 1  # only the course the other desk added: all or nothing


def test_a_file_changed_after_the_preview_is_not_imported(sqlite_database: OpenDatabase, tmp_path: Path) -> None:
    build_network(sqlite_database.sessions)
    path = _write(tmp_path, [HEADER, *GOOD])
    preview = _preview(sqlite_database, path)
    _write(tmp_path, [HEADER, GOOD[0].replace(";16;4;8", ";18;4;8"), GOOD[1]])  # the provider sends a new version
    with sqlite_database.sessions() as s, pytest.raises(Conflict, match="oder die Datei"):
        apply_course_import(s, preview)
    assert _courses(sqlite_database) == 0
