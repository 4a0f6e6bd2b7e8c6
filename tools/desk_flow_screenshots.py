r"""Screenshots of the keyboard path at the desk (search -> case -> courses -> seat -> letter) to look at.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/desk_flow_screenshots.py --out /tmp/flow
    QT_SCALE_FACTOR=1.25 xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/desk_flow_screenshots.py \
        --out /tmp/flow125

Builds the demo county in a throwaway folder, drives the window with keys only (as tests/gui/test_desk_flow.py
does) and grabs the whole screen after each step, so a dialog's position and size on a 1366x768 screen show.
"""

import argparse
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kim_desktop.app import open_context
from kim_desktop.paths import resolve_paths
from kim_desktop.services.accounts import sign_in
from kim_desktop.services.case_file import get_case_file
from kim_desktop.services.course_lookup import find_courses_for_person
from kim_desktop.services.demo_data import DEMO_PASSWORD, generate_demo_data
from kim_desktop.services.people_dto import PersonRow
from kim_desktop.services.people_search import search_people
from kim_desktop.settings import load_settings
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.main_window import MainWindow
from kim_desktop.ui.qt_translations import install_qt_translations
from kim_desktop.ui.style import apply_style
from kim_desktop.ui.tasks import SyncTaskRunner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools.guide_screenshots import settle


def shot(out: Path, name: str) -> None:
    """The whole screen, as a person sees it."""
    settle()
    screen = QGuiApplication.primaryScreen()
    path = out / f"{name}.png"
    screen.grabWindow(0).save(str(path))
    print(path)


def key(window: QWidget, which: Qt.Key) -> None:
    """One key to whatever has the focus."""
    modal = QApplication.activeModalWidget()
    target = (modal or window).focusWidget()
    assert target is not None
    QTest.keyClick(target, which)


def search_people_rows(ctx: UiContext) -> list[PersonRow]:
    """The first 300 people of the demo county."""
    with ctx.db.sessions() as session:
        return search_people(session, "", limit=300)


def main() -> None:
    """Demo county, sign in as the demo advisor, then the keyboard path with a screenshot per step."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    apply_style(app, dark=False)
    install_qt_translations(app, "de")  # Qt's own buttons (Schließen, Abbrechen) in German, as in the app
    paths = resolve_paths(Path(tempfile.mkdtemp(prefix="kim-flow-")), portable=False).create()
    settings = load_settings(paths.settings_file)
    ctx = open_context(paths, settings, settings.effective_database_url(paths), tasks=SyncTaskRunner())
    generate_demo_data(ctx.db.sessions)
    with ctx.db.sessions() as session:
        from kim_desktop.services.accounts import set_demo_passwords

        set_demo_passwords(session, DEMO_PASSWORD)
    with ctx.db.sessions() as session:
        ctx.actor = sign_in(session, "demo.mbe1", DEMO_PASSWORD, datetime.now())
    person = None
    for row in search_people_rows(ctx):
        with ctx.db.sessions() as session:
            case = get_case_file(session, row.id)
        with ctx.db.sessions() as session:
            fits = find_courses_for_person(session, row.id, date.today()).fitting
        if case.open_referral is None and not case.on_waiting_list and fits and row.family_name.isascii():
            person = row
            break
    assert person is not None, "no demo person without a referral has a fitting course"
    window = MainWindow(ctx)
    window.showMaximized()
    settle(600)
    for char in person.family_name[:6].lower():
        if char.isascii():
            QTest.keyClick(window.focusWidget(), char)
    settle(700)
    shot(out, "1-suche")
    key(window, Qt.Key.Key_Return)
    key(window, Qt.Key.Key_Return)
    shot(out, "2-fall")
    key(window, Qt.Key.Key_Return)
    shot(out, "3-passende-kurse")
    key(window, Qt.Key.Key_Return)
    shot(out, "4-vermitteln")
    key(window, Qt.Key.Key_Return)
    settle(600)
    shot(out, "5-schreiben")
    window.close()
    ctx.db.close()


if __name__ == "__main__":
    main()
