"""Dates, times and numbers as the UI language writes them: German dd.MM.yyyy, English (en_GB) dd/MM/yyyy."""

from dataclasses import dataclass
from datetime import date, datetime, time

from PySide6.QtCore import QLocale


@dataclass(frozen=True)
class _Style:
    """One language's date separator (day, month, year in that order), Qt display format and number locale."""

    separator: str
    qt_date: str
    locale: QLocale.Language
    territory: QLocale.Country


GERMAN = _Style(".", "dd.MM.yyyy", QLocale.Language.German, QLocale.Country.Germany)
STYLES = {
    "de": GERMAN,
    "en": _Style("/", "dd/MM/yyyy", QLocale.Language.English, QLocale.Country.UnitedKingdom),
}
_style = GERMAN

# Dates are put together by hand, not with strftime: under PySide6 every strftime call imports the time module
# through Shiboken's import hook (~8 µs), and the course table formats 30,000 dates per load.


def set_language(language: str) -> None:
    """Format all later dates and numbers in this UI language (unknown languages keep German)."""
    global _style
    _style = STYLES.get(language, GERMAN)


def format_date(day: date | None) -> str:
    """A day, e.g. 31.01.2026 or 31/01/2026; empty for None."""
    if not day:
        return ""
    sep = _style.separator
    return f"{day.day:02d}{sep}{day.month:02d}{sep}{day.year:04d}"


def format_time(moment: time | datetime, seconds: bool = False) -> str:
    """Hours and minutes (and seconds), 24-hour clock in both languages."""
    text = f"{moment.hour:02d}:{moment.minute:02d}"
    return f"{text}:{moment.second:02d}" if seconds else text


def format_datetime(moment: datetime | None, seconds: bool = False) -> str:
    """A day and its time, e.g. 31.01.2026 14:05; empty for None."""
    if moment is None:
        return ""
    return f"{format_date(moment)} {format_time(moment, seconds)}"


def format_number(value: float, decimals: int = 0) -> str:
    """A number with the language's grouping and decimal separator, e.g. 1.234,5 or 1,234.5."""
    locale = QLocale(_style.locale, _style.territory)
    return locale.toString(float(value), "f", decimals)


def qt_date_format(with_time: bool = False) -> str:
    """The display format for QDateEdit / QDateTimeEdit."""
    return f"{_style.qt_date} HH:mm" if with_time else _style.qt_date
