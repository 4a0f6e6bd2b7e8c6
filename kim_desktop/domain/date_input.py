"""Typed dates: TT.MM.JJJJ, TTMMJJJJ, T.M.JJ and the like read as a day, empty as no date."""

import re
from datetime import date

from kim_desktop.domain.errors import KimError
from kim_desktop.domain.text import N_, Text

# A two-digit year is the one among the hundred years from 89 years back to 10 years ahead: in 2026 "37" is 1937,
# "36" is 2036. Birth dates of course participants (up to ~89 years old) and permit end dates (up to 10 years
# ahead) both come out right; anything outside needs the four-digit year.
YEARS_BACK = 89
YEARS_AHEAD = 10
FIRST_YEAR, LAST_YEAR = 1000, 9999  # a four-digit year starting with 0 is a typing slip (01.01.0003)

# Day, month and year separated by dots (also / - or spaces: the English UI writes 31/01/2026).
_SEPARATED = re.compile(r"(\d{1,2})\s*[./\- ]\s*(\d{1,2})\s*[./\- ]\s*(\d{2}|\d{4})")
_COMPACT = re.compile(r"(\d{2})(\d{2})(\d{2}|\d{4})")  # TTMMJJ or TTMMJJJJ


class InvalidDate(KimError):  # noqa: N818 - reads better at the call site than InvalidDateError
    """Typed text that is no date (or an impossible one such as 31.02.)."""

    def __init__(self, typed: str) -> None:
        self.typed = typed
        super().__init__(Text(N_("„{typed}“ ist kein Datum: bitte TT.MM.JJJJ eingeben oder leer lassen."), typed=typed))


def full_year(two_digits: int, today: date) -> int:
    """The four-digit year of a two-digit one, within YEARS_BACK before and YEARS_AHEAD after today's year."""
    latest = today.year + YEARS_AHEAD
    year = latest - (latest - two_digits) % 100
    assert latest - 99 <= year <= latest and year % 100 == two_digits
    return year


def parse_date(typed: str, today: date) -> date | None:
    """The day a person typed; None for an empty field; InvalidDate for anything else.

    Accepted: 14.01.1991, 14.1.1991, 4.1.91, 14/01/1991, 14-01-1991, 14011991, 140191 (day first, always).
    """
    text = typed.strip()
    if not text:
        return None
    found = _SEPARATED.fullmatch(text) or _COMPACT.fullmatch(text)
    if found is None:
        raise InvalidDate(typed)
    day, month, year_text = found.groups()
    year = full_year(int(year_text), today) if len(year_text) == 2 else int(year_text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidDate(typed)
    try:
        return date(year, int(month), int(day))
    except ValueError:
        raise InvalidDate(typed) from None
