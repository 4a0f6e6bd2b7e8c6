"""GTFS field values (times past midnight, dates, coordinates) and the list of problems named by file and line."""

import re
from dataclasses import dataclass, field
from datetime import date

from kim_desktop.domain.text import N_, Text

MAX_PROBLEMS = 200  # a broken feed gets the first ones named, then a count
_TIME = re.compile(r"^\s*(\d{1,3}):(\d\d):(\d\d)\s*$")
_DATE = re.compile(r"^\d{8}$")


class BadValueError(ValueError):
    """A field value that is not what GTFS says it must be; the message names the problem."""

    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(message)


@dataclass
class Problems:
    """Errors (the feed is refused) and warnings (imported anyway), each naming a file and a line."""

    errors: list[Text] = field(default_factory=list)
    warnings: list[Text] = field(default_factory=list)
    more_errors: int = 0
    more_warnings: int = 0

    def error(self, file: str, line: int | None, message: Text) -> None:
        """Note an error (file and line, 1 = the header line)."""
        if len(self.errors) >= MAX_PROBLEMS:
            self.more_errors += 1
            return
        self.errors.append(_where(file, line, message))

    def warn(self, file: str, line: int | None, message: Text) -> None:
        """Note a warning."""
        if len(self.warnings) >= MAX_PROBLEMS:
            self.more_warnings += 1
            return
        self.warnings.append(_where(file, line, message))

    @property
    def error_count(self) -> int:
        """All errors, also those not listed."""
        return len(self.errors) + self.more_errors

    @property
    def warning_count(self) -> int:
        """All warnings, also those not listed."""
        return len(self.warnings) + self.more_warnings


def _where(file: str, line: int | None, message: Text) -> Text:
    if line is None:
        return Text(N_("{file}: {message}"), file=file, message=message)
    return Text(N_("{file} Zeile {line}: {message}"), file=file, line=line, message=message)


def parse_time(value: str, column: str) -> int:
    """Seconds after noon minus 12 h of the service day ('25:10:00' is 01:10 on the next day)."""
    found = _TIME.match(value)
    if found is None or int(found[2]) > 59 or int(found[3]) > 59 or int(found[1]) > 47:
        raise BadValueError(Text(N_("{column} '{value}' ist keine Uhrzeit"), column=column, value=value))
    return int(found[1]) * 3600 + int(found[2]) * 60 + int(found[3])


def parse_date(value: str, column: str) -> date:
    """A GTFS date YYYYMMDD."""
    try:
        if not _DATE.match(value):
            raise ValueError(value)
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        message = Text(N_("{column} '{value}' ist kein Datum (JJJJMMTT)"), column=column, value=value)
        raise BadValueError(message) from None


def parse_coordinate(value: str, column: str, limit: float) -> float:
    """A latitude or longitude in degrees within ±limit."""
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not -limit <= number <= limit:
        raise BadValueError(Text(N_("{column} '{value}' ist keine Koordinate"), column=column, value=value))
    return number


def parse_int(value: str, column: str, low: int, high: int) -> int:
    """A whole number within bounds."""
    try:
        number = int(value)
    except ValueError:
        number = low - 1
    if not low <= number <= high:
        raise BadValueError(
            Text(N_("{column} '{value}' ist keine Zahl von {low} bis {high}"), column=column, value=value, low=low,
                 high=high)
        )  # fmt: skip
    return number
