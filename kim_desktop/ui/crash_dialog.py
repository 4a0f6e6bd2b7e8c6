"""Unexpected errors never vanish: they are logged with the traceback and shown with the log file's path."""

import logging
import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from kim_desktop.domain.errors import KimError
from kim_desktop.i18n import _, error_text

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

log = logging.getLogger("kim_desktop.crash")
# Error boxes shown from the excepthook have no owner; keep them alive until closed.
_open_boxes: "list[QMessageBox]" = []


def show_error(parent: QWidget | None, exc: BaseException, log_file: Path) -> "QMessageBox":
    """Tell the user about an error: their own (actionable) or a bug (with the log file)."""
    from PySide6.QtWidgets import QMessageBox  # each Qt class costs ~1-3 ms to set up: not before the first window

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if isinstance(exc, KimError) else QMessageBox.Icon.Critical)
    box.setWindowTitle(_("KIM Desktop"))
    if isinstance(exc, KimError):
        box.setText(error_text(exc))
    else:
        box.setText(_("Ein unerwarteter Fehler ist aufgetreten. Ihre gespeicherten Daten sind nicht betroffen."))
        box.setInformativeText(
            _("Die technischen Einzelheiten stehen in der Protokolldatei:\n{path}").format(path=log_file)
        )
    _open_boxes.append(box)
    box.finished.connect(lambda _result: _open_boxes.remove(box) if box in _open_boxes else None)
    box.open()
    return box


def install_excepthook(log_file: Path, parent: QWidget | None = None) -> None:
    """Route uncaught exceptions to the log (traceback, no personal data) and an error dialog."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        if isinstance(exc, KimError):
            log.warning("user-facing error: %s", type(exc).__name__)
        else:
            # The traceback names code locations only; exception texts of ours carry no personal data.
            log.error("unexpected error", exc_info=(kind, exc, tb))
        show_error(parent, exc, log_file)

    sys.excepthook = hook
