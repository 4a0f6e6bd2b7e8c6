"""Rotating log file in the platform log folder; the log never holds a person's personal data."""

import logging
import logging.handlers
import os
import traceback
from pathlib import Path
from types import TracebackType

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


class RedactingFormatter(logging.Formatter):
    """Writes tracebacks as code locations and exception types only, never exception messages.

    Messages of database errors can quote the values of a statement (PostgreSQL's 'Key (name)=(…) already
    exists'), so no message is logged.
    """

    def format(self, record: logging.LogRecord) -> str:
        """Format with our own exception text, never one another handler cached on the record."""
        cached, record.exc_text = record.exc_text, None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(self, ei: ExcInfo) -> str:  # noqa: N802 - logging's API
        """Frames and exception types of the whole chain, without messages."""
        _kind, exc, _tb = ei
        parts: list[str] = []
        seen: set[int] = set()
        while exc is not None and id(exc) not in seen:
            seen.add(id(exc))
            frames = "".join(traceback.format_tb(exc.__traceback__))
            parts.append(f"Traceback (most recent call last):\n{frames}{type(exc).__module__}.{type(exc).__qualname__}")
            exc = exc.__cause__ or exc.__context__
        return "\n\nCaused by:\n".join(parts)


def configure_logging(log_file: Path, level: int = logging.INFO) -> None:
    """Log to a private, rotating file (5 x 1 MB). Code logs ids and counts, never names or notes."""
    log_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not log_file.exists():
        os.close(os.open(log_file, os.O_CREAT | os.O_WRONLY, 0o600))
    handler = logging.handlers.RotatingFileHandler(log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(RedactingFormatter(LOG_FORMAT))
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level)


def close_logging() -> None:
    """Flush and close the log file (at exit, and between tests)."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, logging.handlers.RotatingFileHandler)]:
        root.removeHandler(handler)
        handler.close()
