"""The check before a command uses a local database: quick_check once per file state (size and time), remembered."""

import contextlib
import json
from pathlib import Path

from kim_desktop.services.restore import IntegrityReport, check_database_file
from kim_desktop.whole_files import write_whole

# Remembered in the data folder: one entry per database file, the state (sizes and times) it was found sound in.
CACHE_NAME = "datenbank-geprueft.json"

FileState = list[int]


def file_state(database: Path) -> FileState:
    """Size and modification time of the file and its WAL: a write by anyone changes one of them."""
    state: FileState = []
    for path in (database, Path(f"{database}-wal")):
        try:
            info = path.stat()
        except FileNotFoundError:
            state += [-1, -1]
        else:
            state += [info.st_size, info.st_mtime_ns]
    return state


def _read_cache(cache_file: Path) -> dict[str, FileState]:
    try:
        raw = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {str(k): [int(n) for n in v] for k, v in raw.items() if isinstance(v, list)}


def _remember(cache_file: Path, database: Path, state: FileState) -> None:
    """Write the sound state; a folder that cannot be written only means the next command checks again."""
    entries = _read_cache(cache_file)
    entries[str(database)] = state
    with contextlib.suppress(OSError):
        write_whole(cache_file, json.dumps(entries).encode("utf-8"))


def checked_database(database: Path, backup_dir: Path, cache_file: Path) -> IntegrityReport:
    """quick_check of a local database, skipped when the file is in the state it was last found sound in."""
    database = database.expanduser().resolve()
    if not database.exists():
        return IntegrityReport(database, True, (), None)
    if _read_cache(cache_file).get(str(database)) == file_state(database):
        return IntegrityReport(database, True, (), None)
    report = check_database_file(database, backup_dir)
    if report.ok:  # the state after the check: closing its connection may have folded the WAL into the file
        _remember(cache_file, database, file_state(database))
    return report
