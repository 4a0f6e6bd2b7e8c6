"""GUI fixtures: a main window on a fresh database, with background work run synchronously."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kim_desktop.paths import resolve_paths
from kim_desktop.services.database import OpenDatabase
from kim_desktop.settings import Settings
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import AppEvents
from kim_desktop.ui.main_window import MainWindow
from kim_desktop.ui.screen_fit import install_screen_fit
from kim_desktop.ui.tasks import SyncTaskRunner
from kim_desktop.ui.widgets.wheel_guard import install_wheel_guard


@pytest.fixture(autouse=True, scope="session")
def app_wide_filters(qapp: QApplication) -> None:
    """The event filters the application installs at start: every GUI test runs with them, whatever ran first.

    The wheel guard (inputs take the wheel only when focused) and the screen fit (a dialog shrinks to its screen).
    """
    install_wheel_guard(qapp)
    install_screen_fit(qapp)


@pytest.fixture
def ui_context(sqlite_database: OpenDatabase, tmp_path: Path) -> UiContext:
    """Context for pages and dialogs: real database, synchronous task runner."""
    paths = resolve_paths(tmp_path / "data", portable=False).create()
    return UiContext(db=sqlite_database, paths=paths, settings=Settings(), tasks=SyncTaskRunner(), events=AppEvents())


@pytest.fixture
def main_window(qtbot: QtBot, ui_context: UiContext) -> Iterator[MainWindow]:
    """The main window, shown."""
    window = MainWindow(ui_context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window


@pytest.fixture(autouse=True)
def no_modal_message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A test never blocks on a modal box: static QMessageBox calls answer at once and are recorded.

    A question gets 'Discard' (so a dirty form closed at teardown lets go; a Yes/No question reads it as No).
    """
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def answer(default: QMessageBox.StandardButton) -> object:
        def static(_parent: object, _title: str, text: str, *_args: object, **_kwargs: object) -> object:
            asked.append(text)
            return default

        return staticmethod(static)

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Discard))
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, answer(QMessageBox.StandardButton.Ok))
    return asked
