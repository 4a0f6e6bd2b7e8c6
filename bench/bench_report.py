"""Benchmark: the quarterly KIM report (and its PDF) over the county-scale database (~100,000 people)."""

from datetime import date

from bench.common import BenchResult, median_ms, scaled_database
from kim_desktop.documents.kim_report_pdf import render_kim_report_pdf
from kim_desktop.domain.report_figures import parse_period, quarter_of
from kim_desktop.services.kim_report import compute_kim_report

SCALE = 334


def run() -> list[BenchResult]:
    """Time computing the report of the current quarter, and rendering it as PDF."""
    db = scaled_database(SCALE)
    try:
        start, end = parse_period(quarter_of(date.today()))

        def compute() -> object:
            with db.sessions() as session:
                return compute_kim_report(session, start, end, office="Bench")

        with db.sessions() as session:
            report = compute_kim_report(session, start, end, office="Bench")
        compute_ms = median_ms(compute, repeat=5, warmup=1)
        pdf_ms = median_ms(lambda: render_kim_report_pdf(report), repeat=5, warmup=1)
    finally:
        db.close()
    note = f"{report.counselling.sessions} sessions, {report.referrals.total} referrals, {len(report.seats)} courses"
    return [
        BenchResult("quarterly KIM report, 100k people (compute)", 3000, compute_ms, "ms", note),
        BenchResult(
            "quarterly KIM report, 100k people (PDF)", 3000, pdf_ms, "ms", f"{len(report.demand)} demand cells"
        ),
    ]


if __name__ == "__main__":
    for result in run():
        print(result)
