"""Weekday masks and parts of the day: how course times and a person's availability are compared."""

from collections.abc import Iterable
from datetime import time

from kim_desktop.domain.enums import PartOfDay, Weekday
from kim_desktop.domain.text import N_, Text, joined

WEEKDAY_SHORT_DE: tuple[Text, ...] = (
    Text(N_("Mo")),
    Text(N_("Di")),
    Text(N_("Mi")),
    Text(N_("Do")),
    Text(N_("Fr")),
    Text(N_("Sa")),
    Text(N_("So")),
)


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


def weekdays_text(mask: int) -> Text:
    """Short form such as 'Mo–Fr' or 'Di, Do' (translatable)."""
    days = [d.value for d in weekdays_of(mask)]
    if len(days) >= 3 and days == list(range(days[0], days[-1] + 1)):
        return Text("{first}–{last}", first=WEEKDAY_SHORT_DE[days[0]], last=WEEKDAY_SHORT_DE[days[-1]])
    return joined((WEEKDAY_SHORT_DE[d] for d in days), ", ")


def part_of_day(start: time) -> PartOfDay:
    """Part of the day a course starting at this time belongs to."""
    if start < time(12, 0):
        return PartOfDay.MORNING
    if start < time(17, 0):
        return PartOfDay.AFTERNOON
    return PartOfDay.EVENING
