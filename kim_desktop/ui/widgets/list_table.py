"""A read-only list as a table: whole rows selected, Tab leaves it, named for screen readers."""

from PySide6.QtWidgets import QAbstractItemView, QTableWidget


def list_table(
    object_name: str, accessible_name: str, headers: list[str], *, stretch_last: bool = True
) -> QTableWidget:
    """A table of rows to pick one from; headers and accessible name already translated."""
    table = QTableWidget(0, len(headers))
    table.setObjectName(object_name)
    table.setAccessibleName(accessible_name)
    table.setTabKeyNavigation(False)  # Tab leaves the list; arrow keys move between rows
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table
