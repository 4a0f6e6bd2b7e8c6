"""The case view of one person: essentials and warnings on top, then open follow-ups and the timeline."""

import html
import itertools
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.domain.case_warnings import Severity
from kim_desktop.i18n import _, translate_text
from kim_desktop.services.case_file import get_case_file
from kim_desktop.services.database import DbSession
from kim_desktop.services.people_dto import CaseFile
from kim_desktop.ui.accessibility import announce, mark_heading
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.person_form import PersonForm
from kim_desktop.ui.dialogs.session_form import SessionForm
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.icons import icon
from kim_desktop.ui.labels import permission_label
from kim_desktop.ui.locale_format import format_date, format_datetime
from kim_desktop.ui.operations import in_session
from kim_desktop.ui.pages.case_consents import ConsentsSection
from kim_desktop.ui.pages.case_privacy import PrivacyActions
from kim_desktop.ui.style import note_style, status_colours


def severity_style(severity: Severity) -> str:
    """The note style of a warning, readable on the palette in use."""
    colours = status_colours()
    box = {Severity.ERROR: colours.error_box, Severity.WARNING: colours.warning_box, Severity.INFO: colours.info_box}
    return note_style(box[severity])


def german(day: object) -> str:
    """A date in the UI language's format, or a dash."""
    return format_date(day) if day is not None else "—"  # type: ignore[arg-type]


class CaseView(QWidget):
    """One person's case file. Other features add their buttons with add_action_button()."""

    back_requested = Signal()
    person_changed = Signal(int)  # the shown person was opened or reloaded

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.person_id: int | None = None
        self.case: CaseFile | None = None
        self.session_form: SessionForm | None = None  # the last one opened
        self.back_button = QPushButton(_("← Zurück zur Liste"))
        self.back_button.clicked.connect(self.back_requested)
        self.name_label = QLabel()
        self.name_label.setObjectName("caseName")
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.name_label.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        mark_heading(self.name_label, 1)  # screen readers: the person's name heads the case, "Verlauf" a section
        self.facts_label = QLabel()
        self.facts_label.setObjectName("caseFacts")
        self.facts_label.setTextFormat(Qt.TextFormat.RichText)  # values are escaped in _facts_html
        self.facts_label.setWordWrap(True)
        self.session_button = QPushButton(icon("session-add.svg"), _("Beratung erfassen"))
        self.session_button.setObjectName("recordSession")
        self.session_button.clicked.connect(self.record_session)
        self.edit_button = QPushButton(_("Daten bearbeiten"))
        self.edit_button.setObjectName("editPerson")
        self.edit_button.clicked.connect(self.edit_person)
        self.action_row = QHBoxLayout()
        self.action_row.addWidget(self.session_button)
        self.action_row.addWidget(self.edit_button)
        self.action_row.addStretch(1)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addStretch(1)
        self.warnings_box = QVBoxLayout()
        self.warnings_box.setSpacing(4)
        self.follow_ups_label = QLabel()
        self.follow_ups_label.setObjectName("caseFollowUps")
        self.follow_ups_label.setTextFormat(Qt.TextFormat.PlainText)
        self.follow_ups_label.setWordWrap(True)
        self.timeline = QListWidget()
        self.timeline.setObjectName("timeline")
        self.timeline.setAccessibleName(_("Verlauf"))
        self.timeline.setWordWrap(True)
        self.timeline.setAlternatingRowColors(True)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.name_label)
        layout.addWidget(self.facts_label)
        layout.addLayout(self.warnings_box)
        layout.addLayout(self.action_row)
        layout.addWidget(line)
        layout.addWidget(self.follow_ups_label)
        self.consents = ConsentsSection(ctx)
        layout.addWidget(self.consents)
        heading = mark_heading(QLabel(_("Verlauf (neueste zuerst)")), 2)
        heading.setStyleSheet("font-weight: bold;")
        layout.addWidget(heading)
        layout.addWidget(self.timeline, 1)
        self.lookup_button = self.add_action_button(_("Passende Kurse …"), self.open_course_lookup)
        self.lookup_button.setObjectName("courseLookup")
        self.action_row.removeWidget(self.lookup_button)
        self.action_row.insertWidget(0, self.lookup_button)  # the desk's usual next step comes first
        self.lookup_dialog: QDialog | None = None  # the last lookup opened
        self.appointment_button = self.add_action_button(_("Einladung …"), self.open_appointment_letter)
        self.appointment_button.setObjectName("appointmentLetter")
        self.appointment_dialog: QDialog | None = None  # the last invitation opened
        self.privacy = PrivacyActions(self)  # Auskunft and Löschen, for administrators
        self._focus_next_step = False
        self._order_tab_stops()
        ctx.events.data_changed.connect(self._on_data_changed)

    # --- extension point -------------------------------------------------------------------------------

    def add_action_button(self, text: str, callback: Callable[[int], None]) -> QPushButton:
        """Add a button to the case's action row; callback gets the shown person's id (e.g. 'Passende Kurse')."""
        button = QPushButton(text)
        button.clicked.connect(lambda: None if self.person_id is None else callback(self.person_id))
        self.action_row.insertWidget(self.action_row.count() - 1, button)
        return button

    def open_course_lookup(self, person_id: int) -> None:
        """Open the course lookup pre-filled from this person (type, times, childcare, travel, permission)."""
        from kim_desktop.ui.dialogs.course_lookup_dialog import open_course_lookup

        self.lookup_dialog = open_course_lookup(self.ctx, person_id, self)

    def open_appointment_letter(self, person_id: int) -> None:
        """Open the invitation to a counselling appointment (Einladung) for this person (non-blocking)."""
        from kim_desktop.ui.dialogs.appointment_dialog import AppointmentDialog

        dialog = AppointmentDialog(self.ctx, person_id, self)
        dialog.open()
        self.appointment_dialog = dialog

    # --- showing ---------------------------------------------------------------------------------------

    def show_person(self, person_id: int) -> None:
        """Load and show a person's case file; a newly opened case puts the focus on its next step."""
        self._focus_next_step = person_id != self.person_id or not self.isVisible()
        self.person_id = person_id

        def work(session: DbSession) -> CaseFile:
            return get_case_file(session, person_id, actor=self.ctx.actor)

        self.ctx.tasks.run(in_session(self.ctx, work), self._show)
        self.consents.show_person(person_id)

    def _show(self, case: CaseFile) -> None:
        if case.person.id != self.person_id:
            return
        self.case = case
        self.name_label.setText(case.person.display_name)
        self.setAccessibleName(_("Fallakte {name}").format(name=case.person.display_name))
        self.facts_label.setText(self._facts_html(case))
        while self.warnings_box.count():
            old = self.warnings_box.takeAt(0)
            widget = old.widget() if old is not None else None
            if widget is not None:
                widget.deleteLater()
        for warning in case.warnings:
            label = QLabel(translate_text(warning.text))
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setObjectName(f"warning_{warning.code}")
            label.setWordWrap(True)
            label.setStyleSheet(severity_style(warning.severity))
            self.warnings_box.addWidget(label)
        if case.open_follow_ups:
            lines = [
                _("Wiedervorlage {d}: {note}").format(d=german(f.due_on), note=f.note or "—")
                for f in case.open_follow_ups
            ]
            self.follow_ups_label.setText("\n".join(lines))
        else:
            self.follow_ups_label.setText(_("Keine offene Wiedervorlage."))
        self.timeline.clear()
        for entry in case.timeline:
            who = f" · {entry.advisor_name}" if entry.advisor_name else ""
            text = f"{format_datetime(entry.at)} · {translate_text(entry.title)}{who}"
            if entry.text:
                text += f"\n{translate_text(entry.text)}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, entry.kind)
            self.timeline.addItem(item)
        if not case.timeline:
            self.timeline.addItem(_("Noch keine Beratung erfasst."))
        if self._focus_next_step:
            self._focus_next_step = False
            self.next_step_button().setFocus()
            # The focus lands on a button; this says (politely, after the button) whose case opened.
            announce(self.name_label, self.accessibleName())
        self.person_changed.emit(case.person.id)

    def next_step_button(self) -> QPushButton:
        """The action the desk most likely takes next: the course lookup, unless a seat is already held."""
        if self.case is not None and self.case.open_referral:
            return self.session_button
        return self.lookup_button

    def _order_tab_stops(self) -> None:
        """Tab goes through the actions (in the row's order) before the consents and the timeline."""
        buttons = [self.back_button]
        for index in range(self.action_row.count()):
            item = self.action_row.itemAt(index)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QPushButton):
                buttons.append(widget)
        for first, second in itertools.pairwise([*buttons, self.consents, self.timeline]):
            QWidget.setTabOrder(first, second)

    @staticmethod
    def _facts_html(case: CaseFile) -> str:
        person = case.person
        data = person.data
        esc = html.escape
        parts = [
            _("geb. {d}").format(d=german(data.birth_date)),
            esc(person.municipality_name or "—"),
        ]
        if data.phone:
            parts.append(_("Tel. {p}").format(p=esc(data.phone)))
        if data.first_language:
            interpreter = _(", Dolmetschung nötig") if data.interpreter_needed else ""
            parts.append(_("Sprache: {l}{i}").format(l=esc(data.first_language), i=interpreter))
        permission = person.current_permission
        if permission is not None:
            text = permission_label(permission.kind)
            if permission.expires_on:
                text += _(" bis {d}").format(d=german(permission.expires_on))
            if permission.file_number:
                text += f" ({esc(permission.file_number)})"
        else:
            text = _("keine Berechtigung erfasst")
        lines = [" · ".join(parts), "<b>" + esc(text) + "</b>"]
        status = []
        if case.open_referral:
            status.append(_("Vermittlung: {r}").format(r=esc(translate_text(case.open_referral))))
        if case.on_waiting_list:
            status.append(_("auf der Warteliste"))
        if data.needs_childcare:
            status.append(_("braucht Kinderbetreuung"))
        if status:
            lines.append(" · ".join(status))
        return "<br>".join(lines)

    # --- actions ---------------------------------------------------------------------------------------

    def record_session(self) -> SessionForm | None:
        """Open the session form for the shown person (non-blocking)."""
        if self.person_id is None or self.case is None:
            return None
        form = SessionForm(self.ctx, self.person_id, self.case.person.display_name, self)
        form.saved.connect(lambda _id: self.reload())
        form.open()
        self.session_form = form
        return form

    def edit_person(self) -> PersonForm | None:
        """Open the person form for the shown person (non-blocking)."""
        if self.person_id is None:
            return None
        form = PersonForm(self.ctx, self.person_id, self)
        form.saved.connect(lambda _id: self.reload())
        form.open()
        return form

    def reload(self) -> None:
        """Show the current person again (after a change)."""
        if self.person_id is not None:
            self.show_person(self.person_id)

    def _on_data_changed(self, kind: str) -> None:
        if kind in (DataKind.REFERRALS, DataKind.ALL) and self.isVisible():
            self.reload()
