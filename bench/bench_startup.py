"""Start-up: a bare PySide6 window vs KIM Desktop on the demo database, time from process start to first show."""

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import BENCH_DIR, BenchResult, program_env, scaled_database

RUNS = 11  # the ratio is the median of 11 pairs started one after the other (the machine's speed drifts)
SIGN_IN_RUNS = 5  # each waits 3 s for the person to type
HEAVY = ("reportlab", "alembic", "pypdf", "openpyxl")
MARK = "KIM-BENCH-SHOWN"

# Both children report from a zero-delay timer after the first show event of any top-level window (the
# main window, or a sign-in dialog shown before it), i.e. once the event loop runs with it on screen.
# KIM_T0 is the parent's perf_counter() (CLOCK_MONOTONIC, system-wide on Linux) just before the start.
_PROBE = f"""
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

class FirstShow(QObject):
    done = False

    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Type.Show and obj.isWidgetType() and obj.isWindow():
            self.done = True
            QTimer.singleShot(0, lambda: self.report(obj))
        return False

    def report(self, window):
        ms = (time.perf_counter() - float(os.environ["KIM_T0"])) * 1000
        print("{MARK}", file=sys.stderr, flush=True)  # cuts the -X importtime log
        print("{MARK}", ms, type(window).__name__, time.process_time() * 1000, flush=True)
        reject = getattr(window, "reject", None)
        (reject or window.close)()

app = QApplication(sys.argv[:1])
first_show = FirstShow()
app.installEventFilter(first_show)
"""

BARE = (
    _PROBE
    + """
from PySide6.QtWidgets import QMainWindow

window = QMainWindow()
window.resize(1200, 760)
window.show()
app.exec()
"""
)

KIM = (
    _PROBE
    + """
from kim_desktop import app as kim_app

# --quit-after only as a safety net: the window is closed as soon as it has shown
sys.exit(kim_app.main(["--data-dir", os.environ["KIM_DATA_DIR"], "--quit-after", "20000"]))
"""
)

# Signs in on the sign-in dialog 3 s after it shows (a person typing name and password; meanwhile the database
# opens and the window's modules load), then reports the time from the dialog's acceptance (the password
# checked) to the main window's first show: what the person waits for after pressing "Anmelden".
SIGN_IN = f"""
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

TYPING_MS = 3000

class SignInThenWindow(QObject):
    dialog = None
    accepted_at = None

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Show and obj.isWidgetType() and obj.isWindow():
            name = type(obj).__name__
            if name == "SignInDialog" and self.dialog is None:
                self.dialog = obj
                QTimer.singleShot(TYPING_MS, self.sign_in)
            elif name == "MainWindow" and self.accepted_at is not None:
                QTimer.singleShot(0, lambda: self.report(obj))
        return False

    def sign_in(self):
        self.dialog.accepted.connect(self.accepted)
        self.dialog.username.setText("demo.admin")
        self.dialog.password.setText(os.environ["KIM_PASSWORD"])
        self.dialog.submit()

    def accepted(self):
        self.accepted_at = time.perf_counter()

    def report(self, window):
        print("{MARK}", (time.perf_counter() - self.accepted_at) * 1000, type(window).__name__, flush=True)
        window.backup_timer.stop()
        window.close()

app = QApplication(sys.argv[:1])
probe = SignInThenWindow()
app.installEventFilter(probe)
from kim_desktop import app as kim_app

sys.exit(kim_app.main(["--data-dir", os.environ["KIM_DATA_DIR"], "--quit-after", "20000"]))
"""


def _start_ms(script: Path, env: dict[str, str], importtime: bool = False) -> tuple[float, str, str, float]:
    """One run: ms from process start to the first shown window, the window's class, the stderr before that."""
    env = {**env, "KIM_T0": repr(time.perf_counter())}
    args = [sys.executable, *(["-X", "importtime"] if importtime else []), str(script)]
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60, check=False)
    match = re.search(rf"^{MARK} ([0-9.]+) (\w+)(?: ([0-9.]+))?$", done.stdout, re.MULTILINE)
    if match is None:  # a cancelled sign-in dialog ends the process with 0 or 1: only a missing report fails
        raise RuntimeError(f"{script.name} failed ({done.returncode}): {done.stderr[-2000:]}")
    # the worker thread may write its own -X importtime lines meanwhile: the log up to the mark counts
    before_show = done.stderr.split(MARK, 1)[0]
    cpu = float(match.group(3)) if match.group(3) else 0.0  # the process's CPU time (all threads) until then
    return float(match.group(1)), match.group(2), before_show, cpu


def heavy_imports_before_show(importtime_log: str) -> list[str]:
    """Top-level packages from HEAVY imported before the window showed (from a -X importtime log)."""
    found = set()
    for line in importtime_log.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name.split(".")[0] in HEAVY:
                found.add(name.split(".")[0])
    return sorted(found)


def _main_window_after_sign_in_ms(root: Path, env: dict[str, str]) -> float:
    """Median ms from the accepted sign-in to the shown main window, on a copy with the demo passwords."""
    from kim_desktop.db.engine import sqlite_url
    from kim_desktop.services.accounts import set_demo_passwords
    from kim_desktop.services.database import open_database
    from kim_desktop.services.demo_data import DEMO_PASSWORD

    data = root / "signed-in"
    data.mkdir(mode=0o700)
    shutil.copy(BENCH_DIR / "county-x1.sqlite", data / "kim.sqlite")
    db = open_database(sqlite_url(data / "kim.sqlite"), root / "backups")
    try:
        with db.sessions() as session:
            set_demo_passwords(session, DEMO_PASSWORD)
    finally:
        db.close()
    script = root / "kim_sign_in.py"
    script.write_text(SIGN_IN, encoding="utf-8")
    env = {**env, "KIM_DATA_DIR": str(data), "KIM_PASSWORD": DEMO_PASSWORD}
    return statistics.median(_start_ms(script, env)[0] for _ in range(SIGN_IN_RUNS))


def run() -> list[BenchResult]:
    """Median of RUNS starts of each, alternating, in the same run; plus the heavy-import check."""
    scaled_database(1).close()  # the demo county (about 300 people), cached
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data = root / "data"
        data.mkdir(mode=0o700)
        shutil.copy(BENCH_DIR / "county-x1.sqlite", data / "kim.sqlite")
        bare, kim = root / "bare_window.py", root / "kim_window.py"
        bare.write_text(BARE, encoding="utf-8")
        kim.write_text(KIM, encoding="utf-8")
        env = program_env(QT_QPA_PLATFORM="offscreen", KIM_DATA_DIR=str(data))
        env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).resolve().parent.parent), env.get("PYTHONPATH", "")])
        _start_ms(bare, env)  # warm the file cache for both
        _start_ms(kim, env)
        bare_ms: list[float] = []
        kim_ms: list[float] = []
        bare_cpu: list[float] = []
        kim_cpu: list[float] = []
        for _ in range(RUNS):
            for script, wall, cpu in ((bare, bare_ms, bare_cpu), (kim, kim_ms, kim_cpu)):
                ms, _window, _log, cpu_ms = _start_ms(script, env)
                wall.append(ms)
                cpu.append(cpu_ms)
        _ms, first_window, log, _cpu = _start_ms(kim, env, importtime=True)
        main_ms = _main_window_after_sign_in_ms(root, env)
    heavy = heavy_imports_before_show(log)
    bare_median, kim_median = statistics.median(bare_ms), statistics.median(kim_ms)
    heavy_note = f"heavy imports before show: {', '.join(heavy)}" if heavy else "no reportlab/alembic/pypdf/openpyxl"
    # CPU time to the first show hardly depends on what else the machine runs: a check on a noisy run
    cpu_kim, cpu_bare = statistics.median(kim_cpu), statistics.median(bare_cpu)
    heavy_note += f"; CPU time to first show {cpu_kim:.0f} ms vs {cpu_bare:.0f} ms (×{cpu_kim / cpu_bare:.2f})"
    paired_ratio = statistics.median(k / b for k, b in zip(kim_ms, bare_ms, strict=True))
    heavy_note += f"; median of the {RUNS} paired ratios (ratio of the medians: ×{kim_median / bare_median:.2f})"
    return [
        BenchResult(
            "start-up to a shown window, demo database",
            1000,
            kim_median,
            "ms",
            f"offscreen, median of {RUNS}; first window: {first_window}",
        ),
        BenchResult("start-up: bare PySide6 window (reference)", 1000, bare_median, "ms", f"median of {RUNS}"),
        BenchResult("start-up ratio: KIM Desktop / bare window", 1.5, paired_ratio, "x", heavy_note),
        BenchResult(
            "start-up: signed in to the main window shown",
            1000,
            main_ms,
            "ms",
            f"demo database, median of {SIGN_IN_RUNS}; signed in 3 s after the dialog showed "
            "(database and modules loaded)",
        ),
    ]


if __name__ == "__main__":
    for result in run():
        print(result)
