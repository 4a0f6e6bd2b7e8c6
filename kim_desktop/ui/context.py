"""What every page and dialog gets handed: the database, folders, settings, task runner, events, the actor."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kim_desktop.domain.access import Action, Actor, may
from kim_desktop.paths import AppPaths
from kim_desktop.settings import Settings
from kim_desktop.ui.events import AppEvents

if TYPE_CHECKING:  # the start-up dialogs use this module before SQLAlchemy (and Qt's enums, ui/tasks) load
    from kim_desktop.services.database import OpenDatabase
    from kim_desktop.ui.tasks import TaskRunner


@dataclass
class UiContext:
    """Wiring made once in app.py and passed down (no global singletons)."""

    db: "OpenDatabase"
    paths: AppPaths
    settings: Settings
    tasks: "TaskRunner"
    events: AppEvents
    actor: Actor | None = None  # the signed-in person; None only where a test or script builds the window

    def shows(self, action: Action) -> bool:
        """Whether the screen offers the action: the actor's role permits it, or nobody signed in (tests)."""
        return self.actor is None or may(self.actor, action)
