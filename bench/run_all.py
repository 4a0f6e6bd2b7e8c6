"""Run every bench/bench_*.py module's run() and write the table to docs/performance.md."""

import datetime
import importlib
import pkgutil
from pathlib import Path

from bench.common import BenchResult, CpuReference, cpu_reference, machine_description

DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def collect() -> list[BenchResult]:
    """Import each bench module and gather its results."""
    results: list[BenchResult] = []
    package = Path(__file__).resolve().parent
    for module in sorted(m.name for m in pkgutil.iter_modules([str(package)]) if m.name.startswith("bench_")):
        print(f"running {module} …", flush=True)
        results.extend(importlib.import_module(f"bench.{module}").run())
    return results


def render(results: list[BenchResult], reference: CpuReference) -> str:
    """Markdown table of the results, with the machine's speed during the run (figures of runs compare by it)."""
    today = datetime.date.today().isoformat()
    lines = [
        f"Measured on {today}, {machine_description()}. {reference.describe()}, the quicker of before and after.",
        "",
        "| figure | goal | measured (median) | met | note |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        met = "yes" if r.met else "**no**"
        digits = 2 if r.unit == "x" else 1  # a ratio of 1.52 must not print as 1.5 next to "no"
        lines.append(f"| {r.figure} | ≤ {r.goal:g} {r.unit} | {r.measured:.{digits}f} {r.unit} | {met} | {r.note} |")
    return "\n".join(lines)


def main() -> None:
    """Run all benchmarks and update the marked section of docs/performance.md."""
    before = cpu_reference()
    results = collect()
    table = render(results, min(before, cpu_reference(), key=lambda r: r.wall_s))
    print(table)
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else f"# Performance\n\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    _old, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{START}\n{table}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
