"""How dates, times, money and weekdays are written in letters (German style, understood everywhere)."""

from collections.abc import Sequence
from datetime import date, time

from kim_desktop.domain.schedule import weekdays_of


def format_date(value: date) -> str:
    """Numeric day.month.year, e.g. 03.02.2027, on every page."""
    return value.strftime("%d.%m.%Y")


def format_time(value: time) -> str:
    """24-hour clock, e.g. 08:30."""
    return value.strftime("%H:%M")


def format_money(cents: int) -> str:
    """German amount with the euro sign after it and a non-breaking space, e.g. '2,29 €', '1.229,00 €'."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    return f"{sign}{euros:,}".replace(",", ".") + f",{rest:02d}\u00a0€"


def format_weekdays(mask: int, short_names: Sequence[str]) -> str:
    """Weekdays of a mask in a language's short names: a run of three or more as 'Mo–Fr', else 'Di, Do'."""
    days = [day.value for day in weekdays_of(mask)]
    if not days:
        return ""
    if len(days) >= 3 and days == list(range(days[0], days[-1] + 1)):
        return f"{short_names[days[0]]}–{short_names[days[-1]]}"
    return ", ".join(short_names[day] for day in days)
