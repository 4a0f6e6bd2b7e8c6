"""Error types that the services raise and the UI shows to the person at the desk."""

from dataclasses import dataclass, field


class KimError(Exception):
    """Base of every error a user can act on (as opposed to a bug)."""


@dataclass(frozen=True)
class FieldError:
    """One invalid field: its technical name and a message naming it for the user."""

    field: str
    message: str


class ValidationFailed(KimError):  # noqa: N818 - reads better at the call site than ValidationFailedError
    """Input was refused; carries one message per offending field."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors: list[FieldError] = list(errors)
        super().__init__("; ".join(e.message for e in self.errors))

    def for_field(self, name: str) -> str | None:
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
