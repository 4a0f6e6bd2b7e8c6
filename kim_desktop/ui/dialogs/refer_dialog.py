"""Refer a person to a course: show the course and the hold's end date, reserve the seat, then the letter."""

import html
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kim_desktop.domain.errors import Conflict
from kim_desktop.i18n import _, ngettext
from kim_desktop.services.database import DbSession
from kim_desktop.services.referral_dto import ReservationPreview, ReservationResult
from kim_desktop.services.referrals import reservation_preview, reserve_seat
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.locale_format import format_date
from kim_desktop.ui.operations import run_operation


def _provisional_note(preview: ReservationPreview) -> str:
    """On an outreach copy: seats of this course already held offline, and that a new hold is provisional too."""
    if not preview.on_outreach_copy:
        return ""
    note = ""
    if preview.provisional_holds:
        note = "<br>" + ngettext(
            "{n} weiterer Platz ist auf diesem Außentermin vorläufig reserviert.",
            "{n} weitere Plätze sind auf diesem Außentermin vorläufig reserviert.",
            preview.provisional_holds,
        ).format(n=preview.provisional_holds)
    return (
        note
        + "<br>"
        + _(
            "<b>Vorläufig (Außentermin):</b> Der Platz wird erst beim Abgleich im Büro bestätigt; "
            "das Schreiben sagt das der Person."
        )
    )


class ReferDialog(QDialog):
    """'Platz reservieren' for one person and course; afterwards 'Schreiben anzeigen'."""

    def __init__(
        self, ctx: UiContext, person_id: int, course_id: int, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.course_id = course_id
        self.today = today or date.today()
        self.referral_id: int | None = None
        self.preview: ReservationPreview | None = None
        self.letter: QDialog | None = None  # the letter preview opened after reserving
        self.setWindowTitle(_("Vermitteln"))
        self.setMinimumWidth(460)  # the hold line and the letter line in full
        self.summary = QLabel(_("Wird geladen …"))
        self.summary.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.reserve_button = QPushButton(_("Platz reservieren"))
        self.letter_button = QPushButton(_("Schreiben anzeigen"))
        self.letter_button.setEnabled(False)
        close = QPushButton(_("Schließen"))
        self.reserve_button.clicked.connect(self.reserve)
        self.letter_button.clicked.connect(self.show_letter)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.reserve_button, self.letter_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._load()

    def _load(self) -> None:
        def work(session: DbSession) -> ReservationPreview:
            return reservation_preview(session, self.person_id, self.course_id, self.today, actor=self.ctx.actor)

        run_operation(self.ctx, work, self._show, parent=self, errors=self.message, on_failure=self._refused)

    def _show(self, preview: ReservationPreview) -> None:
        self.preview = preview
        esc = html.escape
        if preview.letter_language == "de":
            letter = _("Danach zeigt sich das Vermittlungsschreiben (Deutsch) zum Drucken.")
        else:
            letter = _("Danach zeigt sich das Vermittlungsschreiben (Deutsch und {language}) zum Drucken.").format(
                language=esc(preview.letter_language_name)
            )
        if self.referral_id is None:
            hold = _("Eine Reservierung hält den Platz bis einschließlich <b>{hold}</b>.").format(
                hold=format_date(preview.hold_until)
            )
        else:
            hold = ""
        self.summary.setText(
            _(
                "<b>{person}</b><br>Kurs: {course}<br>Träger: {provider}<br>Beginn: {start}<br>Freie Plätze: {free}"
            ).format(
                person=esc(preview.person_name),
                course=esc(preview.course_label),
                provider=esc(preview.provider),
                start=format_date(preview.course_start),
                free=preview.free_seats,
            )
            + (f"<br>{hold}<br>{letter}" if hold else "")
            + _provisional_note(preview)
        )
        if self.referral_id is None:
            self.reserve_button.setEnabled(preview.free_seats > 0)
            if preview.free_seats > 0:  # Enter reserves; the confirmation is this dialog
                self.reserve_button.setDefault(True)
                self.reserve_button.setFocus()

    def reserve(self) -> None:
        """Reserve the seat (one transaction); on success offer the letter."""
        actor = self.ctx.actor

        def work(session: DbSession) -> ReservationResult:
            return reserve_seat(session, self.person_id, self.course_id, actor=actor, today=self.today)

        run_operation(self.ctx, work, self._reserved, parent=self, errors=self.message, on_failure=self._refused)

    def _reserved(self, result: ReservationResult) -> None:
        self.referral_id = result.referral_id
        self.message.setText(
            _("Platz reserviert bis einschließlich {hold}.").format(hold=format_date(result.hold_until))
        )
        self.reserve_button.setEnabled(False)
        self.reserve_button.setDefault(False)
        self.letter_button.setEnabled(True)
        self.letter_button.setDefault(True)
        self.letter_button.setFocus()
        self.ctx.events.data_changed.emit(DataKind.REFERRALS)
        self.ctx.events.data_changed.emit(DataKind.COURSES)
        self._load()  # the free seats as they are now
        self.letter = self.show_letter()  # the next step at once: the letter, with "Drucken" focused

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, Conflict):
            self.reserve_button.setEnabled(False)
            self.ctx.events.data_changed.emit(DataKind.COURSES)  # the lookup shows the seat as gone

    def show_letter(self) -> QDialog | None:
        """Open the letter preview of the new referral."""
        if self.referral_id is None:
            return None
        from kim_desktop.ui.dialogs.letter_preview_dialog import LetterPreviewDialog

        dialog = LetterPreviewDialog(self.ctx, self.referral_id, self, today=self.today)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        dialog.focus_print()
        return dialog


def refer_person(
    ctx: UiContext, person_id: int, course_id: int, parent: QWidget | None, today: date | None = None
) -> ReferDialog:
    """Open the refer dialog (window-modal, non-blocking) for a person and a course, e.g. from a lookup result."""
    dialog = ReferDialog(ctx, person_id, course_id, parent, today)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
