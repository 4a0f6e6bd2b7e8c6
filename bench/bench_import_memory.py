"""Memory: peak resident set of a child process that previews and imports a generated 30 MB course file."""

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from datetime import time as clock_time
from pathlib import Path

from bench.common import BENCH_DIR, BenchResult

FILE_MB = 30
HEADER = (
    "Kursnummer;Kursart;Titel;Träger;Kursort;Kursbeginn;Kursende;Wochentage;Uhrzeit von;Uhrzeit bis;UE pro Woche;"
    "Plätze gesamt;Plätze belegt;Kinderbetreuung Plätze;Anmeldeschluss;Status"
)
PROVIDERS = (("Volkshochschule Musterstadt", "VHS-Haus"), ("Bildungswerk Nord gGmbH", "Zentrum"))


def write_course_file(path: Path, megabytes: int = FILE_MB) -> int:
    """A provider's course list of about `megabytes` MB (UTF-8, semicolons), one new course per row; returns rows."""
    rng = random.Random(13)
    limit = megabytes * 1024 * 1024
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\r\n")
        written = len(HEADER.encode()) + 2
        start_day = date(2027, 1, 4)
        while written < limit:
            provider, location = PROVIDERS[rows % len(PROVIDERS)]
            start = start_day + timedelta(days=rng.randint(0, 700))
            start_at = clock_time(rng.choice((8, 9, 13, 17)), rng.choice((0, 30)))
            line = (
                f"BENCH-{rows:07d};Allgemeiner Integrationskurs;Integrationskurs Vormittag ab {start:%d.%m.%Y};"
                f"{provider};{location};{start:%d.%m.%Y};{start + timedelta(weeks=30):%d.%m.%Y};Mo–Fr;"
                f"{start_at:%H:%M};{start_at.hour + 4:02d}:{start_at.minute:02d};25;25;{rng.randint(0, 25)};"
                f"{rng.choice((0, 8))};{start - timedelta(days=7):%d.%m.%Y};offen\r\n"
            )
            out.write(line)
            written += len(line.encode())
            rows += 1
    return rows


def _prepare_database(path: Path) -> None:
    """A fresh database with the two providers and their locations the file names."""
    from kim_desktop.db import models as m
    from kim_desktop.db.engine import sqlite_url
    from kim_desktop.domain.enums import OrganisationKind
    from kim_desktop.services.database import open_database

    db = open_database(sqlite_url(path), None)
    try:
        with db.sessions() as s, s.begin():
            town = m.Municipality(name="Musterstadt", postcodes="49000")
            s.add(town)
            s.flush()
            for name, location in PROVIDERS:
                provider = m.Organisation(name=name, kind=OrganisationKind.KURSTRAEGER)
                s.add(provider)
                s.flush()
                s.add(m.CourseLocation(provider_id=provider.id, name=location, street="Markt 1", postcode="49000",
                                       municipality_id=town.id))  # fmt: skip
    finally:
        db.close()


def child(database: Path, course_file: Path) -> None:
    """In the measured process: preview and import the file, then print the figures as one JSON line."""
    from kim_desktop.db.engine import sqlite_url
    from kim_desktop.services.course_import import apply_course_import, preview_course_file
    from kim_desktop.services.database import open_database

    db = open_database(sqlite_url(database), None)
    started = time.perf_counter()
    try:
        with db.sessions() as s:
            preview = preview_course_file(s, course_file)
        with db.sessions() as s:
            outcome = apply_course_import(s, preview)
    finally:
        db.close()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    print(json.dumps({"peak_mb": peak_kb / 1024, "seconds": time.perf_counter() - started,
                      "created": outcome.created}))  # fmt: skip


def measure(megabytes: int = FILE_MB) -> dict[str, float]:
    """Generate the file and a database, run the import in a child process, return its peak and time."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=BENCH_DIR) as tmp:
        database, course_file = Path(tmp) / "import.sqlite", Path(tmp) / "kurse.csv"
        rows = write_course_file(course_file, megabytes)
        _prepare_database(database)
        done = subprocess.run(
            [sys.executable, "-m", "bench.bench_import_memory", "child", str(database), str(course_file)],
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if done.returncode != 0 or not lines:
            raise RuntimeError(f"import child failed ({done.returncode}): {done.stderr[-2000:]}")
        figures: dict[str, float] = json.loads(lines[-1])
        figures["rows"] = rows
        figures["file_mb"] = course_file.stat().st_size / 1024 / 1024
        return figures


def run() -> list[BenchResult]:
    """Peak resident memory of previewing and importing a 30 MB provider file (all new courses)."""
    figures = measure()
    rows = f"{figures['rows']:,.0f}".replace(",", " ")
    note = f"{figures['file_mb']:.0f} MB CSV, {rows} rows, all new; preview + import in {figures['seconds']:.0f} s"
    return [BenchResult("memory: import of a 30 MB course file (peak)", 300, figures["peak_mb"], "MB", note)]


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "child":
        child(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        for result in run():
            print(result)
