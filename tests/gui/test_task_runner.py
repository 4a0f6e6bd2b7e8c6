"""The worker thread of the GUI: results on the GUI thread, and nothing of the GUI finalised on the worker."""

import sys
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QProgressDialog, QWidget
from pytestqt.qtbot import QtBot

from kim_desktop.ui.tasks import ThreadTaskRunner

TASKS = 30


class Callback:
    """A callback that records where it was called and which thread let go of it last."""

    def __init__(self, called: list[str], released: list[str]) -> None:
        self.called, self.released = called, released

    def __call__(self, _value: object) -> None:
        self.called.append(threading.current_thread().name)

    def __del__(self) -> None:
        self.released.append(threading.current_thread().name)


@pytest.fixture
def busy_switching() -> Iterator[None]:
    """Threads switch as often as possible: a race between the worker and the GUI thread shows at once."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


@pytest.mark.usefixtures("busy_switching")
def test_callbacks_and_progress_are_called_and_let_go_of_on_the_gui_thread(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = ThreadTaskRunner()
    called: list[str] = []
    released: list[str] = []

    def work(n: int) -> int:
        if n % 2:
            raise ValueError(n)
        return n

    for n in range(TASKS):
        runner.run(lambda n=n: work(n), Callback(called, released), Callback(called, released), "", parent)
    qtbot.waitUntil(lambda: len(called) == TASKS)
    runner.shutdown()  # the worker has let go of everything it held

    assert called == ["MainThread"] * TASKS
    # The callbacks are held where the progress dialog and its timer are: a Qt object finalised on the worker
    # thread (its last reference dropped there after the GUI thread had taken the result) crashed Qt.
    assert released == ["MainThread"] * (2 * TASKS)
    # the progress dialogs are deleted, not just closed: they do not pile up in the parent
    qtbot.waitUntil(lambda: not parent.findChildren(QProgressDialog))


def test_a_result_reaches_its_own_callback_in_order(qtbot: QtBot) -> None:
    runner = ThreadTaskRunner()
    results: list[tuple[str, object]] = []
    runner.run(lambda: 1, lambda value: results.append(("ok", value)))
    runner.run(lambda: 1 / 0, lambda value: results.append(("ok", value)), lambda exc: results.append(("x", exc)))
    runner.run(lambda: "three", lambda value: results.append(("ok", value)))
    qtbot.waitUntil(lambda: len(results) == 3)
    runner.shutdown()

    assert [kind for kind, _value in results] == ["ok", "x", "ok"]
    assert results[0][1] == 1 and isinstance(results[1][1], ZeroDivisionError) and results[2][1] == "three"
    assert runner._tasks == {}
