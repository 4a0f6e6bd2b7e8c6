from datetime import time

import pytest

from kim_desktop.domain.enums import PartOfDay, Weekday
from kim_desktop.domain.schedule import part_of_day, weekday_mask, weekdays_of, weekdays_text


def test_weekday_mask_round_trip() -> None:
    mask = weekday_mask([0, 2, 4])
    assert mask == 0b10101
    assert weekdays_of(mask) == [Weekday.MON, Weekday.WED, Weekday.FRI]


@pytest.mark.parametrize(
    ("days", "text"),
    [([0, 1, 2, 3, 4], "Mo–Fr"), ([1, 3], "Di, Do"), ([0, 1], "Mo, Di"), ([5], "Sa"), ([], "")],
)
def test_weekdays_text(days: list[int], text: str) -> None:
    assert weekdays_text(weekday_mask(days)) == text


def test_weekday_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match="weekday"):
        weekday_mask([7])


@pytest.mark.parametrize(
    ("start", "part"),
    [
        (time(8, 30), PartOfDay.MORNING),
        (time(11, 59), PartOfDay.MORNING),
        (time(12, 0), PartOfDay.AFTERNOON),
        (time(16, 59), PartOfDay.AFTERNOON),
        (time(17, 0), PartOfDay.EVENING),
        (time(18, 30), PartOfDay.EVENING),
    ],
)
def test_part_of_day(start: time, part: PartOfDay) -> None:
    assert part_of_day(start) == part
