"""Recording a counselling session: when, channel, interpreter, topics, notes, next steps, follow-up."""

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.domain.enums import Channel
from kim_desktop.domain.errors import ValidationFailed
from kim_desktop.i18n import _, translate_text
from kim_desktop.services.counselling import list_advisors, list_topics, record_session
from kim_desktop.services.database import DbSession
from kim_desktop.services.people_dto import Choice, SessionInput
from kim_desktop.ui.accessibility import announce, label_field, mark_heading
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.person_form import ask_discard
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.icons import icon
from kim_desktop.ui.labels import channel_label
from kim_desktop.ui.locale_format import qt_date_format
from kim_desktop.ui.operations import in_session
from kim_desktop.ui.style import status_colours, text_style
from kim_desktop.ui.widgets.field_errors import FieldErrors
from kim_desktop.ui.widgets.form_inputs import enum_combo
from kim_desktop.ui.widgets.optional_date_edit import OptionalDateEdit


class SessionForm(QDialog):
    """Form for one session of one person; emits saved(session_id) and closes."""

    saved = Signal(int)

    def __init__(self, ctx: UiContext, person_id: int, person_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.errors = FieldErrors()
        self.confirm_discard: Callable[[], bool] = lambda: ask_discard(self)
        self.setWindowTitle(_("Beratung erfassen"))
        self.resize(640, 720)
        who = QLabel(person_name)
        who.setTextFormat(Qt.TextFormat.PlainText)
        who.setStyleSheet("font-size: 15px; font-weight: bold;")
        mark_heading(who)

        now = datetime.now().replace(second=0, microsecond=0)
        self.held_at = QDateTimeEdit(QDateTime(now))
        self.held_at.setDisplayFormat(qt_date_format(with_time=True))
        self.held_at.setCalendarPopup(True)
        self.channel = enum_combo(Channel, channel_label)
        self.interpreter = QLineEdit()
        self.interpreter.setPlaceholderText(_("Sprache, falls gedolmetscht wurde (z. B. ar)"))
        self.topics = QListWidget()
        self.topics.setMaximumHeight(180)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)  # Tab moves on instead of typing a tab character
        self.notes.setTabChangesFocus(True)
        self.next_steps = QPlainTextEdit()
        self.next_steps.setTabChangesFocus(True)  # Tab moves on instead of typing a tab character
        self.next_steps.setTabChangesFocus(True)
        self.next_steps.setMaximumHeight(80)
        self.follow_up_on = OptionalDateEdit()
        self.assignee = QComboBox()
        self.assignee.addItem(_("ich (wer die Beratung führt)"), None)
        self.follow_up_note = QLineEdit()
        self.follow_up_note.setPlaceholderText(_("leer: die nächsten Schritte"))

        form = QFormLayout()
        self._row(form, _("Datum und Uhrzeit"), "held_at", self.held_at)
        self._row(form, _("Kanal"), "channel", self.channel)
        self._row(form, _("Dolmetschung"), "interpreter_language", self.interpreter)
        self._row(form, _("Themen"), "topic_ids", self.topics)
        self._row(form, _("Notizen"), "notes", self.notes)
        self._row(form, _("Vereinbarte nächste Schritte"), "next_steps", self.next_steps)
        self._row(form, _("Wiedervorlage am"), "follow_up_on", self.follow_up_on)
        self._row(form, _("Wiedervorlage durch"), "follow_up_assignee_id", self.assignee)
        self._row(form, _("Notiz zur Wiedervorlage"), "follow_up_note", self.follow_up_note)

        self.summary = QLabel()
        self.summary.setStyleSheet(text_style(status_colours().error, bold=True))
        self.summary.hide()
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(_("Speichern"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setIcon(icon("save.svg"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        cancel = buttons.addButton(_("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._initial = self.collect()
        self._load()

    def _row(self, form: QFormLayout, label: str, name: str, widget: QWidget) -> None:
        widget.setObjectName(name)
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(self.errors.message_label(name, widget))
        caption = QLabel(label)
        form.addRow(caption, box)
        label_field(caption, widget, label)  # buddy: screen readers hear the label with the field

    def _load(self) -> None:
        def work(session: DbSession) -> tuple[list[Choice], list[Choice]]:
            return list_topics(session), list_advisors(session)

        self.ctx.tasks.run(in_session(self.ctx, work), self._loaded)

    def _loaded(self, result: tuple[list[Choice], list[Choice]]) -> None:
        topics, advisors = result
        for topic in topics:
            item = QListWidgetItem(_(topic.label))  # the default topics are translated; an office's own as typed
            item.setData(Qt.ItemDataRole.UserRole, topic.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.topics.addItem(item)
        for advisor in advisors:
            self.assignee.addItem(advisor.label, advisor.id)
        self._initial = self.collect()

    def check_topic(self, label: str) -> None:
        """Tick a topic by its label."""
        for row in range(self.topics.count()):
            item = self.topics.item(row)
            if item.text() == label:
                item.setCheckState(Qt.CheckState.Checked)

    def collect(self) -> SessionInput:
        """The values as entered."""
        topic_ids = tuple(
            int(self.topics.item(r).data(Qt.ItemDataRole.UserRole))
            for r in range(self.topics.count())
            if self.topics.item(r).checkState() == Qt.CheckState.Checked
        )
        held = self.held_at.dateTime().toPython()
        assert isinstance(held, datetime)
        follow_up: date | None = self.follow_up_on.value()
        return SessionInput(
            person_id=self.person_id,
            held_at=held,
            channel=self.channel.currentData(),
            interpreter_language=self.interpreter.text() or None,
            topic_ids=topic_ids,
            notes=self.notes.toPlainText(),
            next_steps=self.next_steps.toPlainText(),
            follow_up_on=follow_up,
            follow_up_assignee_id=self.assignee.currentData(),
            follow_up_note=self.follow_up_note.text(),
        )

    def has_changes(self) -> bool:
        """Whether anything was entered since opening."""
        return self.collect() != self._initial

    def save(self) -> None:
        """Store the session (and its follow-up) in the background."""
        if typed := self.errors.typed_errors():  # a date that is no date: not saved as empty
            self._failed(ValidationFailed(typed))
            return
        data = self.collect()
        actor = self.ctx.actor

        def work(session: DbSession) -> int:
            return record_session(session, data, actor=actor)

        self.save_button.setEnabled(False)
        self.ctx.tasks.run(in_session(self.ctx, work), self._saved, self._failed, _("Wird gespeichert …"), self)

    def _saved(self, session_id: int) -> None:
        self.save_button.setEnabled(True)
        self._initial = self.collect()
        self.ctx.events.data_changed.emit(DataKind.SESSIONS)
        self.saved.emit(session_id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if not isinstance(exc, ValidationFailed):
            raise exc
        unplaced = self.errors.show(exc.errors)  # marks and announces the fields' errors
        text = _("Nicht gespeichert: bitte die rot markierten Angaben prüfen.")
        self.summary.setText(" ".join([text, *(translate_text(e.message) for e in unplaced)]))
        self.summary.show()
        if len(unplaced) == len(exc.errors):  # no field marked: nothing announced yet
            announce(self.summary, self.summary.text(), error=True)

    def reject(self) -> None:
        """Esc or Abbrechen: ask first when something was entered."""
        if self.has_changes() and not self.confirm_discard():
            return
        super().reject()
