"""Sign-in and first-start dialogs: right and wrong passwords, the lockout message, the first administrator."""

from datetime import datetime

from pytestqt.qtbot import QtBot

from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Role
from kim_desktop.services.accounts import WRONG_CREDENTIALS, AccountInput, create_first_admin
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.first_admin_dialog import FirstAdminDialog
from kim_desktop.ui.dialogs.sign_in_dialog import SignInDialog, sign_in_flow

NOW = datetime(2026, 3, 2, 9, 0)
PASSWORD = "Verwaltung-2026"


def make_admin(ctx: UiContext) -> Actor:
    with ctx.db.sessions() as session:
        return create_first_admin(session, AccountInput("admin", "Petra Verwalt", Role.ADMIN, PASSWORD), NOW)


def test_first_start_creates_the_administrator(qtbot: QtBot, ui_context: UiContext) -> None:
    signed_in: list[Actor] = []
    dialog = sign_in_flow(ui_context, None, signed_in.append, clock=lambda: NOW)
    qtbot.addWidget(dialog)
    assert isinstance(dialog, FirstAdminDialog)
    dialog.display_name.setText("Petra Verwalt")
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClicks(dialog.repeat, "something-else")
    dialog.submit()
    assert dialog.message.text() == "Die beiden Passwörter stimmen nicht überein."
    dialog.repeat.setText(PASSWORD)
    dialog.submit()
    assert [a.role for a in signed_in] == [Role.ADMIN]
    assert dialog.result() == FirstAdminDialog.DialogCode.Accepted
    second = sign_in_flow(ui_context, None, signed_in.append, clock=lambda: NOW)
    qtbot.addWidget(second)
    assert isinstance(second, SignInDialog)


def test_first_admin_shows_validation(qtbot: QtBot, ui_context: UiContext) -> None:
    dialog = FirstAdminDialog(ui_context, None, clock=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.password.setText("kurz")
    dialog.repeat.setText("kurz")
    dialog.submit()
    assert "mindestens 10 Zeichen" in dialog.message.text()
    assert "Benutzername: bitte angeben." in dialog.message.text()


def test_sign_in_right_and_wrong(qtbot: QtBot, ui_context: UiContext) -> None:
    admin = make_admin(ui_context)
    dialog = SignInDialog(ui_context, None, clock=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClicks(dialog.password, "falsch-falsch")
    dialog.submit()
    assert dialog.message.text() == WRONG_CREDENTIALS
    assert dialog.password.text() == ""
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(dialog.signed_in) as blocker:
        dialog.submit()
    assert blocker.args == [admin]
    assert not dialog.isVisible()


def test_lockout_message(qtbot: QtBot, ui_context: UiContext, monkeypatch: object) -> None:
    make_admin(ui_context)
    import kim_desktop.services.accounts as accounts

    monkeypatch.setattr(accounts._time, "sleep", lambda _s: None)  # type: ignore[attr-defined]
    dialog = SignInDialog(ui_context, None, clock=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.username.setText("admin")
    for _ in range(5):
        dialog.password.setText("falsch-falsch")
        dialog.submit()
    # The lock is not told apart from a wrong password (that would show which names exist); the one answer
    # mentions that accounts lock.
    assert dialog.message.text() == WRONG_CREDENTIALS
    assert "15 Minuten gesperrt" in dialog.message.text()
    dialog.password.setText(PASSWORD)
    dialog.submit()
    assert dialog.message.text() == WRONG_CREDENTIALS
    assert dialog.actor is None


def test_empty_fields_are_not_sent(qtbot: QtBot, ui_context: UiContext) -> None:
    dialog = SignInDialog(ui_context, None, clock=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.submit()
    assert dialog.message.text() == "Bitte Benutzername und Passwort eingeben."
