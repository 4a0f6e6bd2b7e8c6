"""The KIM report as PDF, CSV and XLSX: every section is there, small numbers are suppressed, no formulas."""

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from kim_desktop.documents.kim_report_pdf import render_kim_report_pdf
from kim_desktop.documents.kim_report_sheets import safe_cell, write_report_csv, write_report_xlsx
from kim_desktop.documents.kim_report_tables import gap_sentence, report_sections
from kim_desktop.domain.report_figures import (
    CounsellingFigures,
    CourseSeats,
    DemandCell,
    DemandGap,
    KimReport,
    ObligedRegistration,
    ReferralFigures,
    WaitingDays,
    count_table,
)

SECTION_TITLES = ("Beratung", "Vermittlungen", "Zeit bis Kursbeginn", "Transparenz der Platzvergabe",
                  "Ungedeckter Bedarf", "Hindernisse")  # fmt: skip


def sample_report(**changes: object) -> KimReport:
    """A report with a few big and a few small (suppressed) cells."""
    report = KimReport(
        period_start=date(2026, 7, 1), period_end=date(2026, 9, 30), offices=("Integrationsbüro Musterland",),
        computed_on=date(2026, 10, 2), suppression_threshold=3, target_days=42, registration_days=14,
        counselling=CounsellingFigures(
            40, 25, 9, count_table(("month",), {("2026-07",): 20, ("2026-08",): 18, ("2026-09",): 2}),
            count_table(("channel",), {("in_person",): 30, ("phone",): 10}),
            count_table(("topic",), {("Kinderbetreuung",): 12, ("Arbeit",): 1}),
            count_table(("interpreter",), {("with",): 15, ("without",): 25}),
        ),
        referrals=ReferralFigures(
            12, count_table(("course_type",), {("allgemein",): 10, ("alpha",): 2}),
            count_table(("provider",), {("=HYPERLINK(1)",): 7, ("VHS Musterland",): 5}),
            count_table(("state",), {("started",): 8, ("declined",): 4}), ObligedRegistration(10, 6, 2, 1, 1),
        ),
        waiting=(WaitingDays("allgemein", "Musterau", (10, 20, 30, 40)), WaitingDays("alpha", "Musterau", (90,))),
        seats=(CourseSeats("VHS Musterland", "-001", "allgemein", date(2026, 8, 3), 20, 1, 12),),
        demand=(DemandCell("Musterau", "alpha", "morning", True, 14, 700, 120),),
        gaps=(DemandGap("Musterau", "alpha", "morning", True, 14, 55, "Haus am Markt"),),
        barrier_sessions=count_table(("topic",), {("Kinderbetreuung",): 12, ("Fahrtweg / ÖPNV",): 2}),
        barrier_people=count_table(("topic",), {("Kinderbetreuung",): 9, ("Fahrtweg / ÖPNV",): 2}),
    )  # fmt: skip
    return report if not changes else KimReport(**{**report.__dict__, **changes})  # type: ignore[arg-type]


def pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())  # line breaks of wrapped paragraphs do not matter


def test_pdf_has_every_section_and_suppresses_small_cells() -> None:
    text = pdf_text(render_kim_report_pdf(sample_report()))
    for title in SECTION_TITLES:
        assert title in text
    assert "Integrationsbüro Musterland" in text and "2026Q3" in text
    assert "14 Personen in Musterau brauchen: Alphabetisierungskurs, vormittags, mit Kinderbetreuung" in text
    assert "nächster passender Kurs 55 Min." in text
    assert "<3" in text  # September (2 sessions), Arbeit (1), reserved seat (1)
    assert "Median" in text and "25" in text  # median of 10 20 30 40


def test_pdf_of_an_empty_report() -> None:
    empty = count_table(("x",), {})
    report = sample_report(
        counselling=CounsellingFigures(0, 0, 0, empty, empty, empty, empty),
        referrals=ReferralFigures(0, empty, empty, empty, ObligedRegistration(0, 0, 0, 0, 0)),
        waiting=(), seats=(), demand=(), gaps=(), barrier_sessions=empty, barrier_people=empty,
    )  # fmt: skip
    text = pdf_text(render_kim_report_pdf(report))
    assert all(title in text for title in SECTION_TITLES)
    assert "keine Fälle im Zeitraum" in text


def test_sections_apply_the_threshold() -> None:
    sections = {s.key: s for s in report_sections(sample_report(suppression_threshold=5))}
    months = dict(sections["counselling"].tables[0].rows)
    assert months == {"07/2026": "20", "08/2026": "18", "09/2026": "<5", "Summe": "40"}
    waiting = sections["waiting"].tables[0].rows
    assert waiting[0] == ("Allgemeiner Integrationskurs", "<5", "<5", "<5", "<5", "<5")
    assert [b[0] for b in sections["counselling"].charts[0].bars] == ["07/2026", "08/2026"]


def test_gap_sentence_without_a_course() -> None:
    sentence = gap_sentence("<3", "", "allgemein", "evening", False, None, "")
    assert sentence.startswith("<3 Personen in ohne Angabe brauchen: Allgemeiner Integrationskurs, abends")
    assert "kein passender Kurs" in sentence


@pytest.mark.parametrize(("value", "safe"), [("=1+1", "'=1+1"), ("+49", "'+49"), ("-001", "'-001"),
                                             ("@x", "'@x"), ("<3", "<3"), ("VHS", "VHS")])  # fmt: skip
def test_safe_cell(value: str, safe: str) -> None:
    assert safe_cell(value) == safe


def test_csv_and_xlsx(tmp_path: Path) -> None:
    files = write_report_csv(sample_report(), tmp_path / "csv")
    assert len(files) == 14 and files[0].name == "01_beratungen_nach_monat.csv"
    with files[0].open(encoding="utf-8-sig") as handle:
        assert list(csv.reader(handle, delimiter=";"))[-2:] == [["09/2026", "<3"], ["Summe", "40"]]
    providers = (tmp_path / "csv" / "06_vermittlungen_nach_kurstraeger.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(1)" in providers
    path = tmp_path / "report.xlsx"
    write_report_xlsx(sample_report(), path)
    book = load_workbook(path)
    assert book.sheetnames == ["Bericht", *SECTION_TITLES]
    values = [c for row in book["Transparenz der Platzvergabe"].iter_rows(values_only=True) for c in row if c]
    assert "'-001" in values and not any(str(v).startswith("=") for v in values)


def test_pdf_detail_tables_print_only_rows_at_or_above_the_threshold(tmp_path: Path) -> None:
    report = sample_report(
        seats=(CourseSeats("VHS Musterland", "-001", "allgemein", date(2026, 8, 3), 20, 1, 12),
               CourseSeats("Kolping Bildung", "K-77", "alpha", date(2026, 9, 1), 16, 1, 0)),
        demand=(DemandCell("Musterau", "alpha", "morning", True, 14, 700, 120),
                DemandCell("Kleindorf", "allgemein", "evening", False, 2, 30, 20)),
    )  # fmt: skip
    text = pdf_text(render_kim_report_pdf(report))
    assert "-001" in text and "K-77" not in text  # 12 registered is shown; 1 reserved and 0 registered is not
    assert "Kleindorf" not in text
    assert text.count("1 weitere Zeile nur mit Zahlen unter der Schwelle (3) ist nicht gedruckt") == 2
    assert "siehe CSV oder XLSX" in text
    files = write_report_csv(report, tmp_path / "csv")
    everything = " ".join(path.read_text(encoding="utf-8-sig") for path in files)
    assert "K-77" in everything and "Kleindorf" in everything  # the CSV keeps every row


def test_a_detail_table_with_only_small_rows_prints_just_the_note() -> None:
    report = sample_report(demand=(DemandCell("Kleindorf", "allgemein", "evening", False, 2, 30, 20),))
    text = pdf_text(render_kim_report_pdf(report))
    assert "Kleindorf" not in text
    assert "1 weitere Zeile nur mit Zahlen unter der Schwelle (3) ist nicht gedruckt" in text
