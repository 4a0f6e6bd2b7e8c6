"""The KIM report as PDF, CSV and XLSX: every section is there, small numbers are suppressed, no formulas."""

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from kim_desktop.documents.kim_report_pdf import bar_chart, render_kim_report_pdf
from kim_desktop.documents.kim_report_tables import Chart, gap_sentence, report_sections
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
from kim_desktop.exchange.spreadsheets import neutralise as safe_cell
from kim_desktop.services.report_files import write_report_csv, write_report_xlsx

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
    assert "•" in text and "<3" not in text  # September (2 sessions), Arbeit (1): one mark for every hidden count
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
    # 2 is hidden; 40 - 20 - 18 would give it back, so the next smallest month is hidden with it.
    assert months == {"07/2026": "20", "08/2026": "•", "09/2026": "•", "Summe": "40"}
    waiting = sections["waiting"].tables[0].rows
    assert waiting[0] == ("Allgemeiner Integrationskurs", "•", "/", "/", "/", "/")  # 4 course starts: days "/"
    assert [b[0] for b in sections["counselling"].charts[0].bars] == ["07/2026"]
    assert sections["counselling"].charts[0].left_out == 2


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
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0] == ["Monat", "Beratungen"]  # a finished quarter: no note above the header
    assert rows[-2:] == [["09/2026", "•"], ["Summe", "40"]]
    providers = (tmp_path / "csv" / "06_vermittlungen_nach_kurstraeger.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(1)" in providers
    path = tmp_path / "report.xlsx"
    write_report_xlsx(sample_report(), path)
    book = load_workbook(path)
    assert book.sheetnames == ["Bericht", *SECTION_TITLES]
    values = [c for row in book["Transparenz der Platzvergabe"].iter_rows(values_only=True) for c in row if c]
    assert "'-001" in values and not any(str(v).startswith("=") for v in values)


def test_seats_days_and_percentages_are_never_hidden_as_counts(tmp_path: Path) -> None:
    # Seats are a course's occupancy (the free-seat list shows them to the network), not counts of people: every
    # course is printed with its numbers, also one with a single reservation and 15 free seats.
    report = sample_report(
        seats=(CourseSeats("VHS Musterland", "-001", "allgemein", date(2026, 8, 3), 20, 1, 12),
               CourseSeats("Kolping Bildung", "K-77", "alpha", date(2026, 9, 1), 16, 1, 0)),
    )  # fmt: skip
    sections = {s.key: s for s in report_sections(report)}
    courses = sections["seats"].tables[1].rows
    assert [row[4:] for row in courses] == [("20", "1", "12", "7"), ("16", "1", "0", "15")]
    providers = {row[0]: row[1:5] for row in sections["seats"].tables[0].rows}
    assert providers["Kolping Bildung"] == ("16", "1", "0", "15")
    text = pdf_text(render_kim_report_pdf(report))
    assert "K-77" in text and "nicht gedruckt" not in text
    # Days and percentages: a number, "/" when too few cases stand behind them, never a count's mark.
    hidden_marks = {"•", "<3"}
    for section in sections.values():
        for table in section.tables:
            for row in table.rows:
                for header, cell in zip(table.header, row, strict=True):
                    if header in {"Plätze", "reserviert", "angemeldet", "frei", "1. Quartil", "Median", "3. Quartil",
                                  "Ø Tage", "längste (Tage)"} or header.startswith("innerhalb"):  # fmt: skip
                        assert cell not in hidden_marks, (table.title, header, row)
    waiting = sections["waiting"].tables[0].rows
    assert waiting[-1] == ("Alle", "5", "20", "30", "40", "80 %")  # 5 course starts: days and share shown


def test_rare_combinations_and_small_villages_are_not_listed() -> None:
    report = sample_report(
        demand=(DemandCell("Musterau", "alpha", "morning", True, 14, 700, 120),
                DemandCell("Musterau", "allgemein", "evening", True, 1, 30, 30),
                DemandCell("Musterau", "beruf", "evening", False, 1, 40, 40),
                DemandCell("Kleindorf", "allgemein", "evening", False, 2, 30, 20)),
    )  # fmt: skip
    table = {s.key: s for s in report_sections(report)}["demand"].tables[0]
    assert [row[:5] for row in table.rows] == [
        ("Musterau", "Alphabetisierungskurs", "vormittags", "ja", "•"),  # 14 + 2 = 16: the 14 follows, so hidden
        ("Musterau", "übrige Kombinationen (je unter 3 Personen)", "", "", "•"),
        ("übrige Gemeinden", "übrige Kombinationen (je unter 3 Personen)", "", "", "•"),
    ]
    text = pdf_text(render_kim_report_pdf(report))
    assert "Kleindorf" not in text and "abends" not in text


def test_an_unfinished_quarter_is_marked(tmp_path: Path) -> None:
    report = sample_report(computed_on=date(2026, 9, 12))
    assert report.unfinished and not sample_report().unfinished
    note = "VORLÄUFIG: Der Zeitraum endet am 30.09.2026, berechnet wurde am 12.09.2026."
    text = pdf_text(render_kim_report_pdf(report))
    assert note in text and "VORLÄUFIG (Zeitraum nicht abgeschlossen)" in text  # first page and every footer
    assert note not in pdf_text(render_kim_report_pdf(sample_report()))
    for path in write_report_csv(report, tmp_path / "csv"):
        with path.open(encoding="utf-8-sig") as handle:
            assert next(csv.reader(handle, delimiter=";"))[0].startswith(note), path.name
    write_report_xlsx(report, tmp_path / "r.xlsx")
    cover = [row[0] for row in load_workbook(tmp_path / "r.xlsx")["Bericht"].iter_rows(values_only=True)]
    assert any(str(value).startswith(note) for value in cover)


def test_empty_charts_say_no_data() -> None:
    empty = count_table(("x",), {})
    report = sample_report(
        counselling=CounsellingFigures(0, 0, 0, empty, empty, empty, empty),
        referrals=ReferralFigures(0, empty, empty, empty, ObligedRegistration(0, 0, 0, 0, 0)),
        waiting=(), seats=(), demand=(), gaps=(), barrier_sessions=empty, barrier_people=empty,
    )  # fmt: skip
    text = pdf_text(render_kim_report_pdf(report))
    assert text.count("keine Daten") == 7  # every chart of the report
    assert "0 0 0 1 1 1" not in text and "0 0 1 1" not in text
    hidden = bar_chart(Chart("Beratungen nach Thema", (), left_out=2))
    strings = [s.text for s in hidden.contents if hasattr(s, "text")]
    assert "keine Daten zu zeigen: 2 Werte geheim gehalten" in strings
