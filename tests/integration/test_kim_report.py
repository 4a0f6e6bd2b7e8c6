"""Every figure of the KIM report from a small known office, compared with values counted by hand."""

from datetime import date

import pytest

from kim_desktop.db.models import Rule
from kim_desktop.domain.report_figures import Count, CourseSeats, DemandCell, DemandGap, KimReport, WaitingDays
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.kim_report import compute_kim_report
from tests.integration.kim_report_data import END, START, TODAY, build_office


def rows(table: object) -> dict[tuple[str, ...], int]:
    """A CountTable as a plain dict."""
    return {r.key: r.value for r in table.rows}  # type: ignore[attr-defined]


@pytest.fixture
def report(database: OpenDatabase) -> KimReport:
    build_office(database.sessions, "")
    with database.sessions() as session:
        return compute_kim_report(session, START, END, office="Büro A", today=TODAY)


def test_header(report: KimReport) -> None:
    assert (report.period_start, report.period_end, report.offices) == (START, END, ("Büro A",))
    assert (report.suppression_threshold, report.target_days, report.registration_days) == (3, 42, 14)


def test_counselling(report: KimReport) -> None:
    c = report.counselling
    assert (c.sessions, c.people, c.new_people) == (5, 3, 2)
    assert rows(c.by_month) == {("2026-07",): 3, ("2026-08",): 1, ("2026-09",): 1}
    assert rows(c.by_channel) == {("in_person",): 3, ("phone",): 1, ("video",): 1}
    assert rows(c.by_interpreter) == {("with",): 2, ("without",): 3}
    assert rows(c.by_topic) == {
        ("Kinderbetreuung",): 3, ("Fahrtweg / ÖPNV",): 1, ("Kursvermittlung",): 1, ("Kurszeiten",): 1,
        ("Sonstiges",): 1, ("Berechtigung / Verpflichtung",): 1,
    }  # fmt: skip


def test_barriers(report: KimReport) -> None:
    assert rows(report.barrier_sessions) == {("Kinderbetreuung",): 3, ("Fahrtweg / ÖPNV",): 1, ("Kurszeiten",): 1}
    assert rows(report.barrier_people) == {("Kinderbetreuung",): 2, ("Fahrtweg / ÖPNV",): 1, ("Kurszeiten",): 1}


def test_referrals(report: KimReport) -> None:
    f = report.referrals
    assert f.total == 4
    assert rows(f.by_course_type) == {("allgemein",): 4}
    assert rows(f.by_provider) == {("VHS",): 4}
    assert rows(f.by_state) == {("started",): 2, ("registered",): 1, ("reserved",): 1}
    o = f.obliged
    assert (o.permissions, o.without_delay, o.late, o.overdue, o.pending, o.decided) == (4, 1, 1, 1, 1, 3)


def test_waiting_time(report: KimReport) -> None:
    assert report.waiting == (
        WaitingDays("allgemein", "", (94,)),
        WaitingDays("allgemein", "Dorf", (54,)),
        WaitingDays("allgemein", "Stadt", (14,)),
    )
    overall = report.waiting_overall()
    assert (overall.count, overall.q1, overall.median, overall.q3, overall.within_target) == (3, 34, 54, 74, 1)
    by_type = dict(report.waiting_by("course_type"))
    assert by_type["allgemein"].median == 54
    by_place = dict(report.waiting_by("municipality"))
    assert by_place["Dorf"].median == 54 and by_place[""].median == 94


def test_seats(report: KimReport) -> None:
    assert report.seats == (
        CourseSeats("VHS", "-001", "allgemein", date(2026, 8, 3), 20, 0, 3),
        CourseSeats("VHS", "-003", "allgemein", date(2026, 9, 14), 15, 1, 1),
    )
    assert [s.free for s in report.seats] == [17, 13]
    assert report.seats_by_provider() == [("VHS", 35, 1, 4, 30)]


def test_demand_and_gaps(report: KimReport) -> None:
    assert report.demand == (
        DemandCell("Dorf", "alpha", "afternoon,morning", True, 1, 30, 30),
        DemandCell("Dorf", "alpha", "morning", True, 2, 120, 91),
        DemandCell("Stadt", "allgemein", "evening", False, 1, 10, 10),
    )
    assert report.demand_total() == 4
    assert report.gaps == (
        DemandGap("Dorf", "alpha", "morning", True, 3, 55, "Haus am Markt"),
        DemandGap("Dorf", "alpha", "afternoon", True, 1, None, ""),
        DemandGap("Stadt", "allgemein", "evening", False, 1, None, ""),
    )


def test_empty_database(database: OpenDatabase) -> None:
    with database.sessions() as session:
        report = compute_kim_report(session, START, END, today=TODAY)
    assert report.counselling.sessions == report.referrals.total == report.demand_total() == 0
    assert report.counselling.by_month.rows == () and report.seats == () and report.gaps == ()
    assert report.waiting_overall().median is None and report.offices == ()


def test_threshold_comes_from_the_rules_table(database: OpenDatabase) -> None:
    with database.sessions() as session, session.begin():
        session.add(Rule(key="report_suppression_threshold", value="5"))
        session.add(Rule(key="start_target_weeks", value="4"))
    with database.sessions() as session:
        report = compute_kim_report(session, START, END, today=TODAY)
    assert (report.suppression_threshold, report.target_days) == (5, 28)


def test_one_person(database: OpenDatabase) -> None:
    build_office(database.sessions, "")
    with database.sessions() as session:
        report = compute_kim_report(session, date(2026, 9, 30), date(2026, 9, 30), today=TODAY)
    assert report.counselling.sessions == 1 and report.counselling.people == 1
    assert report.counselling.by_channel.rows == (Count(("video",), 1),)
    assert report.counselling.new_people == 0  # counselled before
