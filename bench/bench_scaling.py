"""Scaling: person search, course lookup, case view and quarterly report at 1,000, 10,000 and 100,000 people."""

import statistics
import time
from collections.abc import Callable
from datetime import date

import sqlalchemy as sa

from bench.common import BenchResult, median_ms, scaled_database
from kim_desktop.db.models import Person
from kim_desktop.domain.report_figures import parse_period, quarter_of
from kim_desktop.services.case_file import get_case_file
from kim_desktop.services.course_lookup import find_courses_for_person
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.kim_report import compute_kim_report
from kim_desktop.services.people_search import search_people

SCALES = (3, 33, 334)  # about 900, 9,900 and 100,000 people
SEARCHES = ("a", "oez", "mueller", "kar", "ahmad k", "ivan")
GOALS = {
    "person search per keystroke": 30.0,
    "course lookup": 50.0,
    "case view load": 100.0,
    "quarterly report": 3000.0,
}
PAGE = 50


def _median_over(items: list[object], action: Callable[[object], object]) -> float:
    """Median in ms of action(item) over the items, each in a fresh session-less call (after one warm-up)."""
    action(items[0])
    samples = []
    for item in items:
        start = time.perf_counter()
        action(item)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def measure(db: OpenDatabase, today: date) -> tuple[int, dict[str, float]]:
    """People in the database and the four figures in milliseconds."""
    with db.sessions() as s:
        people = s.scalar(sa.select(sa.func.count(Person.id))) or 0
        ids = list(s.scalars(sa.select(Person.id).order_by(Person.id)))[:: max(1, people // 15)][:15]
    start, end = parse_period(quarter_of(today))

    def search(text: object) -> object:
        with db.sessions() as s:
            return search_people(s, str(text), limit=PAGE)

    def lookup(person_id: object) -> object:
        with db.sessions() as s:
            return find_courses_for_person(s, int(person_id), today)  # type: ignore[call-overload]

    def case(person_id: object) -> object:
        with db.sessions() as s:
            return get_case_file(s, int(person_id))  # type: ignore[call-overload]

    def report() -> object:
        with db.sessions() as s:
            return compute_kim_report(s, start, end, office="Bench")

    figures = {
        "person search per keystroke": _median_over(list(SEARCHES), search),
        "course lookup": _median_over(list(ids), lookup),
        "case view load": _median_over(list(ids), case),
        "quarterly report": median_ms(report, repeat=3, warmup=1),
    }
    return people, figures


def run() -> list[BenchResult]:
    """One row per figure, measured at 100,000 people; the note shows the same figure at each scale."""
    today = date.today()
    table: list[tuple[int, dict[str, float]]] = []
    for scale in SCALES:
        db = scaled_database(scale)
        try:
            table.append(measure(db, today))
        finally:
            db.close()
    results = []
    for figure, goal in GOALS.items():
        series = ", ".join(f"{people:,}: {figures[figure]:.1f}".replace(",", " ") for people, figures in table)
        growth = table[-1][1][figure] / max(table[0][1][figure], 0.01)
        results.append(
            BenchResult(
                f"scaling: {figure} at {table[-1][0]:,} people".replace(",", " "),
                goal,
                table[-1][1][figure],
                "ms",
                f"people → ms: {series}; ×{growth:.1f} over ×{table[-1][0] / table[0][0]:.0f} people",
            )
        )
    return results


if __name__ == "__main__":
    for result in run():
        print(result)
