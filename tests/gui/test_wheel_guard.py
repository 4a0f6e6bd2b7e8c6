"""Scrolling a form with the mouse wheel scrolls it: combo boxes, spin boxes and dates turn only when focused."""

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from kim_desktop.db.models import Municipality
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.person_form import PersonForm
from kim_desktop.ui.main_window import MainWindow
from kim_desktop.ui.widgets.wheel_guard import WheelGuard, install_wheel_guard
from tests.gui.people_fixtures import add_reference


def wheel_down(widget: QWidget) -> None:
    """One notch of the wheel, downwards, over the middle of a widget (as a mouse would send it)."""
    middle = QPointF(widget.rect().center())
    event = QWheelEvent(
        middle,
        QPointF(widget.mapToGlobal(middle)),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def open_form(qtbot: QtBot, ctx: UiContext) -> PersonForm:
    form = PersonForm(ctx)
    form.confirm_discard = lambda: True
    qtbot.addWidget(form)
    form.resize(900, 500)  # short enough that the fields scroll
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    return form


def test_wheel_over_unfocused_inputs_scrolls_the_form_and_changes_nothing(qtbot: QtBot, ui_context: UiContext) -> None:
    install_wheel_guard()  # as the start-up does
    ids = add_reference(ui_context.db)
    with ui_context.db.sessions.begin() as session:
        session.add(Municipality(name="Sandwede", postcodes="49300"))
    form = open_form(qtbot, ui_context)
    fields, scroll = form.fields, form.scroll_area
    assert isinstance(scroll, QScrollArea)
    town = fields.municipality
    town.setCurrentIndex(town.findData(ids["town"]))
    fields.has_permission.setChecked(True)
    fields.family_name.setFocus()
    assert fields.family_name.hasFocus()
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 0

    for widget in (town, fields.permission_kind, fields.school_years, fields.recommended_module):
        assert widget.focusPolicy() == Qt.FocusPolicy.StrongFocus  # a wheel turn does not focus it
        scroll.ensureWidgetVisible(widget)
        bar.setValue(min(bar.value(), bar.maximum() - 40))  # room left to scroll down
        before_value, before_scroll = _value(widget), bar.value()
        wheel_down(widget)
        assert _value(widget) == before_value, widget.objectName()
        assert bar.value() > before_scroll, widget.objectName()

    assert town.currentText() == "Melle"
    town.setFocus()  # focused, the wheel chooses as before
    assert town.hasFocus()
    wheel_down(town)
    assert town.currentText() == "Sandwede"


def _value(widget: QWidget) -> object:
    for name in ("currentIndex", "value", "date"):
        getter = getattr(widget, name, None)
        if callable(getter):
            return getter()
    raise AssertionError(widget)


def test_the_main_window_installs_the_guard_once(main_window: MainWindow) -> None:
    app = QApplication.instance()
    assert app is not None
    assert len(app.findChildren(WheelGuard)) == 1
    assert install_wheel_guard() is app.findChild(WheelGuard)
