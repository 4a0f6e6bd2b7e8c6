"""The operations layer: the session opened on the worker, one error path, one announcement of what changed."""

import threading
from dataclasses import replace

import pytest
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text
from sqlalchemy.orm import Session

from kim_desktop.domain.errors import KimError
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.operations import in_session, run_operation, run_task, show_expected_error
from kim_desktop.ui.tasks import ThreadTaskRunner


def test_the_work_gets_a_session_and_the_change_is_announced_once_before_the_result(ui_context: UiContext) -> None:
    seen: list[object] = []
    ui_context.events.data_changed.connect(lambda kind: seen.append(("changed", kind)))

    def work(session: Session) -> int:
        seen.append(("session", isinstance(session, Session)))
        return int(session.execute(text("select 41 + 1")).scalar_one())

    run_operation(ui_context, work, lambda result: seen.append(("result", result)), changed=DataKind.COURSES)

    assert seen == [("session", True), ("changed", DataKind.COURSES), ("result", 42)]


def test_an_expected_error_becomes_the_label_s_text_and_announces_nothing(ui_context: UiContext, qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    label.hide()
    changes: list[str] = []
    failures: list[BaseException] = []
    ui_context.events.data_changed.connect(changes.append)

    def work(_session: Session) -> None:
        raise KimError("Der Kurs ist voll.")

    run_operation(ui_context, work, lambda _r: None, errors=label, changed=DataKind.COURSES, on_failure=failures.append)

    assert label.text() == "Der Kurs ist voll." and not label.isHidden()
    assert changes == [] and isinstance(failures[0], KimError)


def test_without_a_label_the_message_goes_to_a_box_on_the_parent(
    ui_context: UiContext, qtbot: QtBot, no_modal_message_boxes: list[str]
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def work(_session: Session) -> None:
        raise KimError("Nicht erlaubt.")

    run_operation(ui_context, work, lambda _r: None, parent=parent)

    assert no_modal_message_boxes == ["Nicht erlaubt."]


def test_a_function_can_take_the_message(ui_context: UiContext) -> None:
    messages: list[str] = []

    def work() -> None:
        raise OSError("Datenträger voll")

    run_task(ui_context, work, lambda _r: None, errors=messages.append, expected=(OSError,))

    assert messages == ["Datenträger voll"]


def test_a_bug_is_reraised_for_the_crash_dialog_and_on_failure_never_sees_it(ui_context: UiContext) -> None:
    failures: list[BaseException] = []
    label = QLabel()

    def work(_session: Session) -> None:
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        run_operation(ui_context, work, lambda _r: None, errors=label, on_failure=failures.append)
    assert failures == [] and label.text() == ""


def test_an_expected_error_with_nowhere_to_go_is_reraised() -> None:
    with pytest.raises(KimError):
        show_expected_error(KimError("x"))


def test_in_session_opens_a_fresh_session_each_time_it_runs(ui_context: UiContext) -> None:
    sessions: list[Session] = []
    bound = in_session(ui_context, sessions.append)

    bound()
    bound()

    assert len(sessions) == 2 and sessions[0] is not sessions[1]


def test_the_session_is_opened_on_the_worker_thread(ui_context: UiContext, qtbot: QtBot) -> None:
    runner = ThreadTaskRunner()
    ctx = replace(ui_context, tasks=runner)
    threads: list[str] = []
    results: list[str] = []

    def work(session: Session) -> str:
        threads.append(threading.current_thread().name)
        session.execute(text("select 1"))
        return threading.current_thread().name

    run_operation(ctx, work, results.append)
    qtbot.waitUntil(lambda: len(results) == 1)
    runner.shutdown()

    assert threads[0].startswith("kim-db") and results == threads
