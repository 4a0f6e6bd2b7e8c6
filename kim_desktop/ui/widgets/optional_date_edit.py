"""German date fields (TT.MM.JJJJ): a required one with a calendar, and one that may be left empty."""

from datetime import date

from PySide6.QtCore import QDate, QRegularExpression, Qt
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import QCalendarWidget, QDateEdit, QLineEdit, QWidget

from kim_desktop.domain.date_input import InvalidDate, parse_date
from kim_desktop.i18n import _, translate_text
from kim_desktop.ui.icons import icon
from kim_desktop.ui.locale_format import format_date, qt_date_format
from kim_desktop.ui.style import status_colours


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


class OptionalDateEdit(QLineEdit):
    """A date that may be empty, typed as TT.MM.JJJJ (also TTMMJJJJ, T.M.JJ; domain/date_input.py reads it).

    A plain line, not a QDateEdit: an empty QDateEdit has no sections to type into, so typed digits were lost or
    became 14.01.1900. Leaving the field writes a date out in full (4.1.91 → 04.01.1991); text that is no date
    stays as typed, marked as an error. The calendar (button at the end, Alt+↓ or F4) is optional.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("TT.MM.JJJJ"))
        self.setToolTip(_("Datum TT.MM.JJJJ; leer lassen, wenn unbekannt"))
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"[0-9./\- ]{0,12}"), self))
        self.setMaxLength(12)
        self.calendar_action = self.addAction(icon("calendar.svg"), QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.setText(_("Kalender öffnen"))  # the button's accessible name (it takes no Tab stop)
        self.calendar_action.setToolTip(_("Kalender öffnen (Alt+↓)"))
        self.calendar_action.triggered.connect(self.open_calendar)
        self.calendar: QCalendarWidget | None = None
        self.editingFinished.connect(self.tidy)
        self.textEdited.connect(lambda _text: self._show_error(None))

    def error(self) -> str | None:
        """Why the typed text is no date (translated), or None when it is one or empty."""
        try:
            parse_date(self.text(), date.today())
        except InvalidDate as exc:
            return translate_text(exc.text)
        return None

    def value(self) -> date | None:
        """The typed date; None when empty or when the text is no date (error() says so)."""
        try:
            return parse_date(self.text(), date.today())
        except InvalidDate:
            return None

    def set_value(self, value: date | None) -> None:
        """Show a date, or empty for None."""
        self.setText(format_date(value))
        self._show_error(None)

    def clear_value(self) -> None:
        """Make the field empty."""
        self.set_value(None)

    def tidy(self) -> None:
        """On leaving the field: write a date out in full, or mark text that is no date."""
        problem = self.error()
        if problem is None:
            self.setText(format_date(self.value()))
        self._show_error(problem)

    def _show_error(self, problem: str | None) -> None:
        if problem is None and self.property("invalid") is not True:
            return  # nothing marked (typing in a good field restyles nothing)
        self.setProperty("invalid", problem is not None)
        self.setStyleSheet(f"border: 2px solid {status_colours().error};" if problem else "")
        self.setAccessibleDescription(problem or "")
        self.setToolTip(problem or _("Datum TT.MM.JJJJ; leer lassen, wenn unbekannt"))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Alt+↓ or F4 opens the calendar, as on a date field or a combo box; Enter on a slip marks it, saves nothing.

        Enter saves a form; with text that is no date the form would store the field as empty.
        """
        alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt_down or event.key() == Qt.Key.Key_F4:
            self.open_calendar()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.error() is not None:
            self.tidy()
            event.accept()
            return
        super().keyPressEvent(event)

    def open_calendar(self) -> QCalendarWidget:
        """Show the calendar under the field, on the field's date or this month; a chosen day fills the field."""
        if self.calendar is None:
            self.calendar = QCalendarWidget(self)
            self.calendar.setWindowFlags(Qt.WindowType.Popup)
            self.calendar.setGridVisible(True)
            self.calendar.clicked.connect(self._picked)
            self.calendar.activated.connect(self._picked)
        current = self.value()
        if current is not None:
            self.calendar.setSelectedDate(to_qdate(current))
        else:
            today = QDate.currentDate()
            self.calendar.setCurrentPage(today.year(), today.month())
        self.calendar.move(self.mapToGlobal(self.rect().bottomLeft()))
        self.calendar.show()
        self.calendar.setFocus()
        return self.calendar

    def _picked(self, day: QDate) -> None:
        self.set_value(from_qdate(day))
        if self.calendar is not None:
            self.calendar.hide()
        self.setFocus()
        self.editingFinished.emit()
