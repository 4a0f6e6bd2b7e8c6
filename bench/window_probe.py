"""Drives the real main window on a bench database in a child process: memory after every page, GUI-thread stalls.

Run as ``python -m bench.window_probe MODE DATABASE`` (MODE: ``memory`` or ``stalls``); prints one JSON line.
Used by bench_memory.py and bench_gui_stalls.py, so each measurement gets a fresh process.
"""

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer  # after choosing the platform above
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kim_desktop.app import build_window
from kim_desktop.db.engine import sqlite_url
from kim_desktop.paths import resolve_paths
from kim_desktop.settings import load_settings
from kim_desktop.ui.gc_policy import freeze_loaded_objects
from kim_desktop.ui.pages.registry import PAGES
from kim_desktop.ui.preload import preload_window_modules
from kim_desktop.ui.tasks import Failure, Success, ThreadTaskRunner, report_failure

PROBE_INTERVAL_MS = 10
SETTLE_MS = 300  # idle this long (no task queued or running) before an action counts as done
TYPING_DELAY_MS = 60  # between two keystrokes, a quick typist


class CountingRunner(ThreadTaskRunner):
    """The real single-thread runner, counting work that has not yet delivered its callback."""

    def __init__(self) -> None:
        super().__init__()
        self._open: list[str] = []

    @property
    def pending(self) -> int:
        """How much queued work has not yet delivered its callback."""
        return len(self._open)

    def labels(self) -> str:
        """What the unfinished work is (its label or function), for a probe that timed out."""
        return ", ".join(self._open) or "none"

    def run(
        self,
        work: Callable[[], Any],
        on_success: Success,
        on_failure: Failure | None = None,
        label: str = "",
        parent: QWidget | None = None,
    ) -> None:
        """Queue work; the count drops once its callback has run on the GUI thread."""
        failure = on_failure or report_failure
        name = label or getattr(work, "__qualname__", "?")
        self._open.append(name)

        def success(value: Any) -> None:
            self._open.remove(name)
            on_success(value)

        def failed(exc: BaseException) -> None:
            self._open.remove(name)
            failure(exc)

        super().run(work, success, failed, label, parent)


class LatencyProbe:
    """A 10 ms timer that records how late it fires, charged to the action running at that moment.

    It also records the GUI thread's own CPU time between two ticks: on a loaded machine the lateness grows
    with the other processes, the CPU time does not (it is what a quiet machine's stall would be, roughly).
    """

    def __init__(self) -> None:
        self.action = "idle"
        self.worst: dict[str, float] = {}
        self.worst_cpu: dict[str, float] = {}
        self.last_cpu = time.thread_time()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(PROBE_INTERVAL_MS)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()

    def start(self) -> None:
        """Start probing now."""
        self.last = time.perf_counter()
        self.last_cpu = time.thread_time()
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        late = max(0.0, (now - self.last) * 1000 - PROBE_INTERVAL_MS)
        self.last = now
        self.worst[self.action] = max(self.worst.get(self.action, 0.0), late)
        cpu = time.thread_time()
        self.worst_cpu[self.action] = max(self.worst_cpu.get(self.action, 0.0), (cpu - self.last_cpu) * 1000)
        self.last_cpu = cpu


def memory_mb() -> dict[str, float]:
    """Resident memory now (VmRSS) and at its peak (VmHWM), in MB."""
    fields = {}
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        key, _sep, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields


def main() -> None:
    """Open the window on the database, drive it, print the figures as JSON."""
    mode, database = sys.argv[1], Path(sys.argv[2])
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        paths = resolve_paths(Path(tmp), portable=False).create()
        settings = load_settings(paths.settings_file)
        runner = CountingRunner()
        preload_window_modules()  # as the application does while its sign-in dialog is open (ui/start_up.py)
        started = time.perf_counter()
        window = build_window(paths, settings, sqlite_url(database), tasks=runner)
        window.backup_timer.stop()  # no backups of the bench database
        window.show()

        def idle(timeout_s: float = 120) -> None:
            deadline = time.monotonic() + timeout_s
            quiet_since = None
            while time.monotonic() < deadline:
                QTest.qWait(10)
                if runner.pending:
                    quiet_since = None
                elif quiet_since is None:
                    quiet_since = time.monotonic()
                elif (time.monotonic() - quiet_since) * 1000 >= SETTLE_MS:
                    return
            raise TimeoutError(f"background work did not finish: {runner.pending} task(s) of {runner.labels()}")

        idle()
        freeze_loaded_objects()  # as app.main() does once the window is up
        result: dict[str, Any] = {"first_page_s": time.perf_counter() - started}
        if mode == "memory":
            for spec in (spec for spec in PAGES if window.may_open(spec.key)):
                window.show_page(spec.key)
                idle()
            result.update(memory_mb())
        else:
            result.update(drive(window, idle))
        runner.shutdown()
        window.ctx.db.close()
    app.processEvents()
    print(json.dumps(result), flush=True)
    os._exit(0)  # skip Qt's teardown (and the exit backup): figures are printed


def drive(window: Any, idle: Callable[[], None]) -> dict[str, Any]:
    """The scripted session under the latency probe; each step runs until its background work is done."""
    probe = LatencyProbe()
    probe.start()
    steps: list[tuple[str, Callable[[], None]]] = []

    def step(name: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
        def add(action: Callable[[], None]) -> Callable[[], None]:
            steps.append((name, action))
            return action

        return add

    for spec in (spec for spec in PAGES if window.may_open(spec.key)):  # pages this role and desk offer

        def switch(key: str = spec.key) -> None:
            window.show_page(key)

        steps.append((f"switch to page {spec.key}", switch))

    @step("type a search (people page, 'mueller')")
    def _type() -> None:
        page = window.show_page("people")
        field = page.list.search_field
        field.setFocus()
        QTest.keyClicks(field, "mueller", delay=TYPING_DELAY_MS)

    @step("open a case (first hit)")
    def _open() -> None:
        page = window.show_page("people")
        page.list.table.selectRow(0)
        page.list.open_button.click()

    @step("course lookup for the person")
    def _lookup() -> None:
        window.page("people").case_view.lookup_button.click()

    @step("close the course lookup, back to the list")
    def _back() -> None:
        case_view = window.page("people").case_view
        if case_view.lookup_dialog is not None:
            case_view.lookup_dialog.close()
        case_view.back_button.click()

    @step("clear the search (all people)")
    def _clear() -> None:
        window.page("people").list.search_field.clear()

    @step("reports: compute the last quarter")
    def _report() -> None:
        window.show_page("reports").create_button.click()

    for index in (1, 2, 0):

        @step(f"referrals: state filter #{index}")
        def _filter(index: int = index) -> None:
            window.show_page("referrals").state_filter.setCurrentIndex(index)

    @step("courses page: search 'deutsch'")
    def _courses() -> None:
        page = window.show_page("courses")
        page.search.setFocus()
        QTest.keyClicks(page.search, "deutsch", delay=TYPING_DELAY_MS)

    for name, action in steps:
        probe.action = name
        action()
        try:
            idle()
        except TimeoutError as exc:
            raise TimeoutError(f"after '{name}': {exc}") from exc
    probe.action = "idle"
    probe.timer.stop()
    worst = max(probe.worst, key=lambda k: probe.worst[k])
    return {
        "worst_ms": probe.worst[worst],
        "worst_action": worst,
        "per_action": probe.worst,
        "cpu_per_action": probe.worst_cpu,
        **memory_mb(),
    }


if __name__ == "__main__":
    main()
