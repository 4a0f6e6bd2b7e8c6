"""Memory: resident set of the real window with the 100,000-person county open and every page visited."""

import json
import subprocess
import sys

from bench.common import BENCH_DIR, BenchResult, scaled_database

SCALE = 334


def probe(mode: str) -> dict[str, object]:
    """Run bench.window_probe in a fresh process on the county database and return its figures."""
    scaled_database(SCALE).close()  # generated once, cached
    done = subprocess.run(
        [sys.executable, "-m", "bench.window_probe", mode, str(BENCH_DIR / f"county-x{SCALE}.sqlite")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"window probe failed ({done.returncode}): {done.stderr[-2000:]}")
    result: dict[str, object] = json.loads(lines[-1])
    return result


def run() -> list[BenchResult]:
    """Peak resident memory (VmHWM) after showing each page and waiting for its background work."""
    figures = probe("memory")
    return [
        BenchResult(
            "memory: resident, 100k people, every page visited",
            300,
            float(figures["VmHWM"]),  # type: ignore[arg-type]
            "MB",
            f"peak (VmHWM); {float(figures['VmRSS']):.0f} MB resident at the end",  # type: ignore[arg-type]
        )
    ]


if __name__ == "__main__":
    for result in run():
        print(result)
