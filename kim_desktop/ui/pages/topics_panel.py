"""Counselling topics (Stammdaten): the list the session form offers, with add and edit."""

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget

from kim_desktop.i18n import _
from kim_desktop.services.database import DbSession
from kim_desktop.services.topics import TopicRow, list_topic_rows
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.topic_dialog import TopicDialog
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.operations import run_operation
from kim_desktop.ui.style import status_colours, text_style
from kim_desktop.ui.widgets.list_table import list_table


class TopicsPanel(QWidget):
    """The topics in the session form's order; switched-off ones stay on past sessions."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: list[TopicRow] = []
        headers = [_("Thema"), _("Hindernis im Bericht"), _("angeboten"), _("Beratungen")]
        self.table = list_table("topicsTable", _("Beratungsthemen"), headers)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.new_button = QPushButton(_("Neues Thema …"))
        self.new_button.setObjectName("newTopic")
        self.edit_button = QPushButton(_("Bearbeiten …"))
        self.edit_button.setObjectName("editTopic")
        self.new_button.clicked.connect(lambda: self.open_form(None))
        self.edit_button.clicked.connect(self.edit_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        ctx.events.data_changed.connect(self._on_data_changed)

    def reload(self) -> None:
        """Load the topics in the background."""

        def work(session: DbSession) -> list[TopicRow]:
            return list_topic_rows(session)

        run_operation(self.ctx, work, self._loaded, errors=self._failed)

    def _loaded(self, rows: list[TopicRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            cells = (
                row.label,
                _("ja") if row.is_barrier else "",
                _("ja") if row.active else _("nein"),
                str(row.sessions),
            )
            for column, text in enumerate(cells):
                self.table.setItem(index, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def open_form(self, row: TopicRow | None) -> TopicDialog:
        """The form for a new or an existing topic (non-blocking)."""
        dialog = TopicDialog(self.ctx, row, self)
        dialog.open()
        return dialog

    def edit_selected(self) -> None:
        """Open the selected topic's form."""
        index = self.table.currentRow()
        if 0 <= index < len(self.rows):
            self.open_form(self.rows[index])

    def _on_data_changed(self, kind: str) -> None:
        if kind in (DataKind.SETTINGS, DataKind.ALL):
            self.reload()

    def _failed(self, message: str) -> None:
        self.message.setText(message)
        self.message.setStyleSheet(text_style(status_colours().error))
