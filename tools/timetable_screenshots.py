"""Screenshots of the timetable features for the guides, from a fresh demo database (offscreen or under Xvfb).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/timetable_screenshots.py

Writes docs/images/fahrplan.png (Netzwerk → Fahrplan) and docs/images/passende-kurse-fahrplan.png (the lookup
for a person in Hollwinkel, with the timetable's journey and the reason an evening course is out of reach).
"""

import sys
import tempfile
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from PySide6.QtWidgets import QApplication

from kim_desktop.db import models as m
from kim_desktop.db.engine import sqlite_url
from kim_desktop.domain.matching import Relaxation
from kim_desktop.paths import resolve_paths
from kim_desktop.services.course_lookup import find_courses_for_person
from kim_desktop.services.database import OpenDatabase, open_database
from kim_desktop.services.demo_data import generate_demo_data
from kim_desktop.settings import Settings
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.dialogs.course_lookup_dialog import CourseLookupDialog
from kim_desktop.ui.events import AppEvents
from kim_desktop.ui.pages.network_page import NetworkPage
from kim_desktop.ui.qt_translations import install_qt_translations
from kim_desktop.ui.style import apply_style
from kim_desktop.ui.tasks import SyncTaskRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))
from guide_screenshots import ROOT, save, settle


def _hollwinkel_person(db: OpenDatabase) -> int:
    """Someone in Hollwinkel, by bus, with a course reached by timetable and one out of reach (times relaxed)."""
    with db.sessions() as session:
        people = session.scalars(
            sa.select(m.Person.id).join(m.Municipality).where(
                m.Municipality.name == "Hollwinkel", m.Person.travel_public_transport.is_(True),
                m.Person.travel_car.is_(False),
            ).order_by(m.Person.id)
        ).all()  # fmt: skip
    for person in people:
        with db.sessions() as session:
            result = find_courses_for_person(session, person, date.today(), Relaxation(ignore_times=True))
        journeys = [mt for mt in result.fitting if mt.course.timetable_journey]
        out_of_reach = [mt for mt in result.matches if "nicht erreichbar" in (mt.excluded or "")]
        if journeys and out_of_reach:
            return person
    raise SystemExit("nobody in Hollwinkel shows both")


def main() -> None:
    """Generate the demo county, show the Fahrplan tab and a lookup for a Hollwinkel person, save both."""
    app = QApplication(sys.argv[:1])
    apply_style(app, dark=False)
    install_qt_translations(app, "de")  # Qt's own buttons (Schließen, Abbrechen) in German, as in the app
    out = ROOT / "docs" / "images"
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(sqlite_url(Path(folder) / "demo.sqlite"), None)
        generate_demo_data(db.sessions, today=date.today())
        paths = resolve_paths(Path(folder) / "data", portable=False).create()
        ctx = UiContext(db=db, paths=paths, settings=Settings(), tasks=SyncTaskRunner(), events=AppEvents())
        page = NetworkPage(ctx)
        page.resize(1100, 760)
        page.show()
        page.tabs.setCurrentIndex(page.timetable_index)
        page.timetable.summary.show()
        page.timetable.summary.setPlainText("Eingelesen: demo-fahrplan.zip …")
        page.timetable.table.selectRow(3)  # Hollwinkel: its answers below
        settle(400)
        save(page, out, "fahrplan")
        person = _hollwinkel_person(db)
        lookup = CourseLookupDialog(ctx, person, page, today=date.today())
        lookup.resize(1050, 640)
        lookup.open()
        lookup.ignore_times.setChecked(True)
        lookup.show_excluded.setChecked(True)
        settle(400)
        lookup.table.selectRow(0)
        save(lookup, out, "passende-kurse-fahrplan")
        lookup.reject()
        page.close()
        db.close()


if __name__ == "__main__":
    main()
