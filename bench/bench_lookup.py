"""Course lookup latency on the county-scale database and the import of a generated 10,000-row file."""

import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

from bench.common import BENCH_DIR, BenchResult, median_ms, scaled_database
from kim_desktop.db import models as m
from kim_desktop.db.engine import sqlite_url
from kim_desktop.services.course_import import apply_course_import, preview_course_file
from kim_desktop.services.course_lookup import find_courses_for_person
from kim_desktop.services.database import open_database

SCALE = 334


def _import_file(path: Path, providers: list[tuple[str, str]], today: date) -> None:
    rng = random.Random(4)
    lines = [
        "Kursnummer;Kursart;Träger;Kursort;Kursbeginn;Kursende;Wochentage;Uhrzeit von;Uhrzeit bis;UE pro Woche;"
        "Plätze gesamt;Plätze belegt;Kinderbetreuung Plätze"
    ]
    for i in range(10_000):
        provider, location = providers[i % len(providers)]
        start = today + timedelta(weeks=rng.randint(1, 40))
        lines.append(
            f"BENCH-{i:05d};Allgemeiner Integrationskurs;{provider};{location};{start:%d.%m.%Y};"
            f"{start + timedelta(weeks=30):%d.%m.%Y};Mo–Fr;08:30;12:45;25;25;{rng.randint(0, 25)};{rng.choice((0, 8))}"
        )
    path.write_text("\n".join(lines), encoding="utf-8")


def run() -> list[BenchResult]:
    """Median lookup time over 30 people; one import of 10,000 new courses into a copy of the county."""
    db = scaled_database(SCALE)
    today = date.today()
    try:
        with db.sessions() as s:
            people = s.scalar(sa.select(sa.func.count(m.Person.id)))
            courses = s.scalar(sa.select(sa.func.count(m.Course.id)))
            ids = list(s.scalars(sa.select(m.Person.id).order_by(m.Person.id).limit(30 * 97)))[::97]
            providers = [
                (o, loc)
                for o, loc in s.execute(
                    sa.select(m.Organisation.name, m.CourseLocation.name).join(
                        m.CourseLocation, m.CourseLocation.provider_id == m.Organisation.id
                    )
                )
            ]
        cycle = iter(ids * 10)

        def lookup() -> None:
            with db.sessions() as s:
                find_courses_for_person(s, next(cycle), today)

        lookup_ms = median_ms(lookup, repeat=len(ids), warmup=3)
        with db.sessions() as s:
            sizes = [len(find_courses_for_person(s, pid, today).matches) for pid in ids[:10]]
    finally:
        db.close()

    with tempfile.TemporaryDirectory(dir=BENCH_DIR) as tmp:
        copy = Path(tmp) / "import.sqlite"
        source = sa.create_engine(sqlite_url(BENCH_DIR / f"county-x{SCALE}.sqlite"))
        with source.connect() as conn:
            conn.exec_driver_sql(f"VACUUM INTO '{copy}'")
        source.dispose()
        target = open_database(sqlite_url(copy), None)
        try:
            csv_path = Path(tmp) / "kurse.csv"
            _import_file(csv_path, providers, today)
            started = time.perf_counter()
            with target.sessions() as s:
                preview = preview_course_file(s, csv_path)
            with target.sessions() as s:
                outcome = apply_course_import(s, preview, skip_rejected=True)
            import_s = time.perf_counter() - started
        finally:
            target.close()
    note = f"{people:,} people, {courses:,} courses; {min(sizes)}–{max(sizes)} candidates judged per lookup"
    return [
        BenchResult("Course lookup for a person (ranked, with reasons)", 50, lookup_ms, "ms", note.replace(",", " ")),
        BenchResult(
            "Import of a 10,000-row course file (preview + write)",
            5,
            import_s,
            "s",
            f"{outcome.created:,} new courses into the county database".replace(",", " "),
        ),
    ]


if __name__ == "__main__":
    for result in run():
        print(result)
