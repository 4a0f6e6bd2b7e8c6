"""Keeps the timetable's answers in step with the courses: after courses change, the missing ones are computed."""

import logging
from datetime import date

from PySide6.QtCore import QObject, QTimer

from kim_desktop.domain.access import Action, may
from kim_desktop.services.database import DbSession
from kim_desktop.services.timetable_reach import ReachSummary, compute_missing_reachability
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.operations import run_operation

log = logging.getLogger(__name__)
# A course form saved, an import stored: changes come in bursts; one computation after they settle.
SETTLE_MS = 1500


class ReachabilityKeeper(QObject):
    """After a change of courses on this desk's database, computes the answers of new course schedules.

    A course added or moved would otherwise fall back to the typed travel times until an administrator pressed
    "Erreichbarkeit berechnen". Nothing is loaded when nothing is missing; a network server's answers are the
    network administrator's to compute.
    """

    def __init__(self, ctx: UiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SETTLE_MS)
        self.timer.timeout.connect(self.run)
        self.last: ReachSummary | None = None
        ctx.events.data_changed.connect(self._changed)

    def _changed(self, kind: str) -> None:
        if kind in (DataKind.COURSES, DataKind.ALL) and may(self.ctx.actor, Action.EDIT_COURSES):
            self.timer.start()

    def run(self) -> None:
        """Compute the missing answers on the worker (quietly: the lookup falls back to typed times meanwhile)."""
        actor, today = self.ctx.actor, date.today()

        def work(session: DbSession) -> ReachSummary:
            return compute_missing_reachability(session, today, actor=actor)

        run_operation(self.ctx, work, self._done, errors=lambda message: log.warning("reachability: %s", message))

    def _done(self, summary: ReachSummary) -> None:
        self.last = summary
        if summary.pairs:
            self.ctx.events.data_changed.emit(DataKind.NETWORK)  # the Fahrplan tab shows the new answers
