"""Shared pieces of the benchmarks: a result row, timing helpers, the county-scale database (cached)."""

import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kim_desktop.db.engine import sqlite_url
from kim_desktop.services.database import OpenDatabase, open_database

BENCH_DIR = Path(os.environ.get("KIM_BENCH_DIR", Path(__file__).resolve().parent.parent / ".kim-data" / "bench"))


def program_env(**extra: str) -> dict[str, str]:
    """The environment for starting the program as a user would: byte-compiled modules are read and kept.

    An installed program runs from compiled modules (pip and the bundle compile them). Some workplaces set
    PYTHONDONTWRITEBYTECODE, which makes every start compile the program's 400 modules again: about 0.2 s
    that no user waits for, and none for a bare PySide6 window, which has no modules of its own.
    """
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra)
    return env


@dataclass(frozen=True)
class BenchResult:
    """One measured figure against its goal (lower is better)."""

    figure: str
    goal: float
    measured: float
    unit: str
    note: str = ""

    @property
    def met(self) -> bool:
        """Whether the measured median is within the goal."""
        return self.measured <= self.goal


def median_ms(action: Callable[[], object], repeat: int = 20, warmup: int = 2) -> float:
    """Median wall time of an action in milliseconds."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def scaled_database(scale: int) -> OpenDatabase:
    """The demo county multiplied by scale (334 ≈ 100,000 people), generated once and kept in BENCH_DIR."""
    from kim_desktop.services.demo_data import database_is_empty, generate_demo_data

    path = BENCH_DIR / f"county-x{scale}.sqlite"
    db = open_database(sqlite_url(path), BENCH_DIR / "backups")
    with db.sessions() as session:
        empty = database_is_empty(session)
    if empty:
        generate_demo_data(db.sessions, scale=scale)
    return db


REFERENCE_ADDITIONS = 10**7


@dataclass(frozen=True)
class CpuReference:
    """Seconds for 10^7 additions in a pure-Python loop: how fast the machine was during a run."""

    wall_s: float
    cpu_s: float

    def describe(self) -> str:
        """One line for the results header."""
        return f"CPU reference: 10^7 Python additions in {self.wall_s:.2f} s ({self.cpu_s:.2f} s CPU time)"


def cpu_reference() -> CpuReference:
    """Time the reference loop once (about 1 s on a quiet machine)."""
    start, start_cpu = time.perf_counter(), time.process_time()
    total = 0
    for i in range(REFERENCE_ADDITIONS):
        total += i
    return CpuReference(time.perf_counter() - start, time.process_time() - start_cpu)


def machine_description() -> str:
    """Cores and CPU of this machine, for the results table."""
    return f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, Python {platform.python_version()}"
