"""Changes made at other desks become data_changed(kind) on the GUI thread, debounced; a lost server is reported."""

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from kim_desktop.services.change_feed import EVERY_LIST, ChangeSource, open_change_source
from kim_desktop.services.database import DbEngine
from kim_desktop.services.server_reachability import ServerUnreachable
from kim_desktop.ui.events import AppEvents

log = logging.getLogger(__name__)
DEBOUNCE_MS = 400
RECONNECT_SECONDS = 5.0

SourceFactory = Callable[[DbEngine, threading.Event], ChangeSource]


class ChangeWatcher(QObject):
    """A daemon thread waits on the change source (never the GUI thread); results arrive here through signals."""

    _changes_seen = Signal(object)  # frozenset[str], emitted on the watcher thread
    _reachability_seen = Signal(bool)

    def __init__(
        self,
        engine: DbEngine,
        events: AppEvents,
        parent: QObject | None = None,
        source_factory: SourceFactory = open_change_source,
    ) -> None:
        super().__init__(parent)
        self._engine = engine
        self._events = events
        self._source_factory = source_factory
        self._stop = threading.Event()
        self._retry_now = threading.Event()
        self._thread: threading.Thread | None = None
        self._pending: set[str] = set()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._flush)
        self._changes_seen.connect(self._collect, Qt.ConnectionType.QueuedConnection)
        self._reachability_seen.connect(self._events.server_reachable, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        """Start watching in the background."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="kim-change-watcher", daemon=True)
            self._thread.start()

    def retry_now(self) -> None:
        """Try to reconnect at once instead of after the next pause."""
        self._retry_now.set()

    def stop(self) -> None:
        """Stop the thread (it notices within about two seconds; a daemon thread never keeps the app alive)."""
        self._stop.set()
        self._retry_now.set()
        self._debounce.stop()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self) -> None:
        lost = False
        while not self._stop.is_set():
            try:
                source = self._source_factory(self._engine, self._stop)
            except ServerUnreachable:
                lost = self._report_lost(lost)
                continue
            try:
                while not self._stop.is_set():
                    kinds = source.wait()
                    if lost:  # back for a whole wait, not just a connection about to die: say so and reload once,
                        lost = False  # since notifications sent meanwhile were lost
                        self._reachability_seen.emit(True)
                        kinds = EVERY_LIST
                    if kinds:
                        self._changes_seen.emit(kinds)
            except ServerUnreachable:
                lost = self._report_lost(lost)
            except Exception:  # a bug must not end the watching silently: log it and start over
                log.exception("change watcher failed")
                self._stop.wait(RECONNECT_SECONDS)
            finally:
                source.close()

    def _report_lost(self, already_lost: bool) -> bool:
        """Tell the window once, then pause before the next attempt (or until 'Erneut versuchen')."""
        if not already_lost:
            self._reachability_seen.emit(False)
        self._retry_now.wait(RECONNECT_SECONDS)
        self._retry_now.clear()
        return True

    def _collect(self, kinds: frozenset[str]) -> None:
        self._pending |= kinds
        self._debounce.start()  # a burst of commits (an import at another desk) gives one refresh

    def _flush(self) -> None:
        # Never DataKind.ALL: that reloads the settings forms too, and a change elsewhere must not discard input.
        pending, self._pending = self._pending, set()
        for kind in sorted(pending):
            self._events.data_changed.emit(kind)
