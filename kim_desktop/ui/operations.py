"""Operations: a UI action runs its use case on the worker, shows progress late, one error path, one announcement."""

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from kim_desktop.domain.errors import KimError
from kim_desktop.i18n import _, error_text
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.style import status_colours

if TYPE_CHECKING:  # ui/ imports no SQLAlchemy: the session type comes from services/, for the type checker only
    from kim_desktop.services.database import DbSession

# Where an expected error's message goes: a label (its text is set and it is shown) or a function taking the text.
ErrorTarget = QLabel | Callable[[str], None]
Failure = Callable[[BaseException], None]


def in_session[T](ctx: UiContext, work: "Callable[[DbSession], T]") -> Callable[[], T]:
    """The work bound to a session that is opened when it runs (on the worker) and closed after it."""

    def bound() -> T:
        with ctx.db.sessions() as session:
            return work(session)

    return bound


def in_error_colour(label: QLabel) -> Callable[[str], None]:
    """An errors target writing the message into label in the error colour (as rich text, escaped)."""

    def show(text: str) -> None:
        label.setText(f"<span style='color:{status_colours().error}'>{escape(text)}</span>")

    return show


def show_expected_error(
    exc: BaseException,
    *,
    errors: ErrorTarget | None = None,
    parent: QWidget | None = None,
    expected: tuple[type[BaseException], ...] = (),
    title: str = "",
) -> None:
    """The one error path: an expected error's message into errors, else a box on parent; a bug is re-raised.

    Expected are KimError (what the user can act on) and the given types (e.g. OSError for a file being written).
    Anything else, or an expected error with nowhere to show it, is re-raised on the GUI thread for the crash dialog.
    """
    if not isinstance(exc, (KimError, *expected)):
        raise exc
    text = error_text(exc)
    if isinstance(errors, QLabel):
        errors.setText(text)
        errors.show()
    elif errors is not None:
        errors(text)
    elif parent is not None:
        QMessageBox.warning(parent, title or _("Hinweis"), text)
    else:
        raise exc


def run_task[T](
    ctx: UiContext,
    work: Callable[[], T],
    on_success: Callable[[T], None],
    *,
    parent: QWidget | None = None,
    label: str = "",
    changed: str | None = None,
    errors: ErrorTarget | None = None,
    expected: tuple[type[BaseException], ...] = (),
    on_failure: Failure | None = None,
) -> None:
    """Run work that needs no database session (files, copies) on the worker; see run_operation."""

    def succeeded(result: T) -> None:
        if changed is not None:
            ctx.events.data_changed.emit(changed)
        on_success(result)

    def failed(exc: BaseException) -> None:
        show_expected_error(exc, errors=errors, parent=parent, expected=expected)
        if on_failure is not None:
            on_failure(exc)

    ctx.tasks.run(work, succeeded, failed, label=label, parent=parent)


def run_operation[T](
    ctx: UiContext,
    work: "Callable[[DbSession], T]",
    on_success: Callable[[T], None],
    *,
    parent: QWidget | None = None,
    label: str = "",
    changed: str | None = None,
    errors: ErrorTarget | None = None,
    expected: tuple[type[BaseException], ...] = (),
    on_failure: Failure | None = None,
) -> None:
    """Run a use case on the worker in a session of its own; on_success(result) follows on the GUI thread.

    parent: a progress dialog over it appears when the work takes longer than half a second (and an expected error
    without an errors target becomes a message box on it). changed: the DataKind announced once, before on_success.
    errors/expected: see show_expected_error. on_failure: called after an expected error's message (e.g. to re-enable a
    button); a bug never reaches it.
    """
    run_task(
        ctx,
        in_session(ctx, work),
        on_success,
        parent=parent,
        label=label,
        changed=changed,
        errors=errors,
        expected=expected,
        on_failure=on_failure,
    )
