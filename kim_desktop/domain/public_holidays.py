"""Germany's nationwide public holidays: no course takes place on them, so they are no course days."""

from datetime import date, timedelta
from functools import cache


def easter_sunday(year: int) -> date:
    """Easter Sunday (Gregorian, anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month = (h + leap - 7 * m + 114) // 31
    day = (h + leap - 7 * m + 114) % 31 + 1
    return date(year, month, day)


@cache
def public_holidays(year: int) -> frozenset[date]:
    """New Year, Good Friday, Easter Monday, 1 May, Ascension, Whit Monday, 3 October, Christmas (25, 26)."""
    easter = easter_sunday(year)
    fixed = (date(year, 1, 1), date(year, 5, 1), date(year, 10, 3), date(year, 12, 25), date(year, 12, 26))
    moving = (easter + timedelta(days=d) for d in (-2, 1, 39, 50))
    return frozenset((*fixed, *moving))


def is_public_holiday(day: date) -> bool:
    """Whether the day is a nationwide public holiday."""
    return day in public_holidays(day.year)
