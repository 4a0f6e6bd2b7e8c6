"""The Berichte page: default quarter, computing on demo data, figures in tables, charts, saving, merging."""

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Role
from kim_desktop.services.demo_data import generate_demo_data
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.pages.reports_page import ReportsPage
from kim_desktop.ui.widgets.bar_chart import BarChart
from tests.integration.cli_accounts import add_cli_accounts

TODAY = date(2026, 5, 20)


@pytest.fixture
def page(qtbot: QtBot, ui_context: UiContext) -> ReportsPage:
    """The page on a database with demo data as of TODAY."""
    generate_demo_data(ui_context.db.sessions, today=TODAY)
    widget = ReportsPage(ui_context, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _cells(page: ReportsPage) -> list[list[str]]:
    rows = []
    for table in page.view.tables():
        model = table.model()
        for r in range(model.rowCount()):
            rows.append([model.index(r, c).data() for c in range(model.columnCount())])
    return rows


def test_defaults_to_last_complete_quarter(page: ReportsPage) -> None:
    assert page.quarter.currentData() == "2026Q1"
    assert page.period() == (date(2026, 1, 1), date(2026, 3, 31))
    assert "laufend" in page.quarter.itemText(0)
    assert not page.pdf_button.isEnabled()


def test_create_shows_sections_tables_and_charts(qtbot: QtBot, page: ReportsPage, tmp_path: Path) -> None:
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert page.report is not None
    assert page.view.count() == 6
    assert [page.view.tabText(i) for i in range(2)] == ["Beratung", "Vermittlungen"]
    assert "2026Q1" in page.title_label.text()
    rows = _cells(page)
    total = next(r for r in rows if r[0] == "Summe")
    assert total[1] == "<3" or int(total[1]) > 0
    assert page.report.counselling.sessions > 0
    assert page.findChildren(BarChart)
    chart = page.findChildren(BarChart)[0]
    assert chart.grab().width() > 0  # paints without warnings
    page.save_pdf(tmp_path / "bericht.pdf")
    text = "".join(p.extract_text() for p in PdfReader(BytesIO((tmp_path / "bericht.pdf").read_bytes())).pages)
    assert "KIM-Bericht" in text
    page.save_csv(tmp_path / "csv")
    assert list((tmp_path / "csv").glob("*.csv"))
    page.save_xlsx(tmp_path / "bericht.xlsx")
    assert (tmp_path / "bericht.xlsx").stat().st_size > 0
    sessions = page.report.counselling.sessions
    page.ctx.actor = add_cli_accounts(page.ctx.db.sessions)  # the exact-count file is the administrators'
    page.save_json(tmp_path / "a.json")
    page.save_json(tmp_path / "b.json")
    assert "gespeichert" in page.message_label.text()
    assert "EXAKTE FALLZAHLEN" in (tmp_path / "a.json").read_text(encoding="utf-8").splitlines()[0]
    page.merge_files([tmp_path / "a.json", tmp_path / "b.json"])
    assert page.report.counselling.sessions == 2 * sessions
    assert "2 Dateien" in page.message_label.text()


def test_custom_range_and_small_numbers_suppressed(qtbot: QtBot, page: ReportsPage) -> None:
    page.by_range.setChecked(True)
    page.start.set_value(date(2026, 3, 2))
    page.end.set_value(date(2026, 3, 2))
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert page.report is not None and page.report.period_start == date(2026, 3, 2)
    assert any(cell == "•" for row in _cells(page) for cell in row) or page.report.counselling.sessions == 0
    assert not any("<3" in cell for row in _cells(page) for cell in row)
    page.end.set_value(date(2026, 3, 1))
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert "vor dem Anfang" in page.message_label.text()


def test_unreadable_merge_file_is_reported(page: ReportsPage, tmp_path: Path) -> None:
    bad = tmp_path / "kaputt.json"
    bad.write_text("{nope", encoding="utf-8")
    page.merge_files([bad])
    assert page.message_label.text()
    assert page.report is None


def test_report_tabs_are_built_when_first_opened(qtbot: QtBot, page: ReportsPage) -> None:
    from PySide6.QtWidgets import QScrollArea

    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    view = page.view

    def built(index: int) -> bool:
        tab = view.widget(index)
        return tab is not None and tab.findChild(QScrollArea) is not None

    assert built(0)
    assert not any(built(i) for i in range(1, view.count()))
    view.setCurrentIndex(1)
    assert built(1)
    assert not built(2)


def test_the_reading_role_cannot_save_the_exact_counts(qtbot: QtBot, page: ReportsPage, tmp_path: Path) -> None:
    admin = add_cli_accounts(page.ctx.db.sessions)
    page.ctx.actor = Actor(admin.advisor_id + 2, "Bernd Schulte", Role.READER)
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert page.pdf_button.isEnabled() and not page.json_button.isEnabled()
    page.save_json(tmp_path / "exact.json")  # even when called directly, the service refuses
    assert not (tmp_path / "exact.json").exists()
    assert "Lesen" in page.message_label.text()
    page.ctx.actor = admin
    page.show_report(page.report)  # type: ignore[arg-type]
    assert page.json_button.isEnabled()


def test_the_running_quarter_is_marked_as_unfinished(qtbot: QtBot, page: ReportsPage) -> None:
    page.quarter.setCurrentIndex(0)  # "2. Quartal 2026 (laufend)"
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert "VORLÄUFIG" in page.title_label.text() and "30.06.2026" in page.title_label.text()
    page.quarter.setCurrentIndex(1)
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    assert "VORLÄUFIG" not in page.title_label.text()


def test_an_empty_chart_says_no_data(qtbot: QtBot) -> None:
    empty = BarChart("Beratungen nach Monat", ())
    qtbot.addWidget(empty)
    assert empty.accessibleDescription() == "keine Daten" == empty.empty_text()
    assert empty.grab().width() > 0
    hidden = BarChart("Beratungen nach Thema", (), hidden=3)
    qtbot.addWidget(hidden)
    assert hidden.empty_text() == "keine Daten zu zeigen: 3 Werte geheim gehalten"
    assert BarChart("Monat", (("07/2026", 4.0),)).accessibleDescription() == "07/2026: 4"
