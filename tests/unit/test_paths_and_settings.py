import stat
from pathlib import Path

import pytest

from kim_desktop.paths import PORTABLE_FOLDER, resolve_paths, resource
from kim_desktop.settings import OfficeProfile, Settings, SettingsError, load_settings, save_settings


def test_data_dir_override_puts_everything_below_it(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "daten", portable=False).create()
    assert paths.database_file == tmp_path / "daten" / "kim.sqlite"
    assert paths.settings_file.parent == tmp_path / "daten" / "config"
    assert paths.log_dir == tmp_path / "daten" / "logs"
    assert paths.backup_dir == tmp_path / "daten" / "backups"
    assert stat.S_IMODE(paths.data_dir.stat().st_mode) == 0o700


def test_portable_mode_keeps_data_next_to_the_program() -> None:
    paths = resolve_paths(None, portable=True)
    assert paths.portable
    assert paths.data_dir.name == PORTABLE_FOLDER


def test_platform_folders_by_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("KIM_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    paths = resolve_paths(None, portable=False)
    assert str(paths.data_dir).startswith(str(tmp_path / "xdg-data"))


def test_resources_are_found() -> None:
    assert resource("icons", "kim-desktop.svg").is_file()


def test_settings_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "einstellungen.toml"
    settings = Settings(
        database_url="postgresql+psycopg://kim@server/kim",
        language="en",
        office=OfficeProfile(name="Integrationsbüro Musterland", phone="05401 123-0", opening_hours="Mo–Fr 8–12"),
    )
    save_settings(path, settings)
    assert load_settings(path) == settings
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_missing_settings_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.toml") == Settings()


def test_broken_settings_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "einstellungen.toml"
    path.write_text("database_url = 'unterminated\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"einstellungen\.toml"):
        load_settings(path)


def test_unknown_keys_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "einstellungen.toml"
    path.write_text('language = "de"\nfuture_option = 1\n[office]\nname = "Amt"\ncolour = "blau"\n', encoding="utf-8")
    assert load_settings(path).office.name == "Amt"


def test_effective_database_url_defaults_to_local_file(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path, portable=False)
    assert Settings().effective_database_url(paths) == f"sqlite:///{tmp_path / 'kim.sqlite'}"
