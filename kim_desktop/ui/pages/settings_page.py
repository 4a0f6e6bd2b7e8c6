"""The Einstellungen page: letterhead and language, the rules table, backups and restore, the database."""

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from kim_desktop.i18n import _
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.pages.settings_backup_tab import BackupTab
from kim_desktop.ui.pages.settings_database_tab import DatabaseTab
from kim_desktop.ui.pages.settings_office_tab import OfficeTab
from kim_desktop.ui.pages.settings_rules_tab import RulesTab


class SettingsPage(QWidget):
    """Four tabs; the rules and the backups are loaded when their tab is first shown."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.office = OfficeTab(ctx)
        self.rules = RulesTab(ctx)
        self.backup = BackupTab(ctx)
        self.database = DatabaseTab(ctx)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        self.tabs.addTab(self.office, _("Briefkopf && Sprache"))
        self.tabs.addTab(self.rules, _("Regeln"))
        self.tabs.addTab(self.backup, _("Sicherung"))
        self.tabs.addTab(self.database, _("Datenbank"))
        self.tabs.currentChanged.connect(lambda _i: self._load_current())
        heading = QLabel(_("Einstellungen"))
        heading.setStyleSheet("font-size: 18px; font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)
        self._loaded: set[QWidget] = set()
        ctx.events.data_changed.connect(self._on_data_changed)

    def show_tab(self, tab: QWidget) -> None:
        """Switch to one of the tabs (and load it)."""
        self.tabs.setCurrentWidget(tab)
        self._load_current()

    def _load_current(self) -> None:
        tab = self.tabs.currentWidget()
        if tab in self._loaded:
            return
        self._loaded.add(tab)
        if tab is self.rules:
            self.rules.reload()
        elif tab is self.backup:
            self.backup.reload()

    def _on_data_changed(self, kind: str) -> None:
        if kind == DataKind.ALL:
            self._loaded.clear()
            self._load_current()

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        """Load the visible tab on first show; the backup list may have grown since (automatic backups)."""
        self._loaded.discard(self.backup)
        self._load_current()
        super().showEvent(event)  # type: ignore[arg-type]
