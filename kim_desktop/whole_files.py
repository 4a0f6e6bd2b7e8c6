"""Files written whole or not at all: a full disk or a cut-off leaves the old file (or none), never half of one."""

import contextlib
import os
from pathlib import Path


def write_whole(path: Path, data: bytes) -> None:
    """Write data to a partial file beside path, flush it to the disk, then rename it over path.

    A failure removes the partial file and raises an OSError that names path (a failed write alone names no
    file), so the message says which file could not be written and no truncated letter or list is left behind.
    """
    if path.exists() and not path.is_file():  # a pipe or device (--out /dev/stdout): written to, never replaced
        with path.open("wb") as handle:
            handle.write(data)
        return
    partial = path.with_name(f".{path.name}.partial")
    try:
        descriptor = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        if exc.filename is None or Path(exc.filename) == partial:
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise


def write_whole_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """write_whole for text."""
    write_whole(path, text.encode(encoding))
