"""Background work: one single-thread executor for all database work, results delivered on the GUI thread."""

import itertools
import logging
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from kim_desktop.i18n import _

log = logging.getLogger(__name__)
PROGRESS_DELAY_MS = 500

Success = Callable[[Any], None]
Failure = Callable[[BaseException], None]


class TaskRunner(Protocol):
    """Runs a function off the GUI thread and calls back on it."""

    def run(
        self,
        work: Callable[[], Any],
        on_success: Success,
        on_failure: Failure | None = None,
        label: str = "",
        parent: QWidget | None = None,
    ) -> None:
        """Start work; on_success(result) or on_failure(exc) is called on the GUI thread."""

    def shutdown(self) -> None:
        """Finish queued work and stop."""


class _Relay(QObject):
    """Carries a finished task's number from the worker to the GUI thread (queued)."""

    finished = Signal(int, bool, object)  # task number, succeeded, result or exception

    def __init__(self, deliver: Callable[[int, bool, Any], None]) -> None:
        super().__init__()
        # weak: a runner <-> relay cycle would leave this QObject to the cyclic collector, which runs on any thread
        self._deliver_on_gui_thread = weakref.WeakMethod(deliver)
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def _deliver(self, number: int, succeeded: bool, value: Any) -> None:
        deliver = self._deliver_on_gui_thread()
        if deliver is not None:
            deliver(number, succeeded, value)


class _DelayedProgress:
    """A progress dialog that appears only when the work takes longer than PROGRESS_DELAY_MS."""

    def __init__(self, label: str, parent: QWidget) -> None:
        self.dialog = QProgressDialog(label, "", 0, 0, parent)
        self.dialog.setCancelButton(None)  # Qt accepts None: no cancel button
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.reset()
        self.timer = QTimer(self.dialog)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.dialog.show)
        self.timer.start(PROGRESS_DELAY_MS)
        self.finished = False

    def finish(self) -> None:
        """Stop the timer, close the dialog and let Qt delete both (they belong to the parent otherwise); once."""
        if not self.finished:
            self.finished = True
            self.timer.stop()
            self.dialog.close()
            self.dialog.deleteLater()


@dataclass(frozen=True)
class _Task:
    """What the GUI thread keeps of a queued task; the worker only ever sees the task's number."""

    work: Callable[[], Any]
    on_success: Success
    on_failure: Failure
    progress: _DelayedProgress | None


def report_failure(exc: BaseException) -> None:
    """Default failure handler: re-raise on the GUI thread so the crash dialog shows it."""
    raise exc


class ThreadTaskRunner:
    """All database work goes through one worker thread, so writes never race and the window never freezes.

    The worker sees only a task's number: the work, the callbacks and the progress dialog stay referenced from the
    GUI thread and are let go of there after the delivery, so the worker never drops the last reference to anything
    that may hold a Qt object (Qt objects must be destroyed on the thread they belong to).
    """

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kim-db")
        self._relay = _Relay(self._deliver)
        self._tasks: dict[int, _Task] = {}
        self._numbers = itertools.count()

    def run(
        self,
        work: Callable[[], Any],
        on_success: Success,
        on_failure: Failure | None = None,
        label: str = "",
        parent: QWidget | None = None,
    ) -> None:
        """Queue work on the worker thread."""
        progress = _DelayedProgress(label or _("Bitte warten …"), parent) if parent is not None else None
        number = next(self._numbers)
        self._tasks[number] = _Task(work, on_success, on_failure or report_failure, progress)
        self._executor.submit(self._work, number)

    def _work(self, number: int) -> None:
        """Worker thread: run the task's work and send its outcome to the GUI thread by number."""
        work = self._tasks[number].work
        try:
            value, succeeded = work(), True
        except BaseException as exc:  # as concurrent.futures does: every failure goes back to the GUI thread
            value, succeeded = exc, False
        del work  # the task entry holds it: released on the GUI thread
        self._relay.finished.emit(number, succeeded, value)

    def _deliver(self, number: int, succeeded: bool, value: Any) -> None:
        """GUI thread: close the progress dialog and call back."""
        task = self._tasks.pop(number)
        if task.progress is not None:
            task.progress.finish()
        (task.on_success if succeeded else task.on_failure)(value)

    def shutdown(self) -> None:
        """Wait for queued work, then stop the thread; no progress dialog appears after that."""
        self._executor.shutdown(wait=True)
        # The window is closing: a dialog whose delay ran out while we waited would appear after the window had
        # gone and keep the application from quitting (it is not the last window, yet nobody closes it).
        for task in self._tasks.values():
            if task.progress is not None:
                task.progress.finish()


class SyncTaskRunner:
    """Runs work at once on the calling thread: deterministic background code in tests and scripts."""

    def run(
        self,
        work: Callable[[], Any],
        on_success: Success,
        on_failure: Failure | None = None,
        label: str = "",
        parent: QWidget | None = None,
    ) -> None:
        """Run work now and call back."""
        try:
            result = work()
        except Exception as exc:
            (on_failure or report_failure)(exc)
            return
        on_success(result)

    def shutdown(self) -> None:
        """Nothing to stop."""
