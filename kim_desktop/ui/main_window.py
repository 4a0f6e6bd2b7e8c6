"""The main window: navigation on the left, one page at a time, status bar with database and advisor."""

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kim_desktop import APP_NAME
from kim_desktop.domain.access import ROLE_TEXT, Actor
from kim_desktop.domain.errors import KimError
from kim_desktop.domain.setup_steps import SetupStep
from kim_desktop.i18n import _, translate_text
from kim_desktop.paths import resource
from kim_desktop.services.backups import automatic_backup, backup_status_text
from kim_desktop.services.database import DbSession
from kim_desktop.services.exit_backup import back_up_on_exit, exit_backup_warning
from kim_desktop.services.provider_desk import works_in_network
from kim_desktop.ui.accessibility import announce
from kim_desktop.ui.change_watcher import ChangeWatcher
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.about_dialog import AboutDialog
from kim_desktop.ui.dialogs.password_dialogs import ChangeOwnPasswordDialog
from kim_desktop.ui.fonts import register_bundled_fonts
from kim_desktop.ui.icons import icon
from kim_desktop.ui.operations import run_operation
from kim_desktop.ui.outreach_actions import add_outreach_actions
from kim_desktop.ui.pages.registry import PAGE_ACTIONS, PAGES, PAGES_BY_KEY, START_PAGES
from kim_desktop.ui.reachability_keeper import ReachabilityKeeper
from kim_desktop.ui.screen_fit import install_screen_fit, resize_to_screen
from kim_desktop.ui.server_status import ServerStatus
from kim_desktop.ui.style import status_colours, text_style
from kim_desktop.ui.widgets.enter_key import install_enter_presses_buttons
from kim_desktop.ui.widgets.setup_banner import SetupBanner
from kim_desktop.ui.widgets.wheel_guard import install_wheel_guard

BACKUP_CHECK_INTERVAL_MS = 60 * 60 * 1000


def signed_in_text(actor: Actor | None) -> str:
    """The status bar's 'Angemeldet: Name (Rolle)'."""
    if actor is None:
        return _("Angemeldet: —")
    return _("Angemeldet: {name} ({role})").format(name=actor.display_name, role=translate_text(ROLE_TEXT[actor.role]))


class MainWindow(QMainWindow):
    """Navigation list + stacked pages; pages are built when first opened."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        install_wheel_guard()  # once for the app (also done at start-up, before the sign-in dialog)
        install_enter_presses_buttons()  # Enter on a focused button in a page clicks it, as in a dialog
        register_bundled_fonts()  # Tigrinya (Ethiopic) and Arabic script in lists and fields, not boxes
        install_screen_fit()  # dialogs larger than the screen shrink to it when shown
        self.ctx = ctx
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(QIcon(str(resource("icons", "kim-desktop.svg"))))
        resize_to_screen(self, 1200, 760)  # a 1366×768 laptop at 125 % has 1093×614 logical px

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(_("Navigation"))
        self.navigation.setIconSize(QSize(22, 22))
        self.navigation.setFixedWidth(230)
        self.stack = QStackedWidget()
        self._pages: dict[str, QWidget] = {}
        self._network_desk = False  # pages only for a network desk appear once _check_network finds the server
        for spec in PAGES:
            item = QListWidgetItem(icon(spec.icon), _(spec.title))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setSizeHint(QSize(0, 40))
            self.navigation.addItem(item)
            self.stack.addWidget(QWidget())  # placeholder until first shown
        self.navigation.currentRowChanged.connect(self.show_page_at)

        splitter = QSplitter()
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.setup_banner = SetupBanner(ctx)
        self.setup_banner.open_step.connect(lambda step: self.open_setup_assistant(SetupStep(step)))
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.setup_banner)
        central_layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.setup_banner.refresh()

        self.database_label = QLabel(translate_text(ctx.db.description))
        self.database_label.setObjectName("databaseLabel")
        self.database_label.setToolTip(translate_text(ctx.db.description))
        self.database_label.setMinimumWidth(120)  # yields first when the server warning needs the room
        self.advisor_label = QLabel(signed_in_text(ctx.actor))
        self.advisor_label.setObjectName("advisorLabel")
        self.backup_label = QLabel()
        self.backup_label.setObjectName("backupLabel")
        self._announced_backup_warning = ""
        self.server_status = ServerStatus(ctx)
        self.change_watcher: ChangeWatcher | None = None
        self.reachability_keeper = ReachabilityKeeper(ctx, self)  # new course schedules get timetable answers
        self.statusBar().addWidget(self.database_label, 1)
        self.statusBar().addPermanentWidget(self.server_status)
        self.statusBar().addPermanentWidget(self.backup_label)
        self.statusBar().addPermanentWidget(self.advisor_label)
        self.refresh_backup_status()
        # The daily backup while running: checked hourly, it copies only when the last one is 20 h old.
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_CHECK_INTERVAL_MS)
        self.backup_timer.timeout.connect(self.run_automatic_backup)  # started by start_backups() (app.py)
        self._closing = False
        self._view_actions: list[QAction] = []
        self._build_menu()
        self._show_allowed_pages()
        self.navigation.setCurrentRow(next((r for r, s in enumerate(PAGES) if self.may_open(s.key)), -1))
        self._check_network()

    def may_open(self, key: str) -> bool:
        """Whether the signed-in role may see this page (everything when nobody is signed in: tests, scripts).

        A page only for the network's server (the provider's) also needs a desk connected to it.
        """
        if PAGES_BY_KEY[key].network_only and not self._network_desk:
            return False
        action = PAGE_ACTIONS.get(key)
        return action is None or self.ctx.shows(action)

    def _show_allowed_pages(self) -> None:
        """Navigation and Ansicht menu list the pages this role may open; Ctrl+1 … counts over those."""
        shown = 0
        for row, spec in enumerate(PAGES):
            allowed = self.may_open(spec.key)
            self.navigation.item(row).setHidden(not allowed)
            action = self._view_actions[row]
            action.setVisible(allowed)
            # Ctrl+1 … Ctrl+9, then Ctrl+0, counted over the pages this role sees (as the navigation lists them):
            # an advisor's fifth page is Berichte, and a hidden page's shortcut would do nothing.
            action.setShortcut(QKeySequence(f"Ctrl+{(shown + 1) % 10}") if allowed and shown < 10 else QKeySequence())
            shown += allowed

    def _check_network(self) -> None:
        """Once, in the background: on the network's server, offer its pages (a provider then starts on its own)."""
        wanted = [spec.key for spec in PAGES if spec.network_only]
        self._network_desk = True  # as if: which of these pages would the role see?
        any_allowed = any(self.may_open(key) for key in wanted)
        self._network_desk = False
        if not any_allowed:
            return

        def work(session: DbSession) -> bool:
            return works_in_network(session)

        run_operation(self.ctx, work, self._network_found, errors=lambda _message: None, expected=(KimError,))

    def _network_found(self, yes: bool) -> None:
        self._network_desk = yes
        self._show_allowed_pages()
        start = START_PAGES.get(self.ctx.actor.role) if self.ctx.actor is not None else None
        if yes and start is not None and self.may_open(start):
            self.go_to_row(PAGES.index(PAGES_BY_KEY[start]))

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(_("&Datei"))
        password_action = QAction(_("Eigenes &Passwort ändern …"), self)
        password_action.triggered.connect(self.change_own_password)
        password_action.setVisible(self.ctx.actor is not None)
        file_menu.addAction(password_action)
        self.outreach = add_outreach_actions(self, self.ctx, file_menu)  # issue 19: Außentermin
        self.outreach_label = self.outreach.label
        # app.py connects it to the idle lock once someone is signed in; until then it stays disabled.
        self.lock_action = QAction(icon("lock.svg"), _("&Sperren"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setEnabled(False)
        file_menu.addAction(self.lock_action)
        quit_action = QAction(_("&Beenden"), self)
        # The platform's Quit keys; Linux without a desktop theme has none, so Ctrl+Q there.
        quit_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) or [QKeySequence("Ctrl+Q")])
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu(_("&Ansicht"))
        for row, spec in enumerate(PAGES):
            # A menu reads "&" as the mark of an access key ("Beratung & Wiedervorlagen" showed "_"): double it.
            action = QAction(_(spec.title).replace("&", "&&"), self)
            action.setObjectName(f"show_{spec.key}")
            action.triggered.connect(lambda _checked=False, r=row: self.go_to_row(r))
            view_menu.addAction(action)
            self._view_actions.append(action)

        help_menu = self.menuBar().addMenu(_("&Hilfe"))
        about = QAction(_("Über &KIM Desktop"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def change_own_password(self) -> ChangeOwnPasswordDialog:
        """Open the dialog to change the signed-in person's password (non-blocking)."""
        dialog = ChangeOwnPasswordDialog(self.ctx, self)
        dialog.accepted.connect(lambda: self.statusBar().showMessage(_("Passwort geändert."), 5000))
        dialog.open()
        return dialog

    def go_to_row(self, row: int) -> None:
        """Ctrl+1 …: show a page at its start (the people page's list, not a case left open there)."""
        self.navigation.setCurrentRow(row)
        widget = self._pages.get(PAGES[row].key)
        back_to_start = getattr(widget, "show_start", None)
        if callable(back_to_start):
            back_to_start()

    def page(self, key: str) -> QWidget:
        """The page with this key, built on first use."""
        if key not in self._pages:
            row = next(i for i, spec in enumerate(PAGES) if spec.key == key)
            widget = PAGES[row].factory(self.ctx)
            widget.setObjectName(f"page_{key}")
            old = self.stack.widget(row)
            self.stack.insertWidget(row, widget)
            if old is not None:
                self.stack.removeWidget(old)
                old.deleteLater()
            self._pages[key] = widget
        return self._pages[key]

    def show_page_at(self, row: int) -> None:
        """Switch to the page in this navigation row."""
        if row < 0 or not self.may_open(PAGES[row].key):
            return
        widget = self.page(PAGES[row].key)
        self.stack.setCurrentWidget(widget)

    def show_page(self, key: str) -> QWidget:
        """Switch to a page by key and return it."""
        row = next(i for i, spec in enumerate(PAGES) if spec.key == key)
        if not self.may_open(key):
            raise KimError(_("Ihre Rolle erlaubt diese Seite nicht."))
        self.navigation.setCurrentRow(row)
        return self.page(key)

    def current_page_key(self) -> str:
        """Key of the page on screen."""
        return PAGES[self.navigation.currentRow()].key

    def open_setup_assistant(self, step: SetupStep = SetupStep.OFFICE) -> QWidget:
        """The set-up assistant at a step (non-blocking); the banner reads the state again when it closes."""
        from kim_desktop.ui.dialogs.setup_assistant import SetupAssistant

        assistant = SetupAssistant(self.ctx, step, self)
        assistant.finished.connect(lambda _result: self.setup_banner.refresh())
        assistant.open()
        return assistant

    def show_about(self) -> AboutDialog:
        """Open the About dialog (non-blocking)."""
        dialog = AboutDialog(self.ctx, self)
        dialog.open()
        return dialog

    def watch_other_desks(self) -> ChangeWatcher:
        """Refresh the lists when another desk (or another program on this PC) changes data."""
        if self.change_watcher is None:
            self.change_watcher = ChangeWatcher(self.ctx.db.engine, self.ctx.events, self)
            self.server_status.retry_hook = self.change_watcher.retry_now
            self.change_watcher.start()
        return self.change_watcher

    def start_backups(self) -> None:
        """The day's backup now if one is due (a new database gets its first at once), then the hourly check."""
        if self._closing:
            return  # ended before the first backup was due: the backup on exit did it
        self.run_automatic_backup()
        self.backup_timer.start()

    def refresh_backup_status(self) -> None:
        """Show when the last good backup was made (read from the backups' sidecar files, cheap)."""
        text = exit_backup_warning(self.ctx.paths) or backup_status_text(
            self.ctx.paths, self.ctx.settings, url=self.ctx.db.url
        )
        self.backup_label.setText(translate_text(text))
        warn = text.startswith("Achtung")  # the German rendering of the Text
        self.backup_label.setStyleSheet(text_style(status_colours().error) if warn else "")
        if warn:
            self._announce_backup_warning()

    def run_automatic_backup(self, force: bool = False) -> None:
        """Back up the local database in the background (on exit with force, otherwise when one is due)."""
        ctx = self.ctx

        def work() -> object:
            return automatic_backup(ctx.paths, ctx.settings, ctx.db.url, force=force)

        ctx.tasks.run(work, lambda _outcome: self.refresh_backup_status(), self._backup_failed)

    def _backup_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, KimError):
            raise exc
        self.backup_label.setText(_("Achtung: Sicherung fehlgeschlagen: {why}").format(why=exc))
        self.backup_label.setStyleSheet(text_style(status_colours().error))
        self._announce_backup_warning()

    def _announce_backup_warning(self) -> None:
        """A status-bar warning is seen, not heard: say it once (again only when it changes)."""
        text = self.backup_label.text()
        if text != self._announced_backup_warning:
            self._announced_backup_warning = text
            announce(self.backup_label, text)  # politely: it needs doing, but not this second

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Back up on exit and let background work finish before the window goes (once, if asked twice)."""
        if self._closing:
            super().closeEvent(event)
            return
        self._closing = True
        self.backup_timer.stop()
        if self.change_watcher is not None:
            self.change_watcher.stop()
        self.server_status.detach()
        ctx = self.ctx
        # After every queued save (the worker runs tasks in order); the outcome is kept for the next start.
        ctx.tasks.run(lambda: back_up_on_exit(ctx.paths, ctx.settings, ctx.db.url), lambda _note: None)
        ctx.tasks.shutdown()
        super().closeEvent(event)
