"""Idle lock with a fake clock: locks after the idle time, input keeps it open, unlocking keeps unsaved input."""

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMainWindow, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Role
from kim_desktop.services.accounts import WRONG_CREDENTIALS, AccountInput, create_first_admin
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.idle_lock import IdleLock

NOW = datetime(2026, 3, 2, 9, 0)
PASSWORD = "Verwaltung-2026"


class FakeClock:
    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds


@pytest.fixture
def window(qtbot: QtBot) -> tuple[QMainWindow, QLineEdit]:
    window = QMainWindow()
    form = QWidget()
    field = QLineEdit()
    field.setObjectName("unsavedField")
    QVBoxLayout(form).addWidget(field)
    window.setCentralWidget(form)
    window.resize(600, 400)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, field


@pytest.fixture
def lock(ui_context: UiContext, window: tuple[QMainWindow, QLineEdit]) -> tuple[IdleLock, FakeClock]:
    with ui_context.db.sessions() as session:
        actor = create_first_admin(session, AccountInput("admin", "Petra Verwalt", Role.ADMIN, PASSWORD), NOW)
    clock = FakeClock()
    idle = IdleLock(window[0], ui_context, actor, 10, clock=clock, now=lambda: NOW, check_interval_ms=60_000)
    yield idle, clock
    idle.stop()


def test_locks_after_idle_time_and_keeps_the_form(
    qtbot: QtBot, window: tuple[QMainWindow, QLineEdit], lock: tuple[IdleLock, FakeClock]
) -> None:
    main, field = window
    idle, clock = lock
    qtbot.keyClicks(field, "Haddad")
    clock.seconds += 9 * 60
    idle.check()
    assert not idle.is_locked
    qtbot.keyClick(field, Qt.Key.Key_A)  # input restarts the idle time
    clock.seconds += 9 * 60
    idle.check()
    assert not idle.is_locked
    clock.seconds += 60
    with qtbot.waitSignal(idle.locked):
        idle.check()
    overlay = idle.overlay
    assert overlay is not None and overlay.isVisible()
    assert overlay.geometry() == main.rect()
    qtbot.keyClicks(field, "xyz")  # swallowed while locked
    assert field.text() == "Haddada"
    qtbot.keyClicks(overlay.password, "falsch-falsch")
    qtbot.mouseClick(overlay.button, Qt.MouseButton.LeftButton)
    assert idle.is_locked
    assert overlay.message.text() == WRONG_CREDENTIALS
    qtbot.keyClicks(overlay.password, PASSWORD)
    with qtbot.waitSignal(idle.unlocked):
        qtbot.keyClick(overlay.password, Qt.Key.Key_Return)
    assert not idle.is_locked
    assert field.text() == "Haddada" and field.isVisible()
    clock.seconds += 5 * 60
    idle.check()
    assert not idle.is_locked  # the idle time starts again after unlocking


def test_overlay_follows_the_window_size(
    qtbot: QtBot, window: tuple[QMainWindow, QLineEdit], lock: tuple[IdleLock, FakeClock]
) -> None:
    main, _field = window
    idle, _clock = lock
    idle.lock()
    main.resize(800, 500)
    qtbot.waitUntil(lambda: idle.overlay is not None and idle.overlay.geometry() == main.rect())


def test_actor_type(lock: tuple[IdleLock, FakeClock]) -> None:
    assert isinstance(lock[0].actor, Actor)
