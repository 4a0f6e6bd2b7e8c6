"""Walking a widget tree the way a screen reader and the Tab key see it."""

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent, QAccessibleInterface
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel, QTabWidget, QWidget

from kim_desktop.ui import accessibility


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


# --- the accessible tree: relations, states, texts ------------------------------------------------------------


def interface(widget: QObject) -> QAccessibleInterface:
    """Qt's accessible interface of a widget (what the AT-SPI bridge reads)."""
    found = QAccessible.queryAccessibleInterface(widget)
    assert found is not None, f"no accessible interface for {widget}"
    return found


def accessible_text(widget: QObject, kind: QAccessible.Text) -> str:
    """One of the widget's accessible texts (Name, Description, Value …)."""
    return str(interface(widget).text(kind))


def labelled_by(widget: QObject) -> list[QObject]:
    """The objects Qt reports as the widget's labels (AT-SPI: labelled-by), in Qt's order (own label, then group)."""
    return [
        other.object()
        for other, _relation in interface(widget).relations(QAccessible.RelationFlag.Label)
        if other is not None
    ]


def label_for(label: QObject) -> list[QObject]:
    """The objects a label labels (AT-SPI: label-for)."""
    return [
        other.object()
        for other, _relation in interface(label).relations(QAccessible.RelationFlag.Labelled)
        if other is not None
    ]


def own_label(widget: QWidget) -> QLabel | None:
    """The label (not a group box) that Qt reports as the widget's label."""
    return next((o for o in labelled_by(widget) if isinstance(o, QLabel)), None)


def said_as_label(widget: QWidget) -> str:
    """What a screen reader says as the field's label: the own label's accessible name."""
    label = own_label(widget)
    return accessible_text(label, QAccessible.Text.Name) if label is not None else ""


def role(widget: QObject) -> QAccessible.Role:
    """The accessible role."""
    return interface(widget).role()


def form_fields(form: QFormLayout) -> list[QWidget]:
    """The input widgets of a form layout's rows (the first widget of each field cell that has a label)."""
    fields = []
    for row in range(form.rowCount()):
        label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if label_item is None or field_item is None or not isinstance(label_item.widget(), QLabel):
            continue
        widget = field_item.widget()
        if widget is None and (inner := field_item.layout()) is not None and inner.count():
            widget = inner.itemAt(0).widget()
        if widget is not None:
            fields.append(widget)
    return fields


# --- events sent to the accessibility bridge --------------------------------------------------------------------


@dataclass(frozen=True)
class Posted:
    """One event handed to QAccessible.updateAccessibility."""

    kind: QAccessible.Event
    source: QObject | None
    message: str = ""
    assertive: bool = False


class AccessibleEvents:
    """Records the events ui/accessibility.py posts (the announcements and alerts a screen reader gets)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.posted: list[Posted] = []
        original = accessibility._post

        def record(event: QAccessibleEvent) -> None:
            if isinstance(event, QAccessibleAnnouncementEvent):
                assertive = event.politeness() == QAccessible.AnnouncementPoliteness.Assertive
                self.posted.append(Posted(event.type(), event.object(), event.message(), assertive))
            else:
                self.posted.append(Posted(event.type(), event.object()))
            original(event)

        monkeypatch.setattr(accessibility, "_post", record)

    def announcements(self) -> list[str]:
        """The texts announced, in order."""
        return [p.message for p in self.posted if p.kind == QAccessible.Event.Announcement]

    def alerts(self) -> list[QObject | None]:
        """The sources of alert events, in order."""
        return [p.source for p in self.posted if p.kind == QAccessible.Event.Alert]

    def assertive(self) -> list[str]:
        """The texts announced at once (errors)."""
        return [p.message for p in self.posted if p.kind == QAccessible.Event.Announcement and p.assertive]

    def clear(self) -> None:
        """Forget what was recorded so far."""
        self.posted.clear()
