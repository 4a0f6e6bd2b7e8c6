"""A German date field (TT.MM.JJJJ) with a calendar that can also be left empty ("leer")."""

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject
from PySide6.QtWidgets import QDateEdit, QWidget

from kim_desktop.i18n import _
from kim_desktop.ui.locale_format import qt_date_format

_EMPTY = QDate(1900, 1, 1)  # the minimum date stands for "no date" and is shown as the special text


def to_qdate(value: date) -> QDate:
    """A Python date as QDate."""
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    """A QDate as Python date."""
    return date(value.year(), value.month(), value.day())


class DateEdit(QDateEdit):
    """A required date: German format and a calendar popup."""

    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat(qt_date_format())
        self.setCalendarPopup(True)
        self.setDate(to_qdate(value or date.today()))

    def value(self) -> date:
        """The chosen date."""
        return from_qdate(self.date())

    def set_value(self, value: date) -> None:
        """Show a date."""
        self.setDate(to_qdate(value))


class OptionalDateEdit(QDateEdit):
    """A date that may be empty: shows "leer" until a date is typed or picked; Entf/Backspace on all clears it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat(qt_date_format())
        self.setCalendarPopup(True)
        self.setMinimumDate(_EMPTY)
        self.setSpecialValueText(_("leer"))
        self.setDate(_EMPTY)
        self.setToolTip(_("Datum TT.MM.JJJJ; leer lassen, wenn unbekannt"))
        self.calendarWidget().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """An empty field's calendar opens on this month, not on the placeholder year 1900."""
        if watched is self.calendarWidget() and event.type() == QEvent.Type.Show and self.value() is None:
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 - Qt override
        """While "leer" is shown there are no sections to step through: Tab leaves the field (Qt would keep it)."""
        if self.value() is None:
            return QWidget.focusNextPrevChild(self, next)
        return super().focusNextPrevChild(next)

    def value(self) -> date | None:
        """The chosen date, or None when empty."""
        if self.date() == _EMPTY:
            return None
        return from_qdate(self.date())

    def set_value(self, value: date | None) -> None:
        """Show a date, or empty for None."""
        self.setDate(_EMPTY if value is None else to_qdate(value))

    def clear_value(self) -> None:
        """Make the field empty."""
        self.setDate(_EMPTY)
