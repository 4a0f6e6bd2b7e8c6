import time as clock
from datetime import date, time
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from kim_desktop.cli import main
from kim_desktop.db import models as m
from kim_desktop.domain.enums import CourseType, ReferralState
from kim_desktop.domain.errors import KimError
from kim_desktop.exchange.course_offers import ImportFileError
from kim_desktop.exchange.spreadsheets import neutralise
from kim_desktop.services.course_export import export_catalogue, export_free_seats
from kim_desktop.services.course_import import (
    ImportStatus,
    apply_course_import,
    preview_course_file,
)
from kim_desktop.services.database import OpenDatabase
from tests.integration.catalogue_fixtures import TODAY, add_course, add_mother, add_referral, build_network

HEADER = (
    "Kursnummer;Kursart;Träger;Kursort;Kursbeginn;Kursende;Wochentage;Uhrzeit von;Uhrzeit bis;UE pro Woche;"
    "Plätze gesamt;Plätze belegt;Kinderbetreuung Plätze"
)
GOOD = [
    "K-1;Alphabetisierungskurs;VHS;VHS-Haus;11.01.2027;30.07.2027;Mo–Fr;08:30;12:45;25;16;4;8",
    "K-2;Allgemeiner Integrationskurs;Bildungswerk Nord gGmbH;Zentrum;2027-02-01;2027-09-30;Mo, Di, Do;18:00;21:00;"
    "12;25;;0",
]


def _write(tmp_path: Path, lines: list[str], name: str = "kurse.csv", encoding: str = "utf-8", sep: str = ";") -> Path:
    path = tmp_path / name
    path.write_bytes("\r\n".join(line.replace(";", sep) for line in lines).encode(encoding))
    return path


def _courses(db: OpenDatabase) -> int:
    with db.sessions() as s:
        return int(s.scalar(sa.select(sa.func.count(m.Course.id))) or 0)


def _preview(db: OpenDatabase, path: Path):  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        return preview_course_file(s, path)


def test_import_then_reimport_changes_nothing(database: OpenDatabase, tmp_path: Path) -> None:
    build_network(database.sessions)
    path = _write(tmp_path, [HEADER, *GOOD])
    preview = _preview(database, path)
    assert preview.summary() == "2 neu, 0 geändert, 0 unverändert, 0 abgelehnt"
    assert _courses(database) == 0  # the preview writes nothing
    with database.sessions() as s:
        outcome = apply_course_import(s, preview)
    assert (outcome.created, outcome.updated) == (2, 0)
    with database.sessions() as s:
        course = s.scalar(sa.select(m.Course).where(m.Course.bamf_course_number == "K-1"))
        assert course is not None
        assert (course.course_type, course.weekdays_mask, course.start_time) == (CourseType.ALPHA, 31, time(8, 30))
        assert (course.booked_reported, course.booked_reported_by) == (4, "Volkshochschule Musterstadt (Import)")
        assert course.childcare_places == 8
    assert _preview(database, path).summary() == "0 neu, 0 geändert, 2 unverändert, 0 abgelehnt"

    changed = _write(tmp_path, [HEADER, GOOD[0].replace(";16;4;8", ";18;4;8"), GOOD[1]], "v2.csv")
    preview = _preview(database, changed)
    item = next(i for i in preview.items if i.status == ImportStatus.CHANGED)
    assert item.details == ("Plätze gesamt: 16 → 18",)


@pytest.mark.parametrize(
    ("encoding", "sep"),
    [("utf-8", ";"), ("utf-8-sig", ";"), ("cp1252", ";"), ("utf-8", ","), ("cp1252", "\t"), ("utf-16", ";")],
)
def test_encodings_and_delimiters(sqlite_database: OpenDatabase, tmp_path: Path, encoding: str, sep: str) -> None:
    build_network(sqlite_database.sessions)
    lines = [HEADER, GOOD[0].replace("VHS-Haus", "Außenstelle Nord"), GOOD[1]]
    if sep == ",":
        lines = [line.replace("Mo, Di, Do", "Mo/Di/Do") for line in lines]
    preview = _preview(sqlite_database, _write(tmp_path, lines, encoding=encoding, sep=sep))
    assert preview.summary() == "2 neu, 0 geändert, 0 unverändert, 0 abgelehnt"
    assert "Außenstelle Nord" in preview.items[0].course


def test_undecodable_file_is_refused_with_the_byte(sqlite_database: OpenDatabase, tmp_path: Path) -> None:
    path = tmp_path / "kaputt.csv"
    path.write_bytes(HEADER.encode() + b"\r\nK-1;Alpha\x81;VHS")
    with pytest.raises(ImportFileError, match=r"weder UTF-8 noch Windows-1252 kodiert \(Byte 0x81"):
        _preview(sqlite_database, path)
    binary = tmp_path / "bild.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(ImportFileError, match="keine Textdatei"):
        _preview(sqlite_database, binary)


def test_missing_columns_are_named(sqlite_database: OpenDatabase, tmp_path: Path) -> None:
    path = _write(tmp_path, ["Kursnummer;Kursart;Träger;Kursort;Kursbeginn;Wochentage", "K-1;Alpha;VHS;X;1.1.2027;Mo"])
    with pytest.raises(ImportFileError) as info:
        _preview(sqlite_database, path)
    assert str(info.value).startswith(
        "Es fehlen Spalten: Kursende, Uhrzeit von, Uhrzeit bis, UE pro Woche, Plätze gesamt."
    )


@pytest.mark.parametrize(
    ("change", "row_error"),
    [
        (("11.01.2027", "31.02.2027"), "Spalte „Kursbeginn“: „31.02.2027“ ist kein gültiges Datum"),
        (("30.07.2027", "2027/07/30"), "Spalte „Kursende“: „2027/07/30“ ist kein gültiges Datum"),
        (("30.07.2027", "01.01.2027"), "Spalte „Kursende“: Kursende liegt vor dem Kursbeginn"),
        ((";VHS;", ";Unbekannt e.V.;"), "Spalte „Träger“: „Unbekannt e.V.“ ist kein bekannter Kursträger"),
        (("VHS-Haus", "Zentrum"), "Spalte „Kursort“: „Zentrum“ ist kein Kursort von VHS"),
        (("Mo–Fr", "montags"), None),
        (("Mo–Fr", "Wochenende"), "Spalte „Wochentage“: „Wochenende“ sind keine gültigen Wochentage"),
        (("08:30", "8 Uhr 30"), "Spalte „Uhrzeit von“: „8 Uhr 30“ ist keine gültige Uhrzeit"),
        ((";16;4;8", ";-3;4;8"), "Spalte „Plätze gesamt“: „-3“ ist keine ganze Zahl ab 0"),
        (("Alphabetisierungskurs", "Kochkurs"), "Spalte „Kursart“: „Kochkurs“ ist keine bekannte Kursart"),
        (("K-1;Alphabetisierungskurs;VHS", "K-1;;VHS"), "Spalte „Kursart“: Pflichtfeld ist leer"),
    ],
)
def test_bad_rows_are_rejected_naming_row_and_column(
    sqlite_database: OpenDatabase, tmp_path: Path, change: tuple[str, str], row_error: str | None
) -> None:
    build_network(sqlite_database.sessions)
    path = _write(tmp_path, [HEADER, GOOD[0].replace(*change), GOOD[1]])
    preview = _preview(sqlite_database, path)
    first = preview.items[0]
    if row_error is None:
        assert first.status == ImportStatus.NEW
        return
    assert first.row == 2 and first.status == ImportStatus.REJECTED
    assert row_error in first.details[0]
    with sqlite_database.sessions() as s, pytest.raises(KimError, match="1 Zeilen sind abgelehnt"):
        apply_course_import(s, preview)
    assert _courses(sqlite_database) == 0


def test_duplicate_rows_rejected_and_nothing_written(database: OpenDatabase, tmp_path: Path) -> None:
    build_network(database.sessions)
    no_number = GOOD[1].replace("K-2;", ";")
    path = _write(tmp_path, [HEADER, GOOD[0], GOOD[0], no_number, no_number])
    preview = _preview(database, path)
    rejected = [(i.row, i.details[0]) for i in preview.items if i.status == ImportStatus.REJECTED]
    assert rejected == [
        (3, "Spalte „Kursnummer“: doppelt: derselbe Kurs steht schon in Zeile 2"),
        (5, "Spalte „Träger/Kursort/Kursbeginn/Kursart“: doppelt: derselbe Kurs steht schon in Zeile 4"),
    ]
    with database.sessions() as s, pytest.raises(KimError):
        apply_course_import(s, preview)
    assert _courses(database) == 0
    with database.sessions() as s:
        outcome = apply_course_import(s, preview, skip_rejected=True)
    assert (outcome.created, outcome.skipped) == (2, 2)


def test_import_cancelling_a_course_cancels_its_referrals(database: OpenDatabase, tmp_path: Path) -> None:
    net = build_network(database.sessions)
    course = add_course(database.sessions, net.vhs, net.vhs_town, bamf_course_number="K-1")
    person = add_mother(database.sessions, net.village, TODAY)
    add_referral(database.sessions, person, course, ReferralState.REGISTERED)
    path = _write(tmp_path, [HEADER + ";Status", GOOD[0] + ";abgesagt"])
    preview = _preview(database, path)
    assert "1 aktive Vermittlungen werden storniert" in preview.items[0].details
    with database.sessions() as s:
        assert apply_course_import(s, preview, confirmed=True).referrals_cancelled == 1


def test_ten_thousand_rows_xlsx_round_trip(sqlite_database: OpenDatabase, tmp_path: Path) -> None:
    build_network(sqlite_database.sessions)
    rows = [HEADER] + [
        f"N-{i:05d};Allgemeiner Integrationskurs;VHS;VHS-Haus;{date.fromordinal(738889 + i % 300):%d.%m.%Y};"
        f"31.12.2028;Mo–Fr;08:30;12:45;25;25;{i % 20};0"
        for i in range(10_000)
    ]
    path = _write(tmp_path, rows)
    started = clock.perf_counter()
    preview = _preview(sqlite_database, path)
    with sqlite_database.sessions() as s:
        outcome = apply_course_import(s, preview)
    assert outcome.created == 10_000
    assert clock.perf_counter() - started < 20
    xlsx = tmp_path / "katalog.xlsx"
    with sqlite_database.sessions() as s:
        assert export_catalogue(s, xlsx, TODAY).courses == 10_000
    assert _preview(sqlite_database, xlsx).summary() == "0 neu, 0 geändert, 10000 unverändert, 0 abgelehnt"


def test_exports_neutralise_formulas_and_pdf_renders(sqlite_database: OpenDatabase, tmp_path: Path) -> None:
    net = build_network(sqlite_database.sessions)
    add_course(sqlite_database.sessions, net.vhs, net.vhs_town, title='=HYPERLINK("http://x")', childcare_places=3)
    with sqlite_database.sessions() as s:
        export_catalogue(s, tmp_path / "k.csv", TODAY)
        export_catalogue(s, tmp_path / "k.xlsx", TODAY)
        assert export_free_seats(s, tmp_path / "f.pdf", TODAY, "Integrationsbüro Musterland").courses == 1
    assert "'=HYPERLINK" in (tmp_path / "k.csv").read_text(encoding="utf-8-sig")
    sheet = load_workbook(tmp_path / "k.xlsx").active
    assert sheet is not None
    assert '\'=HYPERLINK("http://x")' in [c.value for c in sheet[2]]
    assert [neutralise(t) for t in ("+1", "-2", "@a", "\tb", "ok")] == ["'+1", "'-2", "'@a", "'\tb", "ok"]
    from pypdf import PdfReader

    text = PdfReader(tmp_path / "f.pdf").pages[0].extract_text()
    assert "Freie Kursplätze" in text and "VHS-Haus" in text and "16 von 16" in text


def test_cli_import_dry_run_and_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kim_desktop.services.demo_data import DEMO_PASSWORD

    example = Path(__file__).resolve().parents[2] / "resources" / "examples" / "kursangebote-beispiel.csv"
    assert main(["--data-dir", str(tmp_path), "demo-data"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("KIM_PASSWORD", DEMO_PASSWORD)  # importing needs an administrator's sign-in
    assert (
        main(["--data-dir", str(tmp_path), "--user", "demo.admin", "courses", "import", "--dry-run", str(example)]) == 0
    )
    assert "6 neu, 0 geändert, 0 unverändert, 0 abgelehnt" in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path), "--user", "demo.admin", "courses", "import", str(example)]) == 0
    assert "Gespeichert: 6 neue" in capsys.readouterr().out
    assert main(["--data-dir", str(tmp_path), "--user", "demo.admin", "courses", "import", str(example)]) == 0
    assert "Nichts zu speichern" in capsys.readouterr().out
    assert (
        main(
            [
                "--data-dir",
                str(tmp_path),
                "--user",
                "demo.admin",
                "courses",
                "export",
                "--free-seats",
                str(tmp_path / "f.pdf"),
            ]
        )
        == 0
    )
    assert (tmp_path / "f.pdf").read_bytes().startswith(b"%PDF")
    assert (
        main(
            [
                "--data-dir",
                str(tmp_path),
                "--user",
                "demo.admin",
                "courses",
                "export",
                "--free-seats",
                str(tmp_path / "f.doc"),
            ]
        )
        == 2
    )
    assert "Unbekanntes Format" in capsys.readouterr().err
