"""Walking a widget tree the way a screen reader and the Tab key see it."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget


def takes_tab_focus(widget: QWidget) -> bool:
    """Visible, enabled and reachable with Tab (a widget with a focus proxy is reached through the proxy)."""
    return (
        widget.isVisible()
        and widget.isEnabled()
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.focusProxy() is None
    )


def accessible_name(widget: QWidget) -> str:
    """What Qt's accessibility API reports as the widget's name (set, from a buddy label, a form row or text)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def describe(widget: QWidget) -> str:
    """Class and object name of the widget and its named ancestors, for a readable failure message."""
    path = []
    current: QWidget | None = widget
    while current is not None and len(path) < 4:
        path.append(f"{current.metaObject().className()}#{current.objectName() or '?'}")
        current = current.parentWidget()
    return " < ".join(path)


def unnamed_controls(root: QWidget) -> list[str]:
    """Focusable controls under root without an accessible name; every tab of every tab widget is visited."""
    offenders: set[str] = set()

    def walk() -> None:
        for widget in [root, *root.findChildren(QWidget)]:
            if takes_tab_focus(widget) and not accessible_name(widget):
                offenders.add(describe(widget))

    walk()
    for tabs in root.findChildren(QTabWidget):
        if not tabs.isVisible():
            continue
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            QApplication.processEvents()
            walk()
        tabs.setCurrentIndex(0)
    return sorted(offenders)
