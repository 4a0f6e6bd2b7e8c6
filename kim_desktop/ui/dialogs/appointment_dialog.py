"""Invitation to a counselling appointment (Einladung zum Beratungstermin): fill in, preview, print or save."""

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.i18n import _
from kim_desktop.services.appointment_letters import (
    AppointmentDefaults,
    AppointmentRequest,
    appointment_defaults,
    appointment_letter,
)
from kim_desktop.services.database import DbSession
from kim_desktop.services.document_language import letter_language_names
from kim_desktop.services.issued_documents import IssuedPdf
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.document_preview_dialog import DocumentPreviewDialog
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.icons import icon
from kim_desktop.ui.locale_format import qt_date_format
from kim_desktop.ui.operations import run_operation

DEFAULT_TIME = QTime(9, 0)


def next_workday(day: date) -> date:
    """The first Monday to Friday after a day."""
    following = day + timedelta(days=1)
    while following.weekday() >= 5:
        following += timedelta(days=1)
    return following


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class AppointmentDialog(QDialog):
    """Date, time, place, room, interpreter and letter language of an invitation; printing records it as issued."""

    def __init__(self, ctx: UiContext, person_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.today = date.today()
        self.preview: DocumentPreviewDialog | None = None  # the preview opened last
        self.last_issued: IssuedPdf | None = None
        self.setWindowTitle(_("Einladung zum Beratungstermin"))
        office = ctx.settings.office

        self.date_edit = QDateEdit()
        self.date_edit.setDisplayFormat(qt_date_format())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMinimumDate(_qdate(self.today))
        self.date_edit.setDate(_qdate(next_workday(self.today)))
        self.time_edit = QTimeEdit(DEFAULT_TIME)
        self.time_edit.setDisplayFormat("HH:mm")
        self.place_name = QLineEdit(office.name)
        self.place_address = QLineEdit(
            ", ".join(p for p in (office.street, f"{office.postcode} {office.city}".strip()) if p)
        )
        self.room = QLineEdit()
        self.room.setPlaceholderText(_("z. B. Raum 214, 2. Stock"))
        self.transit = QLineEdit()
        self.transit.setPlaceholderText(_("z. B. Bus 21 bis Kreishaus"))
        self.interpreter = QLineEdit()
        self.interpreter.setPlaceholderText(_("leer: keine Dolmetschung bestellt"))
        self.language_box = QComboBox()
        self.language_box.addItem(_("Sprache der Person"), None)
        for code, name in letter_language_names():
            label = _("{name} (nur Deutsch)").format(name=name) if code == "de" else f"{name} ({code})"
            self.language_box.addItem(label, code)

        form = QFormLayout()
        form.addRow(_("Datum:"), self.date_edit)
        form.addRow(_("Uhrzeit:"), self.time_edit)
        form.addRow(_("Ort:"), self.place_name)
        form.addRow(_("Anschrift:"), self.place_address)
        form.addRow(_("Raum:"), self.room)
        form.addRow(_("Anfahrt:"), self.transit)
        form.addRow(_("Dolmetschung für:"), self.interpreter)
        form.addRow(_("Zweite Sprache des Briefs:"), self.language_box)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.preview_button = QPushButton(icon("print.svg"), _("Vorschau und Drucken …"))
        close = QPushButton(_("Schließen"))
        self.preview_button.setDefault(True)
        self.preview_button.clicked.connect(self.show_preview)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.preview_button, close):
            buttons.addWidget(button)
        self.person_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.person_label)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        actor = ctx.actor

        def defaults(session: DbSession) -> AppointmentDefaults:
            return appointment_defaults(session, person_id, actor=actor)

        run_operation(ctx, defaults, self._apply_defaults, parent=self, errors=self.status)

    # --- defaults ----------------------------------------------------------------------------------------

    def _apply_defaults(self, defaults: AppointmentDefaults) -> None:
        self.person_label.setText(_("Einladung für {name}").format(name=defaults.display_name))
        if not self.interpreter.text():
            self.interpreter.setText(defaults.interpreter_language)
        index = self.language_box.findData(defaults.letter_language)
        if index > 0:
            self.language_box.setItemText(
                0, _("Sprache der Person: {label}").format(label=self.language_box.itemText(index))
            )

    # --- input -------------------------------------------------------------------------------------------

    def set_date(self, day: date) -> None:
        """Set the appointment date."""
        self.date_edit.setDate(_qdate(day))

    def set_language(self, code: str | None) -> None:
        """Pick the letter's second language (None: the person's)."""
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(code)))

    def chosen_language(self) -> str | None:
        """The language picked, or None for the person's language."""
        value = self.language_box.currentData()
        return str(value) if value else None

    def request(self) -> AppointmentRequest:
        """The appointment as filled in."""
        day = self.date_edit.date()
        clock = self.time_edit.time()
        return AppointmentRequest(
            appointment_date=date(day.year(), day.month(), day.day()),
            appointment_time=clock.toPython(),  # type: ignore[arg-type]
            place_name=self.place_name.text(),
            place_address=self.place_address.text(),
            room=self.room.text(),
            transit_notes=self.transit.text(),
            interpreter_language=self.interpreter.text(),
        )

    # --- rendering and recording -------------------------------------------------------------------------

    def _advisor_id(self) -> int | None:
        return self.ctx.actor.advisor_id if self.ctx.actor is not None else None

    def _letter(self, language: str | None, record: bool) -> Callable[[DbSession], IssuedPdf]:
        """The letter's use case for the worker, with what the dialog shows now (read here, on the GUI thread).

        The preview has no language choice of its own: the language is the one picked in this form.
        """
        person_id, request, office = self.person_id, self.request(), self.ctx.settings.office
        advisor_id, language, actor, today = self._advisor_id(), self.chosen_language(), self.ctx.actor, self.today
        return lambda session: appointment_letter(
            session, person_id, request, office, advisor_id,
            language=language, record=record, actor=actor, today=today,
        )  # fmt: skip

    def show_preview(self) -> None:
        """Render the letter (nothing recorded) and show it in the preview, where it is printed or saved."""
        if self.preview is not None and self.preview.isVisible():
            self.preview.file_name = self._file_name()  # the date may have changed
            self.preview.refresh()  # the open preview shows the form as it is now
            return
        preview = DocumentPreviewDialog(
            self.ctx, _("Einladung – Vorschau"), self._file_name(), issuer=self._letter, changed=DataKind.PEOPLE,
            on_recorded=self.recorded, job_name=f"KIM Einladung {self.person_id}", parent=self,
        )  # fmt: skip
        preview.open()
        preview.focus_print()
        self.preview = preview
        self.status.setText(_("Vorschau geöffnet: dort drucken (Strg+P) oder als PDF speichern (Strg+S)."))

    def recorded(self, letter: IssuedPdf) -> None:
        """On the GUI thread after the preview recorded the letter: say so here too."""
        self.last_issued = letter
        self.status.setText(self._describe(letter) + " · " + _("als ausgegeben vermerkt"))

    def _describe(self, letter: IssuedPdf) -> str:
        if letter.language == "de":
            return _("Nur Deutsch")
        return _("Deutsch + {language}").format(language=letter.language)

    def _file_name(self) -> str:
        day = self.request().appointment_date.isoformat()
        return _("Einladung-{id}-{date}.pdf").format(id=self.person_id, date=day)
