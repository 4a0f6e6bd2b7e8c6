"""Files written whole or not at all: a full disk or a cut-off leaves the old file (or none), never half of one."""

import contextlib
import os
import tempfile
from pathlib import Path


def write_whole(path: Path, data: bytes) -> None:
    """Write data to a partial file of its own beside path, flush it to the disk, then rename it over path.

    A failure removes the partial file and raises an OSError that names path (a failed write alone names no
    file), so the message says which file could not be written and no truncated letter or list is left behind.
    Each call has its own partial file (private to the user): two processes writing the same file at once never
    write into each other's.
    """
    if path.exists() and not path.is_file():  # a pipe or device (--out /dev/stdout): written to, never replaced
        with path.open("wb") as handle:
            handle.write(data)
        return
    partial: Path | None = None
    try:
        descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
        partial = Path(name)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except OSError as exc:
        if partial is not None:
            with contextlib.suppress(OSError):
                partial.unlink()
        raise OSError(exc.errno, exc.strerror, str(path)) from exc


def write_whole_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """write_whole for text."""
    write_whole(path, text.encode(encoding))
