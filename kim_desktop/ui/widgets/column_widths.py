"""Column widths from the first rows' text, measured with the font: no model calls from the view.

QTableView.resizeColumnsToContents() asks the delegate for each sampled cell's size hint, which calls the
Python model's data() for seven or eight roles per cell: with 16 columns and 50 rows that alone costs the
GUI thread around 100 ms. Measuring the cell texts directly costs a few milliseconds.
"""

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

SAMPLE_ROWS = 50
CELL_PADDING = 16  # the delegate's text margins and the grid line, with a little room
HEADER_PADDING = 24  # the section's margins and a sort indicator


def fit_columns(table: QTableView, cell_text: Callable[[int, int], str], rows: int) -> None:
    """Set each column as wide as its title and the widest text among the first SAMPLE_ROWS rows."""
    model = table.model()
    if model is None:
        return
    cells, titles = table.fontMetrics(), table.horizontalHeader().fontMetrics()
    sample = range(min(rows, SAMPLE_ROWS))
    last = model.columnCount() - 1
    for column in range(model.columnCount()):
        if column == last and table.horizontalHeader().stretchLastSection():
            continue
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        width = titles.horizontalAdvance(title) + HEADER_PADDING
        for row in sample:
            width = max(width, cells.horizontalAdvance(cell_text(row, column)) + CELL_PADDING)
        table.setColumnWidth(column, width)


def level_widths(widths: list[int], excess: int, minimum: int) -> list[int]:
    """Narrow the widest of these columns first, none below minimum, until excess pixels are saved (or no more can).

    The columns end up no wider than one level: narrow ones keep their width, wide ones meet at the level.
    """
    if excess <= 0 or not widths:
        return list(widths)
    level = max(widths)
    while level > minimum and sum(w - min(w, level) for w in widths) < excess:
        level -= 1
    return [min(w, max(level, minimum)) for w in widths]


def keep_column_in_view(table: QTableView, column: int, narrowable: list[int], natural: dict[int, int]) -> None:
    """Narrow the narrowable columns (from their natural widths) so that the column ends within the viewport.

    Text in a narrowed column is elided; what fits again on a wider window gets its natural width back.
    """
    header = table.horizontalHeader()
    for index in narrowable:
        if index in natural:
            header.resizeSection(index, natural[index])
    edge = sum(header.sectionSize(c) for c in range(column + 1) if not header.isSectionHidden(c))
    excess = edge - table.viewport().width()
    widths = level_widths([header.sectionSize(c) for c in narrowable], excess, minimum=NARROWEST)
    for index, width in zip(narrowable, widths, strict=True):
        header.resizeSection(index, width)


NARROWEST = 80  # a narrowed name column still shows its first word or so
