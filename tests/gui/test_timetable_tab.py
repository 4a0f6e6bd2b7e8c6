"""The Fahrplan tab: import a feed (good and broken), see the check and the stops, pick a stop, compute."""

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kim_desktop.ui.context import UiContext
from kim_desktop.ui.pages.network_page import NetworkPage
from tests.integration.catalogue_fixtures import add_course, build_network
from tests.integration.timetable_fixtures import feed_files, write_small_feed

SHOTS = Path(__file__).resolve().parents[2] / ".kim-data" / "screenshots"


def _tab(qtbot: QtBot, ctx: UiContext) -> NetworkPage:
    page = NetworkPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    qtbot.waitExposed(page)
    page.tabs.setCurrentIndex(page.timetable_index)
    return page


def test_import_check_pick_and_compute(qtbot: QtBot, ui_context: UiContext, tmp_path: Path) -> None:
    net = build_network(ui_context.db.sessions)
    add_course(ui_context.db.sessions, net.vhs, net.vhs_town)
    page = _tab(qtbot, ui_context)
    tab = page.timetable
    assert "Kein Fahrplan eingelesen" in tab.status_label.text()
    assert not tab.compute_button.isEnabled()

    broken = tmp_path / "broken"
    broken.mkdir()
    rows = feed_files()["stop_times.txt"]
    tab.import_feed(write_small_feed(broken, stop_times_txt=[{**rows[0], "arrival_time": "25:61:00"}, *rows[1:]]))
    assert "Nicht eingelesen" in tab.summary.toPlainText()
    assert "stop_times.txt Zeile 2: arrival_time '25:61:00' ist keine Uhrzeit" in tab.summary.toPlainText()

    tab.import_feed(write_small_feed(tmp_path))
    text = tab.summary.toPlainText()
    assert "Eingelesen: feed.zip" in text and "4 Haltestellen, 2 Linien, 6 Fahrten" in text
    assert "Verkehrsgemeinschaft Musterkreis" in tab.status_label.text()
    places = [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())]  # type: ignore[union-attr]
    assert places[0] == "Dorfhausen · Gemeinde"
    assert tab.table.item(0, 2).text() == "Vorschlag"  # type: ignore[union-attr]

    tab.table.selectRow(0)
    assert tab.search.text() == "Dorfhausen"
    tab.find_stops()
    assert tab.results.count() == 2
    tab.results.setCurrentRow(0)
    tab.walk.setValue(7)
    tab.pick_stop()
    assert tab.table.item(0, 1).text() == "Dorfhausen Kirche (7 Min.)"  # type: ignore[union-attr]
    assert tab.table.item(0, 2).text() == "bestätigt"  # type: ignore[union-attr]

    tab.compute()
    assert "Verbindungen an allen Kurstagen erreichbar" in tab.message_label.text()
    assert "Erreichbarkeit vom" in tab.status_label.text()
    vhs = next(r for r in range(tab.table.rowCount()) if tab.table.item(r, 0).text().startswith("VHS-Haus"))  # type: ignore[union-attr]
    tab.table.selectRow(vhs)
    assert tab.answers.rowCount() == 2  # from Dorfhausen and from Musterstadt
    cells = [[tab.answers.item(r, c).text() for c in range(5)] for r in range(2)]  # type: ignore[union-attr]
    assert cells[0][:4] == ["Dorfhausen", "VHS-Haus (Musterstadt)", "Mo–Fr 08:30–12:45 (14.12.26–20.09.27)", "nein"]
    assert cells[0][4].startswith("mit Bus und Bahn nicht erreichbar an Kurstagen: an 1 von 195 Kurstagen keine")
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    page.grab().save(str(SHOTS / "fahrplan-tab.png"))
