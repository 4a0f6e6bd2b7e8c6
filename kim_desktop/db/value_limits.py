"""What a column can hold on every supported database, derived from the model's column types (never restated)."""

import re
from enum import Enum
from typing import Any

import sqlalchemy as sa

from kim_desktop.domain.text import N_, Text

# SQLite stores text of any length (NUL included) and 64-bit integers in any column; PostgreSQL holds a
# VARCHAR(n) to n characters, an INTEGER to 32 bits and no NUL in any text. A value must fit both.
_INTEGER_BITS: tuple[tuple[type[sa.types.TypeEngine[Any]], int], ...] = (
    (sa.SmallInteger, 16),
    (sa.BigInteger, 64),
    (sa.Integer, 32),
)
# Control characters (Unicode category Cc). A one-line text takes none; a long text (sa.Text) takes tab and line breaks.
_CONTROL_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_LONG_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def text_limit(column: sa.ColumnElement[Any]) -> int | None:
    """The most characters the column holds (None: a text without limit, or no text column)."""
    kind = column.type
    if isinstance(kind, sa.String) and not isinstance(kind, sa.Text | sa.Enum):
        return kind.length
    return None


def integer_range(column: sa.ColumnElement[Any]) -> tuple[int, int] | None:
    """The smallest and largest integer the column holds on every backend (None: not an integer column)."""
    for kind, bits in _INTEGER_BITS:
        if isinstance(column.type, kind):
            return -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
    return None


def value_problem(column: sa.ColumnElement[Any], value: object) -> Text | None:
    """Why a value cannot be stored in the column on SQLite and PostgreSQL alike (None: it can)."""
    if value is None or isinstance(value, bool | Enum):
        return None
    if isinstance(value, str):
        if "\x00" in value:
            return Text(N_("enthält ein Nullzeichen (NUL) an Stelle {position}"), position=value.index("\x00") + 1)
        limit = text_limit(column)
        if limit is not None and len(value) > limit:
            return Text(N_("{length} Zeichen, höchstens {limit} möglich"), length=len(value), limit=limit)
    elif isinstance(value, int):
        bounds = integer_range(column)
        if bounds is not None and not bounds[0] <= value <= bounds[1]:
            return Text(N_("{value} liegt außerhalb von {low} bis {high}"), value=value, low=bounds[0], high=bounds[1])
    return None


def character_problem(text: str, long_text: bool = False) -> Text | None:
    """A control character in entered text: none in a one-line field, only tab and line breaks in a long text."""
    found = (_CONTROL_LONG_TEXT if long_text else _CONTROL_ONE_LINE).search(text)
    if found is None:
        return None
    return Text(
        N_("enthält ein Steuerzeichen (U+{code:04X}) an Stelle {position}"),
        code=ord(found.group()),
        position=found.start() + 1,
    )


def entry_problem(column: sa.ColumnElement[Any], value: object) -> Text | None:
    """Why an entered value (a form, a file) is refused: control characters first, then what the column holds."""
    if isinstance(value, str):
        problem = character_problem(value, isinstance(column.type, sa.Text))
        if problem is not None:
            return problem
    return value_problem(column, value)
