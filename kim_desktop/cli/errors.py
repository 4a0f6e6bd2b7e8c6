"""The CLI's one error boundary: every expected failure one German line naming what failed; bugs go to the log."""

import logging
import sys
from collections.abc import Callable
from pathlib import Path

from kim_desktop.domain.errors import KimError
from kim_desktop.i18n import error_text, file_error_text

# The exit codes (README.md and docs/administration.md list them for scripts).
EXIT_OK = 0  # done
EXIT_REFUSED = 1  # ran, but refused or stored nothing: rejected import rows, `check` found damage
# Not done because of the input or the surroundings (wrong or unknown command, missing file, sign-in, no right,
# disk full, read-only folder, damaged database); the message says what and where.
EXIT_USAGE = 2
EXIT_UNEXPECTED = 3  # a bug: a short message naming the log file, the traceback only in the log
EXIT_INTERRUPTED = 130  # Ctrl+C

log = logging.getLogger(__name__)


def fail(message: str) -> int:
    """Print one error line to stderr; the exit code for a user's error."""
    print(f"Fehler: {message}", file=sys.stderr)
    return EXIT_USAGE


def expected_message(exc: BaseException, folder: Callable[[], Path | None]) -> str | None:
    """What to tell the user about an error they can act on; None for a bug.

    `folder` names the database's folder (asked only when needed: a database error names no file).
    """
    if isinstance(exc, KimError):
        return error_text(exc)
    if isinstance(exc, OSError):
        message = file_error_text(exc)
        if message is not None:
            return message
    where = folder()
    if where is None:
        return None
    from kim_desktop.domain.text import N_, Text
    from kim_desktop.i18n import translate_text
    from kim_desktop.services.storage import storage_problem_message

    text = storage_problem_message(exc, where, Text(N_("Der Befehl wurde abgebrochen.")))
    return None if text is None else translate_text(text)


def unexpected(exc: BaseException, command: str, log_file: Path | None) -> int:
    """Log a bug with its traceback (only there), tell the user briefly where the details are."""
    log.error("command %s failed", command, exc_info=exc)
    where = f"Einzelheiten im Protokoll {log_file}" if log_file is not None else "kein Protokoll schreibbar"
    print(
        f"Fehler: Unerwarteter Fehler bei „{command}“ ({type(exc).__name__}); {where}. "
        "Bitte melden Sie ihn der Technik-Betreuung.",
        file=sys.stderr,
    )
    return EXIT_UNEXPECTED


def guarded(
    run: Callable[[], int], command: str, folder: Callable[[], Path | None], log_file: Callable[[], Path | None]
) -> int:
    """Run a command: its exit code, or the one of the failure it ended with (told in one line)."""
    try:
        return run()
    except KeyboardInterrupt:
        print("Abgebrochen.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        try:
            message = expected_message(exc, folder)
        except Exception:  # telling the failure must not become a second one
            message = None
        if message is None:
            return unexpected(exc, command, log_file())
        log.warning("command %s refused: %s", command, type(exc).__name__)
        return fail(message)
