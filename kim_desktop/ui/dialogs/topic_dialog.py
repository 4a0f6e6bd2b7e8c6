"""The topic form: label, whether it counts as a barrier in the KIM report, whether it is offered."""

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from kim_desktop.i18n import _
from kim_desktop.services.database import DbSession
from kim_desktop.services.topics import TopicInput, TopicRow, add_topic, update_topic
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.form_dialog import FormDialog
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.operations import in_session


class TopicDialog(FormDialog):
    """Add a counselling topic (row None) or change one."""

    def __init__(self, ctx: UiContext, row: TopicRow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Thema bearbeiten") if row else _("Neues Beratungsthema"), parent)
        self.row = row
        self.label = QLineEdit()
        self.label.setMaxLength(100)
        self.barrier = QCheckBox(_("zählt im KIM-Bericht als Hindernis (z. B. Kinderbetreuung, Fahrweg)"))
        self.active = QCheckBox(_("im Beratungsformular anbieten"))
        self.active.setChecked(True)
        self.add_field("label", _("Thema *"), self.label)
        self.add_field("is_barrier", "", self.barrier)
        self.add_field("active", "", self.active)
        if row is not None:
            self.label.setText(row.label)
            self.barrier.setChecked(row.is_barrier)
            self.active.setChecked(row.active)
        self.resize(480, self.sizeHint().height())
        self.label.setFocus()

    def save(self) -> None:
        """Save in the background; errors appear beside the fields."""
        data = TopicInput(self.label.text(), self.barrier.isChecked(), self.active.isChecked())
        row, actor = self.row, self.ctx.actor

        def work(session: DbSession) -> None:
            if row is None:
                add_topic(session, data, actor=actor)
            else:
                update_topic(session, row.id, data, actor=actor)

        self.save_in_background(
            in_session(self.ctx, work), lambda _result: self.ctx.events.data_changed.emit(DataKind.SETTINGS)
        )
