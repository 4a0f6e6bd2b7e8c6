"""Screenshots for docs/benutzerhandbuch.md from the demo data, as an advisor sees them; run under Xvfb.

    .venv/bin/python -m kim_desktop --data-dir /tmp/guide demo-data
    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python tools/guide_screenshots.py --data-dir /tmp/guide

Writes docs/images/*.png (reduced to a small palette so the guide stays light). Use a throwaway copy of the demo
database: the script signs in, records nothing, but the sign-in and the case reads go into its audit trail.
"""

import argparse
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from kim_desktop.app import open_context
from kim_desktop.domain.enums import PermissionKind
from kim_desktop.paths import resolve_paths
from kim_desktop.services.accounts import sign_in
from kim_desktop.services.backups import automatic_backup
from kim_desktop.services.people_search import search_people
from kim_desktop.settings import load_settings
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.course_import_dialog import CourseImportDialog
from kim_desktop.ui.dialogs.course_lookup_dialog import CourseLookupDialog
from kim_desktop.ui.dialogs.person_form import PersonForm
from kim_desktop.ui.dialogs.refer_dialog import ReferDialog
from kim_desktop.ui.dialogs.session_form import SessionForm
from kim_desktop.ui.dialogs.sign_in_dialog import SignInDialog
from kim_desktop.ui.idle_lock import IdleLock
from kim_desktop.ui.main_window import MainWindow
from kim_desktop.ui.pages.people_page import PeoplePage
from kim_desktop.ui.pages.reports_page import ReportsPage
from kim_desktop.ui.qt_translations import install_qt_translations
from kim_desktop.ui.style import apply_style
from kim_desktop.ui.tasks import SyncTaskRunner

ROOT = Path(__file__).resolve().parent.parent
WINDOW_SIZE = (1100, 680)
COLOURS = 96  # screenshots of a calm UI survive this palette without visible banding
ADVISOR, PASSWORD = "demo.mbe1", "kim-demo-2026"


def settle(ms: int = 250) -> None:
    """Let Qt lay out and paint."""
    QTest.qWait(ms)


def save(widget: QWidget, out: Path, name: str) -> None:
    """Grab the widget and write it as a small palette PNG."""
    settle()
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)
    print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {path.stat().st_size // 1024} KB")


def dialog_shot(dialog: QDialog, out: Path, name: str, prepare: Callable[[], None] | None = None) -> None:
    """Show a dialog without blocking, optionally fill it, grab it and close it."""
    dialog.open()
    if prepare is not None:
        prepare()
    save(dialog, out, name)
    dialog.reject()


def pick_person(ctx: UiContext, parent: QWidget) -> tuple[int, str, int]:
    """An obliged person without a referral for whom courses fit: the case the guide follows to the referral.

    Returns the person's id and name and the best-fitting course.
    """
    with ctx.db.sessions() as session:
        rows = search_people(session, "", limit=300)
    for row in rows:
        if row.permission_kind != PermissionKind.VERPFLICHTUNG or row.open_referral_state or row.on_waiting_list:
            continue
        lookup = CourseLookupDialog(ctx, row.id, parent, today=date.today())
        model = lookup.table.model()
        course = model.index(0, 0).data(Qt.ItemDataRole.UserRole) if model.rowCount() else None
        lookup.deleteLater()
        if course is not None and not row.next_follow_up_on:
            return row.id, f"{row.given_names} {row.family_name}".strip(), course
    raise SystemExit("no obliged person in the demo data has a fitting course")


def main() -> None:
    """Sign in as the demo advisor and save one screenshot per step of the guide."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--dark", action="store_true", help="dark palette (to check it; the guide uses light)")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    apply_style(app, dark=args.dark)
    paths = resolve_paths(args.data_dir, portable=False).create()
    settings = load_settings(paths.settings_file)
    install_qt_translations(app, settings.language)
    url = settings.effective_database_url(paths)
    automatic_backup(paths, settings, url, force=True)  # the status line then shows a normal day
    ctx = open_context(paths, settings, url, tasks=SyncTaskRunner())
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    def fill_sign_in(dialog: SignInDialog) -> None:
        dialog.username.setText(ADVISOR)
        dialog.password.setText("kim-demo-20")

    sign_in_dialog = SignInDialog(ctx)
    dialog_shot(sign_in_dialog, out, "anmelden", lambda: fill_sign_in(sign_in_dialog))
    with ctx.db.sessions() as session:
        ctx.actor = sign_in(session, ADVISOR, PASSWORD, datetime.now())

    window = MainWindow(ctx)
    window.resize(*WINDOW_SIZE)
    window.show()
    settle(500)
    people = window.show_page("people")
    assert isinstance(people, PeoplePage)
    people.list.search_field.setText("ahmad")
    settle(600)
    save(window, out, "personen-suchen")
    people.list.search_field.clear()
    dialog_shot(PersonForm(ctx), out, "person-anlegen")

    person_id, person_name, course_id = pick_person(ctx, window)
    people.open_person(person_id)
    save(window, out, "fallansicht")
    dialog_shot(SessionForm(ctx, person_id, person_name), out, "beratung-erfassen")
    window.show_page("counselling")
    save(window, out, "wiedervorlagen")

    lookup = CourseLookupDialog(ctx, person_id, window, today=date.today())
    lookup.resize(1050, 640)
    lookup.open()
    lookup.table.selectRow(0)
    save(lookup, out, "passende-kurse")
    lookup.reject()
    dialog_shot(ReferDialog(ctx, person_id, course_id, window, today=date.today()), out, "vermitteln")

    window.show_page("referrals")
    save(window, out, "vermittlungen")
    window.show_page("courses")
    save(window, out, "kurse")
    importer = CourseImportDialog(ctx, ROOT / "resources" / "examples" / "kursangebote-beispiel.csv", window)
    importer.resize(1000, 560)
    dialog_shot(importer, out, "kurse-importieren")
    reports = window.show_page("reports")
    assert isinstance(reports, ReportsPage)
    reports.create_report()
    save(window, out, "quartalsbericht")

    lock = IdleLock(window, ctx, ctx.actor, idle_minutes=60)
    lock.lock()
    save(window, out, "gesperrt")
    lock.stop()
    window.close()
    ctx.db.close()


if __name__ == "__main__":
    main()
