"""What every page and dialog gets handed: the database, folders, settings, task runner and events."""

from dataclasses import dataclass

from kim_desktop.paths import AppPaths
from kim_desktop.services.database import OpenDatabase
from kim_desktop.settings import Settings
from kim_desktop.ui.events import AppEvents
from kim_desktop.ui.tasks import TaskRunner


@dataclass
class UiContext:
    """Wiring made once in app.py and passed down (no global singletons)."""

    db: OpenDatabase
    paths: AppPaths
    settings: Settings
    tasks: TaskRunner
    events: AppEvents
