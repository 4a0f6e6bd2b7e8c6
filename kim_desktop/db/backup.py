"""Consistent copies of the SQLite database through SQLite's online backup API."""

import os
import sqlite3
from datetime import datetime
from pathlib import Path


def backup_sqlite_file(source: Path, target: Path) -> Path:
    """Copy a (possibly open) SQLite database consistently to target, private to the user."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        os.close(fd)
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    os.replace(partial, target)
    return target


def timestamped_name(prefix: str, when: datetime | None = None) -> str:
    """File name such as 'kim-2026-11-23T1405.sqlite' (sortable)."""
    stamp = (when or datetime.now()).strftime("%Y-%m-%dT%H%M%S")
    return f"{prefix}-{stamp}.sqlite"
