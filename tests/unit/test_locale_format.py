"""Dates and numbers in the UI language."""

from collections.abc import Iterator
from datetime import date, datetime

import pytest

from kim_desktop.ui import locale_format
from kim_desktop.ui.locale_format import format_date, format_datetime, format_number, qt_date_format, set_language


@pytest.fixture(autouse=True)
def german_afterwards() -> Iterator[None]:
    yield
    set_language("de")


def test_german_is_the_default() -> None:
    assert locale_format._style is locale_format.GERMAN
    assert format_date(date(2026, 1, 31)) == "31.01.2026"
    assert format_datetime(datetime(2026, 1, 31, 14, 5, 9)) == "31.01.2026 14:05"
    assert format_datetime(datetime(2026, 1, 31, 14, 5, 9), seconds=True) == "31.01.2026 14:05:09"
    assert format_number(1234.5, 1) == "1.234,5"
    assert qt_date_format() == "dd.MM.yyyy"
    assert qt_date_format(with_time=True) == "dd.MM.yyyy HH:mm"


def test_english_uses_british_day_month_order() -> None:
    set_language("en")
    assert format_date(date(2026, 1, 31)) == "31/01/2026"
    assert format_datetime(datetime(2026, 1, 31, 14, 5)) == "31/01/2026 14:05"
    assert format_number(1234.5, 1) == "1,234.5"
    assert format_number(7, 0) == "7"
    assert qt_date_format() == "dd/MM/yyyy"


def test_empty_values_and_unknown_languages() -> None:
    assert format_date(None) == ""
    assert format_datetime(None) == ""
    set_language("tr")
    assert format_date(date(2026, 3, 4)) == "04.03.2026"
