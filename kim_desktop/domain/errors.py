"""Error types that the services raise and the UI shows to the person at the desk."""

from dataclasses import dataclass, field

from kim_desktop.domain.text import Text, joined, verbatim


class KimError(Exception):
    """Base of every error a user can act on (as opposed to a bug); `text` is its message for the UI to translate."""

    def __init__(self, message: str = "", *args: object) -> None:
        self.text: Text = verbatim(message)
        super().__init__(str(self.text), *args)


@dataclass(frozen=True)
class FieldError:
    """One invalid field: its technical name and a message naming it for the user."""

    field: str
    message: Text


class ValidationFailed(KimError):  # noqa: N818 - reads better at the call site than ValidationFailedError
    """Input was refused; carries one message per offending field."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors: list[FieldError] = list(errors)
        super().__init__(joined(e.message for e in self.errors))

    def for_field(self, name: str) -> Text | None:
        """The message for one field, if it has one."""
        return next((e.message for e in self.errors if e.field == name), None)


class NotFound(KimError):  # noqa: N818
    """The record asked for does not exist (any more)."""


class Conflict(KimError):  # noqa: N818
    """Somebody else changed or took the thing first (optimistic lock, last seat)."""


class NotAllowed(KimError):  # noqa: N818
    """The signed-in account's role may not do this."""


class DatabaseTooNew(KimError):  # noqa: N818
    """The database was written by a newer version of the application."""


class DatabaseUnavailable(KimError):  # noqa: N818
    """The database cannot be reached or opened (server down, file locked, disk full)."""


@dataclass(frozen=True)
class ImportRowError:
    """A rejected row of an import file."""

    row: int
    column: str
    message: str = field(default="")


class WrongPassphrase(KimError):  # noqa: N818 - reads like the other KimErrors
    """The passphrase does not open the encrypted database (or the file is damaged)."""
