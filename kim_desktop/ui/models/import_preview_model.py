"""Table model of a course-import preview: one line per file row, texts made only for the rows the view shows."""

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from kim_desktop.i18n import N_, _, translate_text
from kim_desktop.services.course_import import STATUS_LABELS, ImportItem, ImportStatus
from kim_desktop.ui.style import status_colours

Index = QModelIndex | QPersistentModelIndex
COLUMNS = (N_("Zeile"), N_("Status"), N_("Kurs"), N_("Änderungen / Grund"))


def item_cells(item: ImportItem) -> tuple[str, str, str]:
    """Status, course and details of a preview line in the UI language."""
    details = "\n".join(translate_text(line) for line in item.details)
    return translate_text(STATUS_LABELS[item.status]), translate_text(item.course), details


class ImportPreviewModel(QAbstractTableModel):
    """The preview's lines (a file of 166,000 rows is 166,000 references, not 664,000 table items)."""

    def __init__(self) -> None:
        super().__init__()
        self._items: Sequence[ImportItem] = ()
        self._titles = [_(title) for title in COLUMNS]
        self._tints: dict[ImportStatus, QBrush] = {}

    @property
    def items(self) -> Sequence[ImportItem]:
        """The lines shown, in file order."""
        return self._items

    def set_items(self, items: Sequence[ImportItem]) -> None:
        """Show these lines, tinted by status in the colours readable on the palette now in use."""
        self.beginResetModel()
        colours = status_colours()
        self._tints = {
            ImportStatus.NEW: QBrush(QColor(colours.row_new)),
            ImportStatus.CHANGED: QBrush(QColor(colours.row_changed)),
            ImportStatus.REJECTED: QBrush(QColor(colours.row_rejected)),
        }
        self._items = items
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        """Lines shown."""
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        """Row, status, course, changes or reason."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._titles[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, the status tint as background, the status value as UserRole."""
        if not index.isValid():
            return None
        item = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return str(item.row) if index.column() == 0 else item_cells(item)[index.column() - 1]
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._tints.get(item.status)
        if role == Qt.ItemDataRole.UserRole:
            return item.status.value
        return None
