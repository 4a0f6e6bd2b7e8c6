"""Form inputs take the mouse wheel only when focused; otherwise the wheel scrolls whatever holds them."""

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QWidget

from kim_desktop.ui.app_filters import install_app_filter

# Combo boxes and every spin box (QSpinBox, QDoubleSpinBox, QDateEdit, QTimeEdit): a wheel turn over them while
# scrolling a form changed the permission kind or the place of residence without anyone noticing.
GUARDED = (QComboBox, QAbstractSpinBox)


def _focused(widget: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return widget.hasFocus() or (focus is not None and widget.isAncestorOf(focus))


def pass_on(widget: QWidget, event: QWheelEvent) -> bool:
    """Offer a wheel event to the widget's parents, innermost first, until one takes it (a scroll area's viewport).

    Qt's own propagation only follows a spontaneous event that the widget ignored; doing it here works for every
    event and keeps the position right for each parent. Returns whether a parent took it.
    """
    target = widget
    while not target.isWindow() and not target.testAttribute(Qt.WidgetAttribute.WA_NoMousePropagation):
        parent = target.parentWidget()
        if parent is None:
            break
        target = parent
        copy = QWheelEvent(
            widget.mapTo(target, event.position()),
            event.globalPosition(),
            event.pixelDelta(),
            event.angleDelta(),
            event.buttons(),
            event.modifiers(),
            event.phase(),
            event.inverted(),
            event.source(),
            event.pointingDevice(),
        )
        copy.setAccepted(True)
        QCoreApplication.sendEvent(target, copy)
        if copy.isAccepted():
            return True
    return False


class WheelGuard(QObject):
    """An application-wide event filter: inputs get StrongFocus (not WheelFocus) and pass an unfocused wheel on."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Change the focus policy when an input is polished; hand an unfocused input's wheel event to its parents."""
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, GUARDED):
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:  # the wheel would focus it, then turn it
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        elif kind == QEvent.Type.Wheel and isinstance(watched, GUARDED) and not _focused(watched):
            assert isinstance(event, QWheelEvent)
            pass_on(watched, event)
            event.accept()  # handled here: Qt must not offer it to the parents a second time
            return True
        return False


def install_wheel_guard(app: QCoreApplication | None = None) -> WheelGuard:
    """Install the guard once for the whole application (later calls return the installed one)."""
    return install_app_filter(WheelGuard, app)
