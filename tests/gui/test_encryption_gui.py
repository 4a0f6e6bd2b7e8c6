from pathlib import Path

import keyring.core
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from kim_desktop.db.cipher import DatabaseKey, forget_key, key_for
from kim_desktop.db.engine import sqlite_path, sqlite_url
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Role
from kim_desktop.services.backups import backup_database
from kim_desktop.services.encryption import PlainBackups, encrypt_database
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.passphrase_dialog import PassphraseDialog, unlock_at_start
from kim_desktop.ui.pages.settings_database_tab import DatabaseTab
from tests.integration.encryption_fixtures import (
    PASSPHRASE,
    add_known_person,
    assert_not_plain_sqlite,
    clear_unlocked_keys,
    use_memory_keyring,
)


@pytest.fixture(autouse=True)
def _no_key_unlocked(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_unlocked_keys(monkeypatch)


def _encrypted_file(ctx: UiContext) -> Path:
    path = sqlite_path(ctx.db.url)
    assert path is not None
    add_known_person(ctx.db)
    ctx.db.close()
    encrypt_database(path, PASSPHRASE)
    forget_key(path)  # as at the next start: nothing unlocked yet
    return path


def test_passphrase_dialog_retries_after_a_wrong_passphrase(qtbot: QtBot, ui_context: UiContext) -> None:
    path = _encrypted_file(ui_context)
    before = path.read_bytes()
    dialog = PassphraseDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()

    qtbot.keyClicks(dialog.passphrase, "falsche-passphrase")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)

    assert "Passphrase ist falsch" in dialog.message.text()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.passphrase.text() == ""
    assert key_for(path) is None and path.read_bytes() == before

    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert key_for(path) == DatabaseKey(PASSPHRASE)


def test_start_takes_the_passphrase_from_the_keyring(ui_context: UiContext, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _encrypted_file(ui_context)
    keyring = use_memory_keyring(monkeypatch)
    keyring.set_password("KIM Desktop Datenbank", str(path.resolve()), PASSPHRASE)

    assert unlock_at_start(sqlite_url(path))  # no dialog: it would block this test

    assert key_for(path) == DatabaseKey(PASSPHRASE)


def _answer_yes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Yes))


def test_settings_group_encrypts_and_decrypts(
    qtbot: QtBot, ui_context: UiContext, monkeypatch: pytest.MonkeyPatch, no_modal_message_boxes: list[str]
) -> None:
    path = sqlite_path(ui_context.db.url)
    assert path is not None
    add_known_person(ui_context.db)
    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())  # a machine without a keyring
    tab = DatabaseTab(ui_context)
    qtbot.addWidget(tab)
    tab.show()
    box = tab.encryption
    assert box.isVisible()
    assert "nicht verschlüsselt" in box.state.text()
    assert box.encrypt_button.isVisible() and not box.decrypt_button.isVisible()
    assert not box.keyring.isEnabled() and "Kein Schlüsselbund" in box.keyring.text()  # said, not offered

    qtbot.keyClicks(box.passphrase, PASSPHRASE)
    qtbot.keyClicks(box.repeat, PASSPHRASE + "x")
    qtbot.mouseClick(box.encrypt_button, Qt.MouseButton.LeftButton)
    assert "stimmen nicht überein" in box.message.text()
    assert path.read_bytes().startswith(b"SQLite format 3\x00")

    box.repeat.clear()
    qtbot.keyClicks(box.repeat, PASSPHRASE)
    _answer_yes(monkeypatch)
    qtbot.mouseClick(box.encrypt_button, Qt.MouseButton.LeftButton)

    assert "jetzt verschlüsselt" in box.message.text()
    assert_not_plain_sqlite(path)
    assert any("neu starten" in text for text in no_modal_message_boxes)
    assert "ist verschlüsselt" in box.state.text()
    assert ui_context.db.description.startswith("Lokale Datei (verschlüsselt): ")
    assert box.decrypt_button.isVisible() and not box.encrypt_button.isVisible()

    box.setEnabled(True)  # as after the restart
    qtbot.keyClicks(box.passphrase, "falsche-passphrase")
    qtbot.mouseClick(box.decrypt_button, Qt.MouseButton.LeftButton)
    assert "Passphrase ist falsch" in box.message.text()
    assert_not_plain_sqlite(path)

    qtbot.keyClicks(box.passphrase, PASSPHRASE)
    qtbot.mouseClick(box.decrypt_button, Qt.MouseButton.LeftButton)
    assert "jetzt unverschlüsselt" in box.message.text()
    assert path.read_bytes().startswith(b"SQLite format 3\x00")


def test_settings_group_is_for_administration_only(qtbot: QtBot, ui_context: UiContext) -> None:
    ui_context.actor = Actor(advisor_id=1, display_name="Lesende", role=Role.READER)
    tab = DatabaseTab(ui_context)
    qtbot.addWidget(tab)
    tab.show()
    assert not tab.encryption.isVisible()


def test_settings_group_offers_to_encrypt_remaining_plain_backups(qtbot: QtBot, ui_context: UiContext) -> None:
    path = sqlite_path(ui_context.db.url)
    assert path is not None
    add_known_person(ui_context.db)
    plain = backup_database(ui_context.db.url, ui_context.paths.backup_dir).primary.path
    ui_context.db.engine.dispose()
    encrypt_database(path, PASSPHRASE, [ui_context.paths.backup_dir], PlainBackups.KEEP)
    tab = DatabaseTab(ui_context)
    qtbot.addWidget(tab)
    tab.show()
    box = tab.encryption
    assert "1 ältere Sicherung(en) sind noch unverschlüsselt" in box.state.text()
    assert box.backups_encrypt_button.isVisible()

    qtbot.mouseClick(box.backups_encrypt_button, Qt.MouseButton.LeftButton)

    assert "1 ältere Sicherung(en) verschlüsselt" in box.message.text()
    assert_not_plain_sqlite(plain)
    assert not box.backups_encrypt_button.isVisible()
