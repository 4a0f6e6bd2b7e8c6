"""Dates, times and numbers as the UI language writes them: German dd.MM.yyyy, English (en_GB) dd/MM/yyyy."""

from dataclasses import dataclass
from datetime import date, datetime, time

from PySide6.QtCore import QLocale


@dataclass(frozen=True)
class _Style:
    """One language's date pattern (strftime and Qt display format) and number locale."""

    date: str
    qt_date: str
    locale: QLocale.Language
    territory: QLocale.Country


GERMAN = _Style("%d.%m.%Y", "dd.MM.yyyy", QLocale.Language.German, QLocale.Country.Germany)
STYLES = {
    "de": GERMAN,
    "en": _Style("%d/%m/%Y", "dd/MM/yyyy", QLocale.Language.English, QLocale.Country.UnitedKingdom),
}
_style = GERMAN


def set_language(language: str) -> None:
    """Format all later dates and numbers in this UI language (unknown languages keep German)."""
    global _style
    _style = STYLES.get(language, GERMAN)


def format_date(day: date | None) -> str:
    """A day, e.g. 31.01.2026 or 31/01/2026; empty for None."""
    return day.strftime(_style.date) if day else ""


def format_time(moment: time | datetime) -> str:
    """Hours and minutes, 24-hour clock in both languages."""
    return moment.strftime("%H:%M")


def format_datetime(moment: datetime | None, seconds: bool = False) -> str:
    """A day and its time, e.g. 31.01.2026 14:05; empty for None."""
    if moment is None:
        return ""
    return moment.strftime(f"{_style.date} %H:%M:%S" if seconds else f"{_style.date} %H:%M")


def format_number(value: float, decimals: int = 0) -> str:
    """A number with the language's grouping and decimal separator, e.g. 1.234,5 or 1,234.5."""
    locale = QLocale(_style.locale, _style.territory)
    return locale.toString(float(value), "f", decimals)


def qt_date_format(with_time: bool = False) -> str:
    """The display format for QDateEdit / QDateTimeEdit."""
    return f"{_style.qt_date} HH:mm" if with_time else _style.qt_date
