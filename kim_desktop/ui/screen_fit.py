"""Windows fit the screen they open on: office laptops have 1366×768 at 100 % or 125 % (1093×614 logical px)."""

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QWidget

from kim_desktop.ui.app_filters import install_app_filter

# Title bar and borders around a window's client area (Windows 10/11: 31 + 8 px; logical px at any scaling).
FRAME = QSize(16, 39)
# The screens every dialog must fit, as the desktop leaves them (a 40-px taskbar below): 100 % and 125 %.
LAPTOP_100 = QSize(1366, 768 - 40)
LAPTOP_125 = QSize(1093, 614 - 40)


def client_area(available: QSize) -> QSize:
    """The largest client area a window can have on a screen with this much room (title bar and borders off)."""
    return QSize(max(0, available.width() - FRAME.width()), max(0, available.height() - FRAME.height()))


def fitted_size(wanted: QSize, area: QSize) -> QSize:
    """A window size no larger than the area; what already fits stays as it is."""
    return QSize(min(wanted.width(), area.width()), min(wanted.height(), area.height()))


def available_rect(window: QWidget) -> QRect:
    """Where a window may be on its screen (the parent's screen, else the primary one), taskbar left out."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_into(window: QWidget, area: QSize) -> None:
    """Shrink a window to the client area (as far as its layout lets it); the size it wanted is kept otherwise."""
    size = fitted_size(window.size(), area)
    if size != window.size():
        window.resize(size)


def resize_to_screen(window: QWidget, width: int, height: int) -> None:
    """resize() for a window that may be larger than the screen: the wanted size, or the screen's room if less."""
    window.resize(fitted_size(QSize(width, height), client_area(available_rect(window).size())))


def keep_on_screen(window: QWidget) -> None:
    """Move a window whose frame would stick out of the available screen area back inside it."""
    room = available_rect(window)
    frame = QRect(window.pos(), window.size() + FRAME)
    x = max(room.left(), min(frame.left(), room.right() + 1 - frame.width()))
    y = max(room.top(), min(frame.top(), room.bottom() + 1 - frame.height()))
    if (x, y) != (frame.left(), frame.top()):
        window.move(QPoint(x, y))


class ScreenFit(QObject):
    """An application-wide event filter: a dialog larger than its screen is shrunk and moved inside when shown."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Fit a dialog just before it appears (its size and position are final by then)."""
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog) and watched.isWindow():
            before = watched.size()
            fit_into(watched, client_area(available_rect(watched).size()))
            if watched.size() != before:  # centred for its old size: centre it again over what it belongs to
                over = watched.parentWidget()
                middle = over.window().geometry().center() if over is not None else available_rect(watched).center()
                watched.move(middle - QPoint(watched.width() // 2, watched.height() // 2))
            keep_on_screen(watched)
        return False


def install_screen_fit(app: QCoreApplication | None = None) -> ScreenFit:
    """Install the fit once for the whole application (later calls return the installed one)."""
    return install_app_filter(ScreenFit, app)
