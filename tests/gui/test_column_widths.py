"""Column widths from the first rows' text: wide enough for the title and the sampled cells, blind to the rest."""

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from kim_desktop.ui.widgets.column_widths import SAMPLE_ROWS, fit_columns


def test_widths_follow_title_and_the_first_rows_only(qtbot: QtBot) -> None:
    texts = [["kurz", "x"] for _ in range(SAMPLE_ROWS + 10)]
    texts[3][0] = "ein recht langer Text in der ersten Spalte"
    texts[SAMPLE_ROWS + 5][1] = "ein sehr, sehr langer Text weit unten, nach den Stichproben"
    model = QStandardItemModel(len(texts), 2)
    model.setHorizontalHeaderLabels(["Name", "Zweite Spalte mit Titel"])
    for r, row in enumerate(texts):
        for c, text in enumerate(row):
            model.setItem(r, c, QStandardItem(text))
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    fit_columns(table, lambda r, c: texts[r][c], len(texts))
    cells, titles = table.fontMetrics(), table.horizontalHeader().fontMetrics()
    assert table.columnWidth(0) >= cells.horizontalAdvance(texts[3][0])
    assert titles.horizontalAdvance("Zweite Spalte mit Titel") <= table.columnWidth(1)
    assert table.columnWidth(1) < cells.horizontalAdvance(texts[SAMPLE_ROWS + 5][1])
