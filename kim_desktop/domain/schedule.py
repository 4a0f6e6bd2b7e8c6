"""Weekday masks and parts of the day: how course times and a person's availability are compared."""

from collections.abc import Iterable
from datetime import time

from kim_desktop.domain.enums import PartOfDay, Weekday

WEEKDAY_SHORT_DE = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


def weekday_mask(days: Iterable[int]) -> int:
    """Bit mask of weekdays, Monday = bit 0."""
    mask = 0
    for day in days:
        if not 0 <= day <= 6:
            raise ValueError(f"weekday out of range: {day}")
        mask |= 1 << day
    return mask


def weekdays_of(mask: int) -> list[Weekday]:
    """Weekdays set in a mask, Monday first."""
    return [Weekday(d) for d in range(7) if mask & (1 << d)]


def weekdays_text(mask: int) -> str:
    """German short form such as 'Mo–Fr' or 'Di, Do'."""
    days = [d.value for d in weekdays_of(mask)]
    if not days:
        return ""
    if len(days) >= 3 and days == list(range(days[0], days[-1] + 1)):
        return f"{WEEKDAY_SHORT_DE[days[0]]}–{WEEKDAY_SHORT_DE[days[-1]]}"
    return ", ".join(WEEKDAY_SHORT_DE[d] for d in days)


def part_of_day(start: time) -> PartOfDay:
    """Part of the day a course starting at this time belongs to."""
    if start < time(12, 0):
        return PartOfDay.MORNING
    if start < time(17, 0):
        return PartOfDay.AFTERNOON
    return PartOfDay.EVENING
