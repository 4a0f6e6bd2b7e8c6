"""Messages of the waiting list, duplicates, course import and network share: German by str(), English translated."""

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kim_desktop.domain.enums import CourseType, PartOfDay
from kim_desktop.domain.network_share import network_share_on_windows, network_share_warning
from kim_desktop.exchange.course_offers import ImportFileError, parse_offers, rows_from
from kim_desktop.exchange.courses_csv import read_csv_table
from kim_desktop.i18n import error_text, install_language, translate_text
from kim_desktop.services.course_import import STATUS_LABELS, ImportItem, ImportPreview, ImportStatus
from kim_desktop.services.people_dto import PossibleDuplicates
from kim_desktop.services.waiting_list import UnmetNeed

ROOT = Path(__file__).resolve().parents[2]
HEADER = ("Kursart", "Träger", "Kursort", "Kursbeginn", "Kursende", "Wochentage", "Uhrzeit von", "Uhrzeit bis",
          "UE pro Woche", "Plätze gesamt")  # fmt: skip
GOOD = ("Alphabetisierungskurs", "VHS", "Haus", "01.02.2027", "30.07.2027", "Mo–Fr", "08:30", "12:45", "25", "16")


@pytest.fixture
def english() -> Iterator[None]:
    """The English catalog compiled and installed for the test; German again afterwards."""
    subprocess.run([sys.executable, "tools/translations.py", "compile"], cwd=ROOT, check=True, capture_output=True)
    install_language("en")
    yield
    install_language("de")


def test_waiting_list_need(english: None) -> None:
    need = UnmetNeed(CourseType.ALPHA, None, 1, (PartOfDay.MORNING, PartOfDay.EVENING), True, 2)
    assert need.describe() == "Alphabetisierungskurs; Modul 1; vormittags, abends; Kinderbetreuung für 2 Kind(er)"
    assert translate_text(need.describe()) == (
        "Literacy course; module 1; mornings, evenings; childcare for 2 child(ren)"
    )


def test_possible_duplicates(english: None) -> None:
    found = PossibleDuplicates([])
    assert str(found) == "0 mögliche Dublette(n)"
    assert error_text(found) == "0 possible duplicate(s)"


def test_network_share_warning(english: None) -> None:
    kind = network_share_on_windows(r"K:\KIM\kim.sqlite", lambda root: 4)
    assert kind == "Netzlaufwerk"
    warning = network_share_warning(r"K:\KIM\kim.sqlite", kind)
    assert warning.startswith(r"Die Datenbank K:\KIM\kim.sqlite liegt auf einem Netzlaufwerk (Netzlaufwerk).")
    assert translate_text(warning).startswith(r"The database K:\KIM\kim.sqlite is on a network drive (network drive).")


def test_import_rejections_keep_the_column_name(english: None) -> None:
    bad_date = (*GOOD[:3], "31.02.2027", *GOOD[4:])
    parsed = parse_offers(rows_from([HEADER, GOOD, bad_date, GOOD]))
    assert [(e.row, e.column, e.message) for e in parsed.rejected] == [
        (3, "Kursbeginn", "„31.02.2027“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT)"),
        (4, "Träger/Kursort/Kursbeginn/Kursart", "doppelt: derselbe Kurs steht schon in Zeile 2"),
    ]
    assert [translate_text(e.message) for e in parsed.rejected] == [
        '"31.02.2027" is not a valid date (DD.MM.YYYY or YYYY-MM-DD)',
        "duplicate: the same course is already in row 2",
    ]


def test_import_preview_summary_and_reasons(english: None) -> None:
    parsed = parse_offers(rows_from([HEADER, GOOD]))
    preview = ImportPreview("kurse.csv", (ImportItem(2, ImportStatus.NEW, STATUS_LABELS[ImportStatus.NEW]),), parsed)
    assert preview.summary() == "1 neu, 0 geändert, 0 unverändert, 0 abgelehnt"
    assert translate_text(preview.summary()).startswith("1 new, 0 changed, 0 unchanged, 0 ")


def test_import_file_errors(english: None) -> None:
    with pytest.raises(ImportFileError) as empty:
        rows_from([])
    assert str(empty.value) == "Die Datei ist leer."
    assert error_text(empty.value) == "The file is empty."
    with pytest.raises(ImportFileError) as missing:
        parse_offers(rows_from([("Kursart", "Notiz")]))
    assert str(missing.value).startswith("Es fehlen Spalten: Träger, Kursort")
    assert error_text(missing.value).startswith("Columns missing: Träger, Kursort")
    assert error_text(missing.value).endswith("Columns found: Kursart, Notiz")
    with pytest.raises(ImportFileError) as binary:
        read_csv_table(b"\x00\x01binary")
    assert error_text(binary.value) == "The file is not a text file (CSV). Please choose a CSV or XLSX file."
