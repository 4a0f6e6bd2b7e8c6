"""Typed dates: the accepted forms, two-digit years around the pivot, impossible and malformed input."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kim_desktop.domain.date_input import YEARS_AHEAD, YEARS_BACK, InvalidDate, full_year, parse_date

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("14.01.1991", date(1991, 1, 14)),
        ("14011991", date(1991, 1, 14)),
        ("140191", date(1991, 1, 14)),
        ("4.1.91", date(1991, 1, 4)),
        ("4.1.1991", date(1991, 1, 4)),
        (" 14.01.1991 ", date(1991, 1, 14)),
        ("14/01/1991", date(1991, 1, 14)),  # the English UI's form
        ("14-01-1991", date(1991, 1, 14)),
        ("14. 1. 1991", date(1991, 1, 14)),
        ("29.02.2024", date(2024, 2, 29)),
        ("1.1.00", date(2000, 1, 1)),
        ("31.12.36", date(2036, 12, 31)),  # ten years ahead: a permit's end
        ("1.1.37", date(1937, 1, 1)),  # 89 years back: an old participant's birth
        ("17.5.99", date(1999, 5, 17)),
        ("", None),
        ("   ", None),
    ],
)
def test_accepted_forms(typed: str, expected: date | None) -> None:
    assert parse_date(typed, TODAY) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "14.01.00003.1991",  # what the old field made of typed digits
        "31.02.2024",
        "29.02.2023",
        "00.01.2020",
        "1.13.2020",
        "01.01.0003",
        "1.1.199",
        "1.1.",
        "1991",
        "1401199",
        "14.01",
        "heute",
        "14..01.1991",
        "1.1.2020x",
    ],
)
def test_refused_input_says_what_to_type(typed: str) -> None:
    with pytest.raises(InvalidDate) as raised:
        parse_date(typed, TODAY)
    assert raised.value.typed == typed
    assert "TT.MM.JJJJ" in str(raised.value)


@given(st.integers(min_value=0, max_value=99), st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 31)))
def test_two_digit_years_fall_in_the_window_around_today(two: int, today: date) -> None:
    year = full_year(two, today)
    assert year % 100 == two
    assert today.year - YEARS_BACK <= year <= today.year + YEARS_AHEAD


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
def test_every_day_reads_back_in_each_form(day: date) -> None:
    d, m, y = day.day, day.month, day.year
    for text in (f"{d:02d}.{m:02d}.{y}", f"{d:02d}{m:02d}{y}", f"{d}.{m}.{y}", f"{d:02d}/{m:02d}/{y}"):
        assert parse_date(text, TODAY) == day


@given(st.dates(min_value=TODAY - timedelta(days=365 * 88), max_value=TODAY + timedelta(days=365 * 9)))
def test_short_years_near_today_read_back(day: date) -> None:
    assert parse_date(f"{day.day}.{day.month}.{day:%y}", TODAY) == day
    assert parse_date(f"{day:%d%m%y}", TODAY) == day


@given(st.text(max_size=14))
def test_any_text_is_a_date_none_or_refused(typed: str) -> None:
    try:
        result = parse_date(typed, TODAY)
    except InvalidDate:
        return
    assert result is None or result.year >= 1000
