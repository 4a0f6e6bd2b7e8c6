import logging
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from kim_desktop import __version__
from kim_desktop.db.migrate import SCHEMA_HEAD
from kim_desktop.domain.errors import DatabaseUnavailable
from kim_desktop.logging_setup import close_logging, configure_logging
from kim_desktop.ui.crash_dialog import install_excepthook
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.main_window import MainWindow
from kim_desktop.ui.pages.registry import PAGES

GERMAN_TITLES = [
    "Personen",
    "Beratung & Wiedervorlagen",
    "Kurse",
    "Vermittlungen",
    "Vermittlungen in unsere Kurse",  # listed, shown only on a desk of the network's server
    "Netzwerk",
    "Berichte",
    "Einstellungen",
    "Protokoll",
    "Benutzerkonten",
    "Löschfristen",
]


def test_navigation_lists_every_page_in_german(main_window: MainWindow) -> None:
    titles = [main_window.navigation.item(i).text() for i in range(main_window.navigation.count())]
    assert titles == GERMAN_TITLES


def test_every_page_is_reachable_by_clicking(qtbot: QtBot, main_window: MainWindow) -> None:
    for row, spec in enumerate(PAGES):
        item = main_window.navigation.item(row)
        if spec.network_only:  # a single office's desk: not offered (tests/gui/test_network_provider_gui.py)
            assert item.isHidden()
            continue
        rect = main_window.navigation.visualItemRect(item)
        qtbot.mouseClick(main_window.navigation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert main_window.current_page_key() == spec.key
        page = main_window.stack.currentWidget()
        assert page.objectName() == f"page_{spec.key}"
        assert page.isVisible()


def test_pages_reachable_by_keyboard_shortcut(qtbot: QtBot, main_window: MainWindow) -> None:
    qtbot.keyClick(main_window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_page_key() == "courses"


def test_planned_pages_show_real_counts(main_window: MainWindow) -> None:
    page = main_window.show_page("people")
    label = page.findChild(QLabel, "overviewLine")
    assert label is not None
    assert label.text() == "In der Datenbank: 0 Personen"


def test_pages_reload_when_data_changes(qtbot: QtBot, main_window: MainWindow) -> None:
    from kim_desktop.ui.pages.planned_page import PlannedPage

    page = PlannedPage(main_window.ctx, "Geplant", "", lambda o: f"Datenbank: {o.people} Personen, {o.courses} Kurse")
    qtbot.addWidget(page)
    page.show()
    label = page.findChild(QLabel, "overviewLine")
    assert label is not None
    label.setText("stale")
    main_window.ctx.events.data_changed.emit(DataKind.COURSES)
    assert label.text() == "Datenbank: 0 Personen, 0 Kurse"


def test_status_bar_names_the_database(main_window: MainWindow) -> None:
    text = main_window.database_label.text()
    assert text.startswith("Lokale Datei: ")
    assert text.endswith("kim.sqlite")


def test_about_dialog_shows_version_and_folders(qtbot: QtBot, main_window: MainWindow) -> None:
    dialog = main_window.show_about()
    qtbot.waitExposed(dialog)
    text = dialog.info_label.text()
    assert __version__ in text
    assert str(main_window.ctx.paths.data_dir) in text
    assert f"Schema {SCHEMA_HEAD}" in text
    dialog.close()


def test_unexpected_error_is_logged_and_shown(qtbot: QtBot, tmp_path: Path) -> None:
    log_file = tmp_path / "logs" / "kim.log"
    configure_logging(log_file)
    old_hook = sys.excepthook
    try:
        install_excepthook(log_file)
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        assert boxes, "an error dialog must be shown"
        box = boxes[-1]
        assert "unerwarteter Fehler" in box.text()
        assert str(log_file) in box.informativeText()
        box.close()
    finally:
        sys.excepthook = old_hook
        close_logging()
        logging.getLogger().handlers.clear()
    text = log_file.read_text(encoding="utf-8")
    assert "RuntimeError" in text and "test_main_window.py" in text


def test_user_facing_error_shows_its_message(qtbot: QtBot, tmp_path: Path) -> None:
    from kim_desktop.ui.crash_dialog import show_error

    box = show_error(None, DatabaseUnavailable("Der Server ist nicht erreichbar."), tmp_path / "x.log")
    qtbot.addWidget(box)
    assert box.text() == "Der Server ist nicht erreichbar."
    assert box.icon() == QMessageBox.Icon.Warning
    box.close()


def test_qt_dialog_buttons_are_german(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from kim_desktop.ui.qt_translations import install_qt_translations

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translator = install_qt_translations(app, "de")
    try:
        assert translator is not None
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        qtbot.addWidget(buttons)
        assert buttons.button(QDialogButtonBox.StandardButton.Close).text() == "Schließen"
    finally:
        if translator is not None:
            app.removeTranslator(translator)


def test_status_bar_warns_until_a_backup_exists(qtbot: QtBot, main_window: MainWindow) -> None:
    assert main_window.backup_label.text() == "Achtung: Es gibt noch keine Sicherung der Datenbank."
    main_window.run_automatic_backup(force=True)
    assert main_window.backup_label.text().startswith("Letzte Sicherung: ")
    assert len(list(main_window.ctx.paths.backup_dir.glob("*.sqlite"))) == 1


def test_closing_the_window_backs_up(qtbot: QtBot, main_window: MainWindow) -> None:
    assert list(main_window.ctx.paths.backup_dir.glob("*.sqlite")) == []
    main_window.close()
    assert len(list(main_window.ctx.paths.backup_dir.glob("*.sqlite"))) == 1
