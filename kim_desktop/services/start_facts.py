"""What the start dialogs need to know of a freshly opened database: first start or not, the idle-lock time."""

from dataclasses import dataclass

from kim_desktop.services.accounts import needs_first_admin
from kim_desktop.services.database import OpenDatabase
from kim_desktop.services.rules import load_rules


@dataclass(frozen=True)
class StartFacts:
    """first_start: no account yet (the first administrator is set up); the rules table's idle-lock minutes."""

    first_start: bool
    idle_lock_minutes: float


def start_facts(db: OpenDatabase) -> StartFacts:
    """Read both, each in a session of its own (for the worker thread of the start)."""
    with db.sessions() as session:
        first_start = needs_first_admin(session)
    with db.sessions() as session, session.begin():
        minutes = load_rules(session).float("idle_lock_minutes")
    return StartFacts(first_start, minutes)
