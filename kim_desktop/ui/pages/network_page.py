"""The Netzwerk page: the partner directory, the course locations with travel times, the timetable."""

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from kim_desktop.i18n import _
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.pages.network_locations_tab import LocationsTab
from kim_desktop.ui.pages.network_partners_tab import PartnersTab
from kim_desktop.ui.pages.network_timetable_tab import TimetableTab


class NetworkPage(QWidget):
    """Tabs: the partner directory, the course locations with travel times, the timetable."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.partners = PartnersTab(ctx)
        self.locations = LocationsTab(ctx)
        self.timetable = TimetableTab(ctx)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("networkTabs")
        self.tabs.addTab(self.partners, _("Partner"))
        self.tabs.addTab(self.locations, _("Kursorte && Fahrzeiten"))
        self.timetable_index = self.tabs.addTab(self.timetable, _("Fahrplan (ÖPNV)"))
        self.tabs.currentChanged.connect(lambda _i: self._load_current())
        heading = QLabel(_("Netzwerk"))
        heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)
        self._loaded: set[int] = set()
        ctx.events.data_changed.connect(self._on_data_changed)

    def _load_current(self) -> None:
        index = self.tabs.currentIndex()
        if index in self._loaded:
            return
        self._loaded.add(index)
        if index == 0:
            self.partners.reload()
        elif index == self.timetable_index:
            self.timetable.reload()
        else:
            self.locations.reload()

    def _on_data_changed(self, kind: str) -> None:
        if kind not in (DataKind.NETWORK, DataKind.COURSES, DataKind.ALL):
            return
        self._loaded.clear()
        self._load_current()
        if kind == DataKind.NETWORK and self.partners.details is not None:
            self.partners._selection_changed()  # the shown contacts may have changed

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        """Load the visible tab on first show."""
        self._load_current()
        super().showEvent(event)  # type: ignore[arg-type]
