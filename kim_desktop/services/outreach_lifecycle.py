"""The copy on the laptop after a sync: refreshed for the next outing (same selection, same passphrase) or deleted."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kim_desktop.db.cipher import key_for
from kim_desktop.db.engine import sqlite_url
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.errors import Conflict
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.outreach_copy import CopyTaken, copy_info, take_outreach_copy
from kim_desktop.services.outreach_dto import CopyInfo
from kim_desktop.services.outreach_sync import confirm, discard_copy, office_session
from kim_desktop.services.passphrase_store import forget_passphrase


@dataclass(frozen=True)
class CopyState:
    """What the laptop's copy holds: its marker and how many operations have not reached the office yet."""

    copy: CopyInfo
    still_open: int


def copy_state(path: Path) -> CopyState:
    """Open the copy file (its key must be unlocked in this process) and read its marker and open operations."""
    from kim_desktop.services.database import open_database

    if not path.exists():
        raise Conflict(Text(N_("Die Kopie {path} gibt es nicht (mehr)."), path=path.name))
    db = open_database(sqlite_url(path), None)
    try:
        with db.sessions() as session:
            info = copy_info(session)
        if info is None:
            raise Conflict(Text(N_("Diese Datenbank ist keine Außentermin-Kopie.")))
        with db.sessions() as session:
            return CopyState(info, confirm(session, ()))
    finally:
        db.close()


def _settled(path: Path, actor: Actor | None) -> CopyState:
    if actor is not None:
        require(actor, Action.EDIT_CASES)
    state = copy_state(path)
    if state.still_open:
        raise Conflict(
            Text(N_("{n} Vorgänge sind noch nicht im Büro angekommen: bitte zuerst abgleichen."), n=state.still_open)
        )
    return state


def delete_copy(path: Path, *, actor: Actor | None = None) -> CopyInfo:
    """Remove the copy (overwritten, then deleted) and its key once everything in it has reached the office."""
    state = _settled(path, actor)
    discard_copy(path, 0)
    forget_passphrase(path)
    return state.copy


def refresh_copy(path: Path, office_url: str, *, actor: Actor | None = None, now: datetime | None = None) -> CopyTaken:
    """Take the same municipalities again from the office into the same file, under the same passphrase.

    Only once nothing of the old copy waits for the office; valid for as many days as the old copy was.
    """
    state = _settled(path, actor)
    key = key_for(path)
    old = state.copy
    days = max(1, (old.expires_at - old.taken_at).days)
    with office_session(office_url) as office:
        discard_copy(path, 0)  # the old copy goes only once the office is reached
        return take_outreach_copy(
            office, path, municipality_ids=old.municipality_ids, office=old.office, laptop=old.laptop, days=days,
            passphrase=key.passphrase if key else None, actor=actor, now=now,
        )  # fmt: skip
