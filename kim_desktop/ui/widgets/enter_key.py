"""Enter presses the focused push button everywhere, not only in dialogs (Qt's default outside a QDialog: nothing)."""

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPushButton

from kim_desktop.ui.app_filters import install_app_filter

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class EnterPressesButtons(QObject):
    """App-wide filter: Return/Enter on a focused QPushButton that Qt would ignore clicks it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Click a focused, enabled push button on Enter where Qt itself would not (no autoDefault, no default)."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(watched, QPushButton)
            and isinstance(event, QKeyEvent)
            and event.key() in _ENTER
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            and not (watched.autoDefault() or watched.isDefault())
            and watched.isEnabled()
        ):
            watched.click()
            return True
        return False


def install_enter_presses_buttons() -> EnterPressesButtons:
    """Install the filter once for the application (later calls return the installed one)."""
    return install_app_filter(EnterPressesButtons)
