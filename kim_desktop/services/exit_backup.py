"""The backup made when the window closes: its outcome is kept, so the next start can say if it failed."""

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kim_desktop.domain.errors import KimError
from kim_desktop.domain.text import N_, Text
from kim_desktop.paths import AppPaths
from kim_desktop.services.backups import BackupOutcome, automatic_backup, last_good_backup
from kim_desktop.settings import Settings
from kim_desktop.whole_files import write_whole_text

log = logging.getLogger(__name__)
NOTE_FILE = "sicherung-beim-beenden.json"


@dataclass(frozen=True)
class ExitBackupNote:
    """When the window last closed, whether its backup worked, and if not why (no personal data)."""

    at: datetime
    ok: bool
    detail: str


def note_path(paths: AppPaths) -> Path:
    """Where the note lives: in the data folder, beside the database (the backup folder may be what failed)."""
    return paths.data_dir / NOTE_FILE


def back_up_on_exit(paths: AppPaths, settings: Settings, url: str) -> ExitBackupNote:
    """Back up now (forced) and keep the outcome; never raises for an expected failure (the window is closing)."""
    now = datetime.now().replace(microsecond=0)
    try:
        outcome: BackupOutcome | None = automatic_backup(paths, settings, url, force=True)
    except (KimError, OSError) as exc:
        log.warning("backup on exit failed: %s", type(exc).__name__)
        note = ExitBackupNote(now, False, str(exc))
    else:
        if outcome is not None:
            log.info("backup on exit: %s", outcome.primary.path.name)
        note = ExitBackupNote(now, True, outcome.primary.path.name if outcome is not None else "")
    _write(note_path(paths), note)
    return note


def _write(path: Path, note: ExitBackupNote) -> None:
    """Write the note atomically; a note that cannot be written is logged, not raised."""
    try:
        write_whole_text(path, json.dumps({"at": note.at.isoformat(), "ok": note.ok, "detail": note.detail}))
    except OSError as exc:
        log.warning("backup-on-exit note not written: %s", type(exc).__name__)


def last_exit_backup(paths: AppPaths) -> ExitBackupNote | None:
    """The note of the last closing, None if there is none or it cannot be read."""
    try:
        data = json.loads(note_path(paths).read_text("utf-8"))
        return ExitBackupNote(datetime.fromisoformat(data["at"]), bool(data["ok"]), str(data.get("detail", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def exit_backup_warning(paths: AppPaths) -> Text | None:
    """A warning for the status line when the backup at the last closing failed and none succeeded since."""
    note = last_exit_backup(paths)
    if note is None or note.ok:
        return None
    last = last_good_backup(paths.backup_dir)
    if last is not None and last.created_at >= note.at:
        return None
    return Text(
        N_("Achtung: Die Sicherung beim letzten Beenden ({at:%d.%m.%Y %H:%M}) ist fehlgeschlagen: {why}"),
        at=note.at,
        why=note.detail,
    )
