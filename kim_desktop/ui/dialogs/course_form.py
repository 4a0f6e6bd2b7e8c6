"""The form to create or edit a course: type, provider and location from pick-lists, schedule, seats, childcare."""

from datetime import date, time

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.domain.course_labels import COURSE_STATUS_LABELS, COURSE_TYPE_LABELS
from kim_desktop.domain.enums import CourseStatus, CourseType
from kim_desktop.domain.errors import ValidationFailed
from kim_desktop.domain.schedule import WEEKDAY_SHORT_DE
from kim_desktop.i18n import _, translate_text
from kim_desktop.services.courses import (
    CourseChoices,
    CourseInput,
    EditableCourse,
    course_choices,
    create_course,
    load_course,
    update_course,
)
from kim_desktop.services.database import DbSession
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.locale_format import qt_date_format
from kim_desktop.ui.operations import run_operation
from kim_desktop.ui.style import status_colours, text_style


def _spin(low: int, high: int, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    return box


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class CourseFormDialog(QDialog):
    """Create a course (course_id None) or edit one; saving validates in the service and names wrong fields."""

    def __init__(self, ctx: UiContext, course_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.course_id = course_id
        self.version = 0
        self.loaded: CourseInput | None = None  # as loaded: a conflict names what another desk changed since
        self.saved_id: int | None = None
        self.setWindowTitle(_("Kurs bearbeiten") if course_id else _("Neuer Kurs"))
        self.choices = CourseChoices((), (), ())  # until loaded on the worker

        self.number = QLineEdit()
        self.course_type = QComboBox()
        for course_type, type_label in COURSE_TYPE_LABELS.items():
            self.course_type.addItem(translate_text(type_label), course_type.value)
        self.title_edit = QLineEdit()
        self.provider = QComboBox()
        self.location = QComboBox()
        self.provider.currentIndexChanged.connect(self._fill_locations)
        today = date.today()
        self.start = QDateEdit(_qdate(today))
        self.end = QDateEdit(_qdate(today))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(qt_date_format())
        self.module = _spin(1, 9, 1)
        self.weekdays = [QCheckBox(translate_text(name)) for name in WEEKDAY_SHORT_DE]
        days = QHBoxLayout()
        for box in self.weekdays:
            days.addWidget(box)
        self.start_time = QTimeEdit(QTime(8, 30))
        self.end_time = QTimeEdit(QTime(12, 45))
        self.start_time.setAccessibleName(_("Beginn (Uhrzeit)"))
        self.end_time.setAccessibleName(_("Ende (Uhrzeit)"))
        times = QHBoxLayout()
        times.addWidget(self.start_time)
        times.addWidget(QLabel("–"))
        times.addWidget(self.end_time)
        self.ue_per_week = _spin(1, 50, 25)
        self.max_seats = _spin(1, 99, 25)
        self.has_deadline = QCheckBox(_("Anmeldeschluss"))
        self.deadline = QDateEdit(_qdate(today))
        self.deadline.setDisplayFormat(qt_date_format())
        self.deadline.setAccessibleName(_("Anmeldeschluss (Datum)"))
        self.deadline.setCalendarPopup(True)
        self.has_deadline.toggled.connect(self.deadline.setEnabled)
        self.deadline.setEnabled(False)
        self.care_places = _spin(0, 50, 0)
        self.care_from_months = _spin(0, 120, 12)
        self.care_to_years = _spin(0, 14, 6)
        care = QHBoxLayout()
        for label, widget in ((_("Plätze"), self.care_places), (_("ab Monaten"), self.care_from_months),
                              (_("bis Jahre"), self.care_to_years)):  # fmt: skip
            caption = QLabel(label)
            caption.setBuddy(widget)  # screen readers name the field after its caption
            care.addWidget(caption)
            care.addWidget(widget)
        self.status = QComboBox()
        for status, status_label in COURSE_STATUS_LABELS.items():
            self.status.addItem(translate_text(status_label), status.value)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)  # Tab moves on instead of typing a tab character
        self.notes.setMinimumHeight(60)

        # Two columns: in one the form was 555 px high, more than a 1366×768 laptop at 125 % leaves a dialog.
        what = QFormLayout()
        what.addRow(_("Kursart"), self.course_type)
        what.addRow(_("Kursträger"), self.provider)
        what.addRow(_("Kursort"), self.location)
        what.addRow(_("BAMF-Kursnummer"), self.number)
        what.addRow(_("Titel"), self.title_edit)
        what.addRow(_("Status"), self.status)
        what.addRow(_("Notizen"), self.notes)
        when = QFormLayout()
        when.addRow(_("Kursbeginn"), self.start)
        when.addRow(_("Kursende"), self.end)
        when.addRow(_("Aktuelles Modul"), self.module)
        when.addRow(_("Wochentage"), days)
        when.addRow(_("Uhrzeit"), times)
        when.addRow(_("UE pro Woche"), self.ue_per_week)
        when.addRow(_("Plätze gesamt"), self.max_seats)
        when.addRow(self.has_deadline, self.deadline)
        when.addRow(_("Kinderbetreuung"), care)
        form = QHBoxLayout()
        form.addLayout(what, 1)
        form.addSpacing(16)
        form.addLayout(when, 1)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(text_style(status_colours().error))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)  # until the pick-lists are there
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        def load(session: DbSession) -> tuple[CourseChoices, EditableCourse | None]:
            return course_choices(session), (load_course(session, course_id) if course_id else None)

        run_operation(ctx, load, self._loaded, parent=self, errors=self.error_label)

    def _loaded(self, loaded: tuple[CourseChoices, EditableCourse | None]) -> None:
        self.choices, editable = loaded
        for choice in self.choices.providers:
            self.provider.addItem(choice.label, choice.id)
        self._fill_locations()
        if editable is not None:
            self._load(editable)
        self.save_button.setEnabled(True)

    def _fill_locations(self) -> None:
        provider_id = self.provider.currentData()
        self.location.clear()
        for choice in self.choices.locations:
            if choice.parent_id == provider_id:
                self.location.addItem(choice.label, choice.id)

    def _load(self, editable: EditableCourse) -> None:
        d = editable.data
        self.version = editable.version
        self.loaded = editable.data
        self.course_type.setCurrentIndex(self.course_type.findData(d.course_type.value))
        self.provider.setCurrentIndex(self.provider.findData(d.provider_id))
        self._fill_locations()
        self.location.setCurrentIndex(self.location.findData(d.location_id))
        self.number.setText(d.bamf_course_number or "")
        self.title_edit.setText(d.title or "")
        self.start.setDate(_qdate(d.start_date))
        self.end.setDate(_qdate(d.end_date))
        self.module.setValue(d.current_module)
        for day, box in enumerate(self.weekdays):
            box.setChecked(bool(d.weekdays_mask & (1 << day)))
        self.start_time.setTime(QTime(d.start_time.hour, d.start_time.minute))
        self.end_time.setTime(QTime(d.end_time.hour, d.end_time.minute))
        self.ue_per_week.setValue(d.ue_per_week)
        self.max_seats.setValue(d.max_seats)
        self.has_deadline.setChecked(d.registration_deadline is not None)
        if d.registration_deadline is not None:
            self.deadline.setDate(_qdate(d.registration_deadline))
        self.care_places.setValue(d.childcare_places)
        self.care_from_months.setValue(d.childcare_min_age_months or 0)
        self.care_to_years.setValue(d.childcare_max_age_years or 0)
        self.status.setCurrentIndex(self.status.findData(d.status.value))
        self.notes.setPlainText(d.notes or "")

    def course_input(self) -> CourseInput:
        """The form's values."""
        care = self.care_places.value()
        return CourseInput(
            course_type=CourseType(self.course_type.currentData()),
            provider_id=int(self.provider.currentData() or 0),
            location_id=int(self.location.currentData() or 0),
            start_date=_pydate(self.start.date()),
            end_date=_pydate(self.end.date()),
            weekdays_mask=sum(1 << day for day, box in enumerate(self.weekdays) if box.isChecked()),
            start_time=time(self.start_time.time().hour(), self.start_time.time().minute()),
            end_time=time(self.end_time.time().hour(), self.end_time.time().minute()),
            ue_per_week=self.ue_per_week.value(),
            max_seats=self.max_seats.value(),
            current_module=self.module.value(),
            bamf_course_number=self.number.text(),
            title=self.title_edit.text(),
            registration_deadline=_pydate(self.deadline.date()) if self.has_deadline.isChecked() else None,
            childcare_places=care,
            childcare_min_age_months=self.care_from_months.value() if care else None,
            childcare_max_age_years=self.care_to_years.value() if care else None,
            status=CourseStatus(self.status.currentData()),
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        """Validate and save in the background; on an error the form stays open and says what is wrong."""
        data, course_id, version, loaded = self.course_input(), self.course_id, self.version, self.loaded

        actor = self.ctx.actor

        def work(session: DbSession) -> int:
            if course_id is None:
                return create_course(session, data, actor=actor)
            update_course(session, course_id, data, version, loaded=loaded, actor=actor)
            return course_id

        run_operation(self.ctx, work, self._saved, parent=self, errors=self.error_label, on_failure=self._mark_fields)

    def _saved(self, course_id: int) -> None:
        self.saved_id = course_id
        self.ctx.events.data_changed.emit(DataKind.COURSES)
        self.accept()

    def _mark_fields(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed):  # every field's message, not only the summary
            self.error_label.setText("\n".join(translate_text(e.message) for e in exc.errors))
