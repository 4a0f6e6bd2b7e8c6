"""The server login's password lives in the keyring, never in einstellungen.toml; an old file is cleaned up."""

from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from kim_desktop.services.server_passwords import (
    KEYRING_SERVICE,
    PasswordMove,
    move_password_out_of_settings,
    password_missing,
    remember_server,
    url_to_connect,
)
from kim_desktop.settings import Settings, load_settings, save_settings
from tests.integration.encryption_fixtures import use_memory_keyring

SERVER = "postgresql+psycopg://kim_org_jc:Geheim-2026@db.landkreis.example:5432/kim"
BARE = "postgresql+psycopg://kim_org_jc@db.landkreis.example:5432/kim"


def _old_settings_file(tmp_path: Path) -> Path:
    """A settings file as older versions wrote it: the password inside the server URL."""
    path = tmp_path / "einstellungen.toml"
    path.write_text(f'database_url = "{SERVER}"\nlanguage = "de"\n', encoding="utf-8")
    return path


def test_an_old_settings_file_gives_its_password_to_the_keyring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = use_memory_keyring(monkeypatch)
    path = _old_settings_file(tmp_path)
    assert move_password_out_of_settings(path) == PasswordMove.TO_KEYRING
    assert "Geheim-2026" not in path.read_text(encoding="utf-8")
    assert load_settings(path).database_url == BARE
    assert store.store == {(KEYRING_SERVICE, "kim_org_jc@db.landkreis.example:5432/kim"): "Geheim-2026"}
    assert url_to_connect(BARE) == SERVER  # the desk connects with it
    assert move_password_out_of_settings(path) == PasswordMove.NONE  # done once


def test_without_a_keyring_the_password_is_dropped_and_asked_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())
    path = _old_settings_file(tmp_path)
    assert move_password_out_of_settings(path) == PasswordMove.DROPPED
    assert "Geheim-2026" not in path.read_text(encoding="utf-8")
    assert url_to_connect(BARE) == BARE
    assert remember_server(SERVER) == (BARE, False)


def test_saving_settings_never_writes_a_server_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_memory_keyring(monkeypatch)
    path = tmp_path / "einstellungen.toml"
    assert remember_server(SERVER) == (BARE, True)
    save_settings(path, Settings(database_url=SERVER))  # even a caller that forgets: the file gets none
    assert "Geheim-2026" not in path.read_text(encoding="utf-8")
    assert url_to_connect(load_settings(path).database_url) == SERVER


def test_local_files_and_urls_with_a_password_are_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    use_memory_keyring(monkeypatch)
    assert url_to_connect("sqlite:////tmp/kim.sqlite") == "sqlite:////tmp/kim.sqlite"
    assert url_to_connect(SERVER) == SERVER
    assert not password_missing("sqlite:////tmp/kim.sqlite")
    assert not password_missing(SERVER)
