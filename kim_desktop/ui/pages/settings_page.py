"""The Einstellungen page: letterhead and language, the rules table, backups and restore, the database."""

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from kim_desktop.i18n import _
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.pages.settings_backup_tab import BackupTab
from kim_desktop.ui.pages.settings_database_tab import DatabaseTab
from kim_desktop.ui.pages.settings_office_tab import OfficeTab
from kim_desktop.ui.pages.settings_reference_tab import ReferenceDataTab
from kim_desktop.ui.pages.settings_rules_tab import RulesTab

TabT = TypeVar("TabT", bound=QWidget)


class SettingsPage(QWidget):
    """Five tabs, each built when first shown (or first asked for); rules and backups load in the worker."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        # Each tab starts as an empty holder; its content is built when the tab is first shown.
        self._factories: list[Callable[[UiContext], QWidget]] = [
            OfficeTab, ReferenceDataTab, RulesTab, BackupTab, DatabaseTab,
        ]  # fmt: skip
        self._built: list[QWidget | None] = [None] * len(self._factories)
        self._holders: list[tuple[QWidget, QVBoxLayout]] = []
        titles = (_("Briefkopf && Sprache"), _("Stammdaten"), _("Regeln"), _("Sicherung"), _("Datenbank"))
        for title in titles:
            holder = QWidget()
            holder_layout = QVBoxLayout(holder)
            holder_layout.setContentsMargins(0, 0, 0, 0)
            self._holders.append((holder, holder_layout))
            self.tabs.addTab(holder, title)
        self.tabs.currentChanged.connect(lambda _i: self._load_current())
        heading = QLabel(_("Einstellungen"))
        heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)
        self._loaded: set[QWidget] = set()
        ctx.events.data_changed.connect(self._on_data_changed)

    @property
    def office(self) -> OfficeTab:
        """The letterhead tab (built now if it was not shown yet)."""
        return self._tab(OfficeTab)

    @property
    def reference(self) -> ReferenceDataTab:
        """The Stammdaten tab (built now if it was not shown yet)."""
        return self._tab(ReferenceDataTab)

    @property
    def rules(self) -> RulesTab:
        """The rules tab (built now if it was not shown yet)."""
        return self._tab(RulesTab)

    @property
    def backup(self) -> BackupTab:
        """The backup tab (built now if it was not shown yet)."""
        return self._tab(BackupTab)

    @property
    def database(self) -> DatabaseTab:
        """The database tab (built now if it was not shown yet)."""
        return self._tab(DatabaseTab)

    def _tab(self, kind: type[TabT]) -> TabT:
        tab = self._build(self._factories.index(kind))
        assert isinstance(tab, kind)
        return tab

    def _build(self, index: int) -> QWidget:
        """The content of tab index, built into its holder on first use."""
        tab = self._built[index]
        if tab is None:
            tab = self._built[index] = self._factories[index](self.ctx)
            holder, holder_layout = self._holders[index]
            holder_layout.addWidget(tab)
            if holder.isVisible():
                tab.show()  # at once: a layout would show a child of a visible holder only from the event loop
        return tab

    def show_tab(self, tab: QWidget) -> None:
        """Switch to one of the tabs (and load it)."""
        self.tabs.setCurrentIndex(self._built.index(tab))
        self._load_current()

    def _load_current(self) -> None:
        index = self.tabs.currentIndex()
        if index < 0:
            return
        tab = self._build(index)
        if tab in self._loaded:
            return
        self._loaded.add(tab)
        if isinstance(tab, RulesTab | BackupTab | ReferenceDataTab):
            tab.reload()

    def _on_data_changed(self, kind: str) -> None:
        if kind == DataKind.ALL:
            self._loaded.clear()
            self._load_current()

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        """Load the visible tab on first show; the backup list may have grown since (automatic backups)."""
        if self._built[self._factories.index(BackupTab)] is not None:
            self._loaded.discard(self.backup)
        self._load_current()
        super().showEvent(event)  # type: ignore[arg-type]
