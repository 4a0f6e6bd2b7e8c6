"""The anonymised KIM report on screen: one tab per section with its lines, bar charts and tables."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.documents.kim_report_tables import Section, Table
from kim_desktop.ui.widgets.bar_chart import BarChart

MAX_TABLE_ROWS_SHOWN = 14


def report_table(table: Table) -> QTableWidget:
    """A read-only table widget tall enough for its rows (up to a limit, then it scrolls)."""
    widget = QTableWidget(len(table.rows), len(table.header))
    widget.setTabKeyNavigation(False)  # Tab leaves the list; arrow keys move between rows
    widget.setObjectName("reportTable")
    widget.setAccessibleName(table.title)
    widget.setHorizontalHeaderLabels(list(table.header))
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.setAlternatingRowColors(True)
    widget.verticalHeader().hide()
    for r, row in enumerate(table.rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c >= table.numeric_from:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            widget.setItem(r, c, item)
    header = widget.horizontalHeader()
    widget.resizeColumnsToContents()
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
        charts.addWidget(BarChart(chart.title, chart.bars, chart.unit), index // 2, index % 2)
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
    """Tabs of sections; show_sections() replaces them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportView")
        self.sections: list[Section] = []
        self.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to reach with Tab before a report exists

    def show_sections(self, sections: list[Section]) -> None:
        """Replace the tabs with the given sections."""
        while self.count():
            page = self.widget(0)
            self.removeTab(0)
            if page is not None:
                page.deleteLater()
        self.sections = sections
        for section in sections:
            self.addTab(section_page(section), section.title)
        self.tabBar().setFocusPolicy(Qt.FocusPolicy.TabFocus if sections else Qt.FocusPolicy.NoFocus)

    def tables(self) -> list[QTableWidget]:
        """Every table widget shown (for tests and accessibility checks)."""
        pages = [self.widget(i) for i in range(self.count())]
        return [t for page in pages if page is not None for t in page.findChildren(QTableWidget)]
