"""Background work: one single-thread executor for all database work, results delivered on the GUI thread."""

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
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
    finished = Signal(object, object, object)  # callback, value, progress dialog

    def __init__(self) -> None:
        super().__init__()
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @staticmethod
    def _deliver(callback: Callable[[Any], None], value: Any, progress: Any) -> None:
        if progress is not None:
            progress.timer.stop()
            progress.dialog.close()
        callback(value)


class _DelayedProgress:
    """A progress dialog that appears only when the work takes longer than PROGRESS_DELAY_MS."""

    def __init__(self, label: str, parent: QWidget | None) -> None:
        self.dialog = QProgressDialog(label, "", 0, 0, parent)
        self.dialog.setCancelButton(None)  # Qt accepts None: no cancel button
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.reset()
        self.timer = QTimer()
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.dialog.show)
        self.timer.start(PROGRESS_DELAY_MS)


def report_failure(exc: BaseException) -> None:
    """Default failure handler: re-raise on the GUI thread so the crash dialog shows it."""
    raise exc


class ThreadTaskRunner:
    """All database work goes through one worker thread, so writes never race and the window never freezes."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kim-db")
        self._relay = _Relay()

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
        failure = on_failure or report_failure

        def done(future: Future[Any]) -> None:
            exc = future.exception()
            if exc is None:
                self._relay.finished.emit(on_success, future.result(), progress)
            else:
                self._relay.finished.emit(failure, exc, progress)

        self._executor.submit(work).add_done_callback(done)

    def shutdown(self) -> None:
        """Wait for queued work, then stop the thread."""
        self._executor.shutdown(wait=True)


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
