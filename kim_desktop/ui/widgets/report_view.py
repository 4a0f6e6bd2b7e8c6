"""The anonymised KIM report on screen: one tab per section with its lines, bar charts and tables.

A tab's widgets are built when it is first opened, and tables are views on a model: a county report has
thousands of detail rows, which as table items cost the GUI thread well over 100 ms.
"""

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.services.report_files import Section, Table
from kim_desktop.ui.widgets.bar_chart import BarChart
from kim_desktop.ui.widgets.column_widths import fit_columns

MAX_TABLE_ROWS_SHOWN = 14
Index = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class ReportTableModel(QAbstractTableModel):
    """One report table's rows of text; figures right-aligned."""

    def __init__(self, table: Table) -> None:
        super().__init__()
        self.table = table

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        """Rows of the table."""
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        """Columns of the table."""
        return 0 if parent.isValid() else len(self.table.header)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        """The column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.table.header[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text and alignment."""
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.table.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= self.table.numeric_from:
            return _RIGHT
        return None


def report_table(table: Table) -> QTableView:
    """A read-only table view tall enough for its rows (up to a limit, then it scrolls)."""
    widget = QTableView()
    widget.setTabKeyNavigation(False)  # Tab leaves the list; arrow keys move between rows
    widget.setObjectName("reportTable")
    widget.setAccessibleName(table.title)
    widget.setModel(ReportTableModel(table))
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.setAlternatingRowColors(True)
    widget.verticalHeader().hide()
    header = widget.horizontalHeader()
    fit_columns(widget, lambda r, c: table.rows[r][c], len(table.rows))  # from the first 50 rows
    if len(table.header) == 2:  # label and one figure: give the figure room, the table needs no full width
        widget.setColumnWidth(1, max(widget.columnWidth(1), 110))
    # As wide as the columns need (no wider: a two-column table across the page is hard to read).
    widget.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
    widget.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    shown = min(len(table.rows), MAX_TABLE_ROWS_SHOWN)
    scrollbar = widget.horizontalScrollBar().sizeHint().height()  # room for it when the page is narrow
    height = header.sizeHint().height() + shown * widget.verticalHeader().defaultSectionSize() + 4 + scrollbar
    widget.setFixedHeight(max(height, header.sizeHint().height() + 30))
    return widget


def section_page(section: Section) -> QScrollArea:
    """A scrollable page with the section's sentences, its charts side by side and its tables below."""
    inner = QWidget()
    layout = QVBoxLayout(inner)
    for line in section.lines:
        label = QLabel(line)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(label)
    charts = QGridLayout()
    for index, chart in enumerate(section.charts):
        charts.addWidget(BarChart(chart.title, chart.bars, chart.unit, chart.left_out), index // 2, index % 2)
    layout.addLayout(charts)
    for table in section.tables:
        if not table.rows:
            table = Table(table.title, table.header, (("–", *[""] * (len(table.header) - 1)),), table.numeric_from)
        title = QLabel(table.title)
        title.setStyleSheet("font-weight: bold; margin-top: 8px;")
        title.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(title)
        layout.addWidget(report_table(table), 0, Qt.AlignmentFlag.AlignLeft)
    layout.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(inner)
    scroll.setObjectName(f"section_{section.key}")
    scroll.setAccessibleName(section.title)
    return scroll


class ReportView(QTabWidget):
    """Tabs of sections; show_sections() replaces them; a tab's content is built when it is first opened."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportView")
        self.sections: list[Section] = []
        self._built: set[int] = set()
        self.currentChanged.connect(self.build_tab)
        self.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to reach with Tab before a report exists

    def show_sections(self, sections: list[Section]) -> None:
        """Replace the tabs with the given sections (only the current one is built now)."""
        self.blockSignals(True)
        while self.count():
            page = self.widget(0)
            self.removeTab(0)
            if page is not None:
                page.deleteLater()
        self.sections, self._built = sections, set()
        for section in sections:
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            self.addTab(holder, section.title)
        self.blockSignals(False)
        self.tabBar().setFocusPolicy(Qt.FocusPolicy.TabFocus if sections else Qt.FocusPolicy.NoFocus)
        self.build_tab(self.currentIndex())

    def build_tab(self, index: int) -> None:
        """Build a section's page inside its tab, once."""
        holder = self.widget(index)
        if index < 0 or index in self._built or holder is None:
            return
        self._built.add(index)
        layout = holder.layout()
        assert layout is not None  # every holder gets its layout in show_sections
        layout.addWidget(section_page(self.sections[index]))

    def tables(self) -> list[QTableView]:
        """Every table of the report, building the tabs not opened yet (for tests and accessibility checks)."""
        for index in range(self.count()):
            self.build_tab(index)
        pages = [self.widget(i) for i in range(self.count())]
        return [t for page in pages if page is not None for t in page.findChildren(QTableView)]
