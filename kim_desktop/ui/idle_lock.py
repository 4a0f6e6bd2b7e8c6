"""Idle lock: after the idle time an overlay covers the window and asks for the password; open forms stay."""

import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kim_desktop.domain.access import Actor
from kim_desktop.i18n import _
from kim_desktop.services.accounts import unlock_screen
from kim_desktop.services.database import DbSession
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.operations import run_operation

CHECK_INTERVAL_MS = 5000
_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.ShortcutOverride,
    QEvent.Type.Shortcut, QEvent.Type.TouchBegin, QEvent.Type.InputMethod,
})  # fmt: skip


class LockOverlay(QWidget):
    """Covers the whole window: who is signed in, a password field and a button."""

    def __init__(self, parent: QWidget, actor: Actor) -> None:
        super().__init__(parent)
        self.setObjectName("lockOverlay")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # else the style sheet background is not painted
        self.setStyleSheet("#lockOverlay { background: #2b3a4a; } QLabel { color: white; }")
        title = QLabel(_("Gesperrt wegen Inaktivität"))
        title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        who = QLabel(_("Angemeldet: {name}. Bitte geben Sie Ihr Passwort ein.").format(name=actor.display_name))
        self.password = QLineEdit()
        self.password.setObjectName("lockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaximumWidth(320)
        self.button = QPushButton(_("Entsperren"))
        self.button.setObjectName("unlockButton")
        self.message = QLabel()
        self.message.setObjectName("lockMessage")
        self.message.setStyleSheet("color: #ffb0b0;")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (title, who, self.password, self.button, self.message):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)


class IdleLock(QObject):
    """Watches all user input of the application; locks the window after the idle time (clock injectable)."""

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        window: QWidget,
        ctx: UiContext,
        actor: Actor,
        idle_minutes: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = datetime.now,
        check_interval_ms: int = CHECK_INTERVAL_MS,
    ) -> None:
        super().__init__(window)
        self.window, self.ctx, self.actor = window, ctx, actor
        self.idle_seconds = idle_minutes * 60
        self._clock, self._now = clock, now
        self._last_input = clock()
        self.overlay: LockOverlay | None = None
        app = QApplication.instance()
        assert app is not None, "the idle lock needs a running QApplication"
        app.installEventFilter(self)
        window.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(check_interval_ms)

    @property
    def is_locked(self) -> bool:
        """Whether the overlay is up."""
        return self.overlay is not None

    def stop(self) -> None:
        """Stop watching (at sign-out or when the window closes)."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Note user input; while locked, swallow input meant for anything but the overlay."""
        if watched is self.window and event.type() == QEvent.Type.Resize and self.overlay is not None:
            self.overlay.setGeometry(self.window.rect())
        if event.type() not in _INPUT_EVENTS:
            return False
        if self.overlay is None:
            self._last_input = self._clock()
            return False
        return not (isinstance(watched, QWidget) and (watched is self.overlay or self.overlay.isAncestorOf(watched)))

    def check(self) -> None:
        """Lock if the idle time has passed (called by the timer; tests call it after moving the clock)."""
        if self.overlay is None and self._clock() - self._last_input >= self.idle_seconds:
            self.lock()

    def lock(self) -> None:
        """Cover the window; nothing underneath is closed or reset."""
        if self.overlay is not None:
            return
        overlay = LockOverlay(self.window, self.actor)
        overlay.setGeometry(self.window.rect())
        overlay.button.clicked.connect(self._try_unlock)
        overlay.password.returnPressed.connect(self._try_unlock)
        self.overlay = overlay
        overlay.show()
        overlay.raise_()
        overlay.password.setFocus()
        self.locked.emit()

    def _try_unlock(self) -> None:
        overlay = self.overlay
        if overlay is None:
            return
        password = overlay.password.text()
        overlay.password.clear()
        overlay.button.setEnabled(False)

        def work(session: DbSession) -> Actor:
            return unlock_screen(session, self.actor, password, self._now())

        run_operation(self.ctx, work, self._unlocked, errors=self._refused)

    def _unlocked(self, _actor: Actor) -> None:
        if self.overlay is not None:
            self.overlay.hide()
            self.overlay.deleteLater()
            self.overlay = None
        self._last_input = self._clock()
        self.unlocked.emit()

    def _refused(self, message: str) -> None:
        if self.overlay is None:
            return
        self.overlay.button.setEnabled(True)
        self.overlay.password.setFocus()
        self.overlay.message.setText(message)
