"""Where things live: data, config, logs and backups via platformdirs, --data-dir, portable mode, resources."""

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from kim_desktop import APP_NAME, ORG_NAME

PORTABLE_MARKER = "kim-portable.txt"
PORTABLE_FOLDER = "KIM-Daten"


@dataclass(frozen=True)
class AppPaths:
    """The folders the application writes to."""

    data_dir: Path
    config_dir: Path
    log_dir: Path
    backup_dir: Path
    portable: bool = False

    @property
    def database_file(self) -> Path:
        """Default local SQLite database."""
        return self.data_dir / "kim.sqlite"

    @property
    def settings_file(self) -> Path:
        """The settings file (TOML)."""
        return self.config_dir / "einstellungen.toml"

    @property
    def log_file(self) -> Path:
        """The rotating log file."""
        return self.log_dir / "kim-desktop.log"

    def create(self) -> "AppPaths":
        """Create the folders, private to the user."""
        for folder in (self.data_dir, self.config_dir, self.log_dir, self.backup_dir):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self


def executable_dir() -> Path:
    """Folder of the frozen executable, or of the source checkout when run from source."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def resolve_paths(data_dir: Path | None = None, portable: bool | None = None) -> AppPaths:
    """Folders from an explicit --data-dir, portable mode (marker file next to the program) or platformdirs."""
    if data_dir is None and os.environ.get("KIM_DATA_DIR"):
        data_dir = Path(os.environ["KIM_DATA_DIR"])
    if portable is None:
        portable = (executable_dir() / PORTABLE_MARKER).exists()
    if data_dir is None and portable:
        data_dir = executable_dir() / PORTABLE_FOLDER
    if data_dir is not None:
        root = data_dir.expanduser().resolve()
        return AppPaths(root, root / "config", root / "logs", root / "backups", portable=portable)
    dirs = platformdirs.PlatformDirs(APP_NAME, ORG_NAME)
    data = Path(dirs.user_data_dir)
    return AppPaths(data, Path(dirs.user_config_dir), Path(dirs.user_log_dir), data / "backups")


def resources_dir() -> Path:
    """The shipped resources (fonts, icons, letter texts, translations), also inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    """Path of one shipped resource."""
    return resources_dir().joinpath(*parts)
