"""The status bar's server line: 'Server nicht erreichbar – Eingaben bleiben erhalten' with a retry button."""

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QPushButton, QWidget

from kim_desktop.i18n import _
from kim_desktop.services.server_reachability import add_unreachable_listener, server_answers
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.operations import run_task
from kim_desktop.ui.style import status_colours, text_style


class _Relay(QObject):
    """Carries 'server gone' from whichever thread found it to the GUI thread."""

    lost = Signal()


class ServerStatus(QWidget):
    """Hidden while the server answers; shown with a retry button when it does not."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.retry_hook: Callable[[], None] | None = None  # the change watcher's 'reconnect now', when it runs
        self.label = QLabel(_("Server nicht erreichbar – Eingaben bleiben erhalten"))
        self.label.setObjectName("serverUnreachable")
        self.label.setStyleSheet(text_style(status_colours().error))
        bold = self.label.font()
        bold.setBold(True)  # a font, not a style sheet: sizeHint() then knows the wider text
        self.label.setFont(bold)
        self.label.setMinimumWidth(self.label.sizeHint().width())  # the status bar must not cut the sentence
        self.retry_button = QPushButton(_("Erneut versuchen"))
        self.retry_button.setObjectName("serverRetry")
        self.retry_button.clicked.connect(self.retry)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.retry_button)
        self.setVisible(False)
        self._relay = _Relay(self)
        # Queued: the engine reports from the database worker thread; the widget changes on the GUI thread.
        self._relay.lost.connect(lambda: ctx.events.server_reachable.emit(False), Qt.ConnectionType.QueuedConnection)
        ctx.events.server_reachable.connect(self.show_reachable)
        self._unhook: Callable[[], None] | None = add_unreachable_listener(ctx.db.engine, self._relay.lost.emit)

    @property
    def unreachable(self) -> bool:
        """Whether the line currently says the server is gone (visible or not: the window may be hidden)."""
        return not self.isHidden()

    def show_reachable(self, reachable: bool) -> None:
        """Show or hide the warning; when the server is back, say so briefly."""
        was_unreachable = self.unreachable
        self.setVisible(not reachable)
        window = self.window()
        if (
            reachable
            and was_unreachable
            and isinstance(window, QMainWindow)
            and not window.statusBar().currentMessage()
        ):
            window.statusBar().showMessage(_("Server wieder erreichbar"), 5000)

    def retry(self) -> None:
        """Ask the server now (in the background); the line goes away when it answers."""
        if self.retry_hook is not None:
            self.retry_hook()
        engine = self.ctx.db.engine
        self.label.setText(_("Server wird erneut versucht …"))

        def done(answers: bool) -> None:
            self.label.setText(_("Server nicht erreichbar – Eingaben bleiben erhalten"))
            self.ctx.events.server_reachable.emit(answers)

        run_task(self.ctx, lambda: server_answers(engine), done)

    def detach(self) -> None:
        """Stop listening to the engine (the window closes)."""
        if self._unhook is not None:
            self._unhook()
            self._unhook = None
