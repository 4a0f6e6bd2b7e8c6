"""Typed settings of one desk, kept in a TOML file: database, language, office letterhead, backups."""

import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import tomli_w

from kim_desktop.domain.errors import KimError
from kim_desktop.paths import AppPaths
from kim_desktop.whole_files import write_whole


class SettingsError(KimError):
    """The settings file cannot be read; names the file and the problem."""


@dataclass(frozen=True)
class OfficeProfile:
    """The office's letterhead, printed on every letter."""

    name: str = "Integrationsbüro"
    department: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    opening_hours: str = ""
    logo_path: str = ""


@dataclass(frozen=True)
class Settings:
    """Settings of this desk. An empty database_url means the local SQLite file in the data folder."""

    database_url: str = ""
    language: str = "de"
    second_backup_dir: str = ""
    last_printer: str = ""
    paper_size: str = "A4"
    office: OfficeProfile = field(default_factory=OfficeProfile)

    def effective_database_url(self, paths: AppPaths) -> str:
        """The URL to connect to."""
        from kim_desktop.db.engine import sqlite_url  # SQLAlchemy: not before the first window has shown

        return self.database_url or sqlite_url(paths.database_file)


def _known(cls: type, raw: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in raw.items() if k in names}


def load_settings(path: Path) -> Settings:
    """Read the settings file; a missing file gives the defaults, a broken one a SettingsError."""
    if not path.exists():
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"Die Einstellungsdatei {path} ist fehlerhaft: {exc}") from exc
    office = OfficeProfile(**{k: str(v) for k, v in _known(OfficeProfile, raw.pop("office", {})).items()})
    values = {k: str(v) for k, v in _known(Settings, raw).items() if k != "office"}
    return replace(Settings(**values), office=office)  # type: ignore[arg-type]  # all remaining fields are str


def _without_password(url: str) -> str:
    """A server URL as it may be stored: its password lives in the keyring (services/server_passwords.py)."""
    if "@" not in url:
        return url
    import sqlalchemy as sa  # only when a server URL is saved

    parsed = sa.make_url(url)
    return url if parsed.password is None else parsed._replace(password=None).render_as_string(hide_password=False)


def save_settings(path: Path, settings: Settings) -> None:
    """Write the settings file atomically and private to the user; never with a server password in it."""
    settings = replace(settings, database_url=_without_password(settings.database_url))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_whole(path, tomli_w.dumps(asdict(settings)).encode("utf-8"))
