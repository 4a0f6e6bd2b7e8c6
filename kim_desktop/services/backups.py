"""Backups of the local database: verified copies into the backup folder (and a second one), rotation, status."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from kim_desktop import __version__
from kim_desktop.db.backup import BackupInfo as BackupInfo  # re-exported: the screens list backups by it
from kim_desktop.db.backup import BackupInvalid, delete_backup, list_backups, make_verified_backup
from kim_desktop.db.cipher import database_errors
from kim_desktop.db.engine import sqlite_path
from kim_desktop.domain.backup_rotation import RotationPolicy, backups_to_delete
from kim_desktop.domain.errors import KimError
from kim_desktop.domain.rules_table import Rules
from kim_desktop.domain.text import N_, Text
from kim_desktop.paths import AppPaths
from kim_desktop.services.storage import storage_problem_message
from kim_desktop.settings import Settings

# Only these kinds take part in the rotation; copies made before an update or a restore are kept.
ROTATED_KINDS = frozenset({"automatisch", "manuell"})
AUTOMATIC_INTERVAL = timedelta(hours=20)


class BackupFailed(KimError):  # noqa: N818 - reads like the other KimErrors
    """A backup could not be written or verified; the message names the folder and the reason."""


@dataclass(frozen=True)
class BackupOutcome:
    """What a backup run did: the verified copy, the copy in the second folder, what the rotation removed."""

    primary: BackupInfo
    second: BackupInfo | None
    second_error: str | None
    removed: tuple[Path, ...]

    def message(self) -> str:
        """German summary for the CLI and a notification."""
        lines = [f"Sicherung geprüft und gespeichert: {self.primary.path}", f"Inhalt: {self.primary.summary()}"]
        if self.second is not None:
            lines.append(f"Zweite Kopie: {self.second.path}")
        if self.second_error:
            lines.append(f"Achtung: {self.second_error}")
        if self.removed:
            lines.append(f"{len(self.removed)} ältere Sicherung(en) nach der Aufbewahrungsregel entfernt.")
        return "\n".join(lines)


def local_database_file(url: str) -> Path:
    """The SQLite file behind a URL; a server database is backed up on the server (pg_dump), not here."""
    path = sqlite_path(url)
    if path is None:
        raise BackupFailed(
            Text(
                N_(
                    "Die Datenbank liegt auf einem Server. Sie wird dort gesichert (pg_dump, siehe Handbuch "
                    "„Datensicherheit“), nicht von diesem Arbeitsplatz aus."
                )
            )
        )
    if not path.exists():
        raise BackupFailed(Text(N_("Die Datenbank {path} gibt es nicht; es gibt nichts zu sichern."), path=path))
    return path


def backup_into(source: Path, folder: Path, kind: str, now: datetime | None = None) -> BackupInfo:
    """One verified backup into one folder; a full, read-only or missing folder gives a BackupFailed."""
    try:
        return make_verified_backup(source, folder, "kim", kind, __version__, now)
    except BackupInvalid as exc:
        raise BackupFailed(exc.text) from exc
    except database_errors(OSError) as exc:
        message = storage_problem_message(exc, folder, Text(N_("Die Sicherung wurde nicht gespeichert.")))
        if message is None and not isinstance(exc, OSError):
            message = Text(N_("Die Sicherung nach {folder} ist fehlgeschlagen: {error}"), folder=folder, error=str(exc))
        if message is None:
            raise
        raise BackupFailed(message) from exc


DEFAULT_POLICY = RotationPolicy()


def rotate_backups(folder: Path, policy: RotationPolicy = DEFAULT_POLICY) -> tuple[Path, ...]:
    """Delete automatic and manual backups the rotation (7 daily, 4 weekly, 12 monthly) does not keep."""
    rotated = sorted(
        (info for info in list_backups(folder) if info.kind in ROTATED_KINDS), key=_made_order, reverse=True
    )
    doomed = backups_to_delete([info.created_at for info in rotated], policy)
    removed = []
    stamps_kept: set[datetime] = set()
    for info in rotated:  # newest first: of several backups made in the same second, the last one made stays
        if info.created_at in doomed or info.created_at in stamps_kept:
            delete_backup(info)
            removed.append(info.path)
        else:
            stamps_kept.add(info.created_at)
    return tuple(removed)


def _made_order(info: BackupInfo) -> tuple[datetime, int]:
    """When a backup was made; a second backup in the same second has the name suffix '-2', '-3', ..."""
    _base, dash, number = info.path.stem.rpartition("-")
    return info.created_at, int(number) if dash and number.isdigit() and len(number) < 6 else 1


def backup_database(
    url: str, backup_dir: Path, second_dir: Path | None = None, kind: str = "manuell", now: datetime | None = None
) -> BackupOutcome:
    """Back up the local database into backup_dir and, if given, second_dir; rotate both folders."""
    source = local_database_file(url)
    primary = backup_into(source, backup_dir, kind, now)
    removed = rotate_backups(backup_dir)
    second: BackupInfo | None = None
    second_error: str | None = None
    if second_dir is not None:
        try:
            second = backup_into(source, second_dir, kind, now)
            removed += rotate_backups(second_dir)
        except BackupFailed as exc:  # the first copy is safe; the second folder (USB stick) may be missing
            second_error = str(exc)
    return BackupOutcome(primary, second, second_error, removed)


def second_backup_dir(settings: Settings) -> Path | None:
    """The optional second folder from the settings."""
    return Path(settings.second_backup_dir).expanduser() if settings.second_backup_dir.strip() else None


def backup_now(paths: AppPaths, settings: Settings, url: str | None = None, kind: str = "manuell") -> BackupOutcome:
    """Back up the configured local database into the backup folder and the second folder from the settings."""
    return backup_database(
        url or settings.effective_database_url(paths), paths.backup_dir, second_backup_dir(settings), kind
    )


def backup_due(backup_dir: Path, now: datetime | None = None, interval: timedelta = AUTOMATIC_INTERVAL) -> bool:
    """Whether the automatic backup should run (no good backup within the interval)."""
    last = last_good_backup(backup_dir)
    return last is None or (now or datetime.now()) - last.created_at >= interval


def automatic_backup(
    paths: AppPaths, settings: Settings, url: str | None = None, force: bool = False
) -> BackupOutcome | None:
    """The daily (or on-exit, with force) backup; None when the database is on a server or one is recent enough."""
    effective = url or settings.effective_database_url(paths)
    if sqlite_path(effective) is None:
        return None
    if not force and not backup_due(paths.backup_dir):
        return None
    return backup_now(paths, settings, effective, kind="automatisch")


def last_good_backup(backup_dir: Path) -> BackupInfo | None:
    """The newest verified backup in a folder (from the sidecars, without opening any database)."""
    return next((info for info in list_backups(backup_dir) if info.verified and info.path.exists()), None)


def available_backups(paths: AppPaths, settings: Settings) -> list[BackupInfo]:
    """Every verified backup in the backup folder and the second folder, newest first (for a restore dialog)."""
    folders = [paths.backup_dir]
    second = second_backup_dir(settings)
    if second is not None:
        folders.append(second)
    found = [info for folder in folders for info in list_backups(folder) if info.verified]
    return sorted(found, key=lambda info: info.created_at, reverse=True)


def backup_status_text(
    paths: AppPaths,
    settings: Settings,
    now: datetime | None = None,
    warn_after_days: int | None = None,
    url: str | None = None,
) -> Text:
    """Status line: when the last good backup was made, or a warning ("Achtung: …") when too old or missing."""
    if sqlite_path(url or settings.effective_database_url(paths)) is None:
        return Text(N_("Serverdatenbank: Sicherung auf dem Server (pg_dump)"))
    days = warn_after_days if warn_after_days is not None else Rules.defaults().int("backup_warn_after_days")
    last = last_good_backup(paths.backup_dir)
    if last is None:
        return Text(N_("Achtung: Es gibt noch keine Sicherung der Datenbank."))
    age = (now or datetime.now()) - last.created_at
    if age > timedelta(days=days):
        return Text(
            N_("Achtung: Letzte Sicherung am {at:%d.%m.%Y %H:%M} ist älter als {days} Tage."),
            at=last.created_at,
            days=days,
        )
    return Text(N_("Letzte Sicherung: {at:%d.%m.%Y %H:%M}"), at=last.created_at)
