"""The Netzwerk page: the partner directory, the course locations with travel times, the timetable."""

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from kim_desktop.i18n import _
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.pages.network_locations_tab import LocationsTab
from kim_desktop.ui.pages.network_partners_tab import PartnersTab
from kim_desktop.ui.pages.network_timetable_tab import TimetableTab


class _LazyTab[TabT: QWidget](QWidget):
    """A tab's place whose content is built when the tab is first opened (the page opens in half the time)."""

    def __init__(self, build: Callable[[], TabT]) -> None:
        super().__init__()
        self._build = build
        self._content: TabT | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def content(self) -> TabT:
        """The tab's content, built now if it was not yet."""
        if self._content is None:
            self._content = self._build()
            self._layout.addWidget(self._content)
        return self._content


class NetworkPage(QWidget):
    """Tabs: the partner directory, the course locations with travel times, the timetable."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.partners = PartnersTab(ctx)  # the first tab; the others are built when opened
        self._locations = _LazyTab(lambda: LocationsTab(ctx))
        self._timetable = _LazyTab(lambda: TimetableTab(ctx))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("networkTabs")
        self.tabs.addTab(self.partners, _("Partner"))
        self.locations_index = self.tabs.addTab(self._locations, _("Kursorte && Fahrzeiten"))
        self.timetable_index = self.tabs.addTab(self._timetable, _("Fahrplan (ÖPNV)"))
        self.tabs.currentChanged.connect(lambda _i: self._load_current())
        heading = QLabel(_("Netzwerk"))
        heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)
        self._loaded: set[int] = set()
        ctx.events.data_changed.connect(self._on_data_changed)

    @property
    def locations(self) -> LocationsTab:
        """The course locations with their travel times (built on first use)."""
        return self._locations.content

    @property
    def timetable(self) -> TimetableTab:
        """The timetable tab (built on first use)."""
        return self._timetable.content

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
