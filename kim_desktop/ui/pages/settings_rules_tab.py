"""The "Regeln" tab: the rules table (fees, deadlines, thresholds, weights) with an editable value column."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.i18n import _, translate_text
from kim_desktop.services.database import DbSession
from kim_desktop.services.rules_admin import RuleRow, list_rules, reset_rule, set_rule
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.operations import run_operation
from kim_desktop.ui.pages.settings_common import message_label, show_message

DESCRIPTION, DEFAULT, VALUE = range(3)


def _cell(text: str, editable: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class RulesTab(QWidget):
    """Every rule with its description, default and current value; a changed value is saved at once."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: list[RuleRow] = []
        explanation = QLabel(
            _(
                "Beträge, Fristen und Schwellen ändern sich mit dem Gesetz oder der Förderrichtlinie. Zum Ändern den "
                "aktuellen Wert doppelt anklicken, den neuen Wert eingeben und mit der Eingabetaste bestätigen. "
                "Fett: abweichend vom Standard."
            )
        )
        explanation.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setTabKeyNavigation(False)  # Tab leaves the grid; arrows move, Tab in an open editor goes on
        self.table.setObjectName("rulesTable")
        self.table.setAccessibleName(_("Regeltabelle"))
        self.table.setHorizontalHeaderLabels([_("Regel"), _("Standard"), _("Aktueller Wert")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(DEFAULT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(VALUE, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(VALUE, 140)
        self.table.itemChanged.connect(self._value_changed)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.reset_button = QPushButton(_("Auf Standard zurücksetzen"))
        self.reset_button.setObjectName("resetRule")
        self.reset_button.setEnabled(False)
        self.reset_button.clicked.connect(self.reset_selected)
        self.message = message_label("rulesMessage")
        buttons = QHBoxLayout()
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def reload(self) -> None:
        """Load the rules table."""

        def work(session: DbSession) -> list[RuleRow]:
            return list_rules(session)

        run_operation(self.ctx, work, self._show)

    def _show(self, rows: list[RuleRow]) -> None:
        self.rows = rows
        self.table.blockSignals(True)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            self._fill(r, row)
        self.table.blockSignals(False)
        self._selection_changed()

    def _fill(self, r: int, row: RuleRow) -> None:
        description = _cell(translate_text(row.description))
        description.setToolTip(row.key)
        self.table.setItem(r, DESCRIPTION, description)
        default = _cell(row.default)
        default.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(r, DEFAULT, default)
        value = _cell(row.value, editable=True)
        value.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        font = QFont(value.font())
        font.setBold(row.overridden)
        value.setFont(font)
        value.setToolTip(_("abweichend vom Standard ({default})").format(default=row.default) if row.overridden else "")
        self.table.setItem(r, VALUE, value)

    def row_of(self, key: str) -> int:
        """Table row of a rule (tests and the edit handler)."""
        return next(i for i, row in enumerate(self.rows) if row.key == key)

    def set_value(self, key: str, text: str) -> None:
        """Enter a rule's new value as if typed into its cell."""
        item = self.table.item(self.row_of(key), VALUE)
        if item is not None:
            item.setText(text)

    def _replace_row(self, r: int, row: RuleRow) -> None:
        self.rows[r] = row
        self.table.blockSignals(True)
        self._fill(r, row)
        self.table.blockSignals(False)
        self._selection_changed()

    def _value_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != VALUE or not 0 <= item.row() < len(self.rows):
            return
        r, before = item.row(), self.rows[item.row()]
        text = item.text()
        if text.strip() == before.value:
            return

        def work(session: DbSession) -> RuleRow:
            return set_rule(session, before.key, text, actor=self.ctx.actor)

        def done(row: RuleRow) -> None:
            self._replace_row(r, row)
            show_message(
                self.message,
                _("Gespeichert: {rule} = {value}").format(rule=translate_text(row.description), value=row.value),
            )
            self.ctx.events.data_changed.emit(DataKind.SETTINGS)

        def refused(message: str) -> None:
            self._replace_row(r, before)
            show_message(self.message, message, error=True)

        run_operation(self.ctx, work, done, errors=refused)

    def _selection_changed(self) -> None:
        r = self.table.currentRow() if self.table.selectedItems() else -1
        self.reset_button.setEnabled(0 <= r < len(self.rows) and self.rows[r].overridden)

    def reset_selected(self) -> None:
        """Set the selected rule back to its default."""
        r = self.table.currentRow()
        if not 0 <= r < len(self.rows):
            return
        key = self.rows[r].key

        def work(session: DbSession) -> RuleRow:
            return reset_rule(session, key, actor=self.ctx.actor)

        def done(row: RuleRow) -> None:
            self._replace_row(r, row)
            show_message(
                self.message,
                _("Zurückgesetzt: {rule} = {value}").format(rule=translate_text(row.description), value=row.value),
            )
            self.ctx.events.data_changed.emit(DataKind.SETTINGS)

        run_operation(self.ctx, work, done)
