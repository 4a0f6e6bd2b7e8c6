"""Write a GTFS zip from rows (for the demo county's timetable and for tests)."""

import csv
import io
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path


def write_feed(path: Path, files: Mapping[str, Sequence[Mapping[str, object]]]) -> Path:
    """One CSV file per name (columns from the first row), zipped; returns the path."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, rows in files.items():
            buffer = io.StringIO()
            columns = list(rows[0]) if rows else []
            writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            archive.writestr(name, buffer.getvalue())
    return path


def gtfs_time(seconds: int) -> str:
    """HH:MM:SS, past 24:00 for trips after midnight."""
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
