"""A page whose feature is still being built: says plainly what it will hold and what the database has now."""

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kim_desktop.i18n import _
from kim_desktop.services.database import DbSession
from kim_desktop.services.overview import DatabaseOverview, database_overview
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.operations import run_operation

OverviewLine = Callable[[DatabaseOverview], str]


class PlannedPage(QWidget):
    """Title, a description of the coming feature, and live counts (never made-up content)."""

    def __init__(self, ctx: UiContext, title: str, description: str, overview_line: OverviewLine) -> None:
        super().__init__()
        self._ctx = ctx
        self._overview_line = overview_line
        heading = QLabel(f"<h2>{title}</h2>")
        self.status_label = QLabel(_("Wird geladen …"))
        self.status_label.setObjectName("overviewLine")
        notice = QLabel(_("Dieser Bereich ist in Arbeit. Er wird enthalten:"))
        self.description_label = QLabel(description)
        self.description_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.status_label)
        layout.addSpacing(12)
        layout.addWidget(notice)
        layout.addWidget(self.description_label)
        layout.addStretch(1)
        ctx.events.data_changed.connect(self._on_data_changed)

    def refresh(self) -> None:
        """Reload the counts in the background."""

        def work(session: DbSession) -> DatabaseOverview:
            return database_overview(session)

        run_operation(self._ctx, work, lambda o: self.status_label.setText(self._overview_line(o)))

    def _on_data_changed(self, _kind: str) -> None:
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        """Refresh whenever the page is shown."""
        self.refresh()
        super().showEvent(event)  # type: ignore[arg-type]


__all__ = ["DataKind", "PlannedPage"]
