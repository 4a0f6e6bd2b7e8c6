"""Screenshots of an outreach day for docs/benutzerhandbuch.md: take the copy, work offline, sync.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/outreach_screenshots.py

Works on a throwaway demo office of its own. Writes docs/images/aussentermin-*.png.
"""

import argparse
import sys
import tempfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kim_desktop.app import open_context
from kim_desktop.db.engine import sqlite_url
from kim_desktop.db.models import Advisor, Course, Person
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Channel, Role, Sex
from kim_desktop.domain.errors import Conflict
from kim_desktop.paths import resolve_paths
from kim_desktop.services import counselling, people, referrals
from kim_desktop.services.database import open_database
from kim_desktop.services.demo_data import generate_demo_data
from kim_desktop.services.people_dto import PersonInput, SessionInput
from kim_desktop.settings import load_settings
from kim_desktop.ui.dialogs.outreach_sync_dialog import OutreachSyncDialog
from kim_desktop.ui.dialogs.outreach_take_dialog import OutreachTakeDialog
from kim_desktop.ui.main_window import MainWindow
from kim_desktop.ui.qt_translations import install_qt_translations
from kim_desktop.ui.style import apply_style
from kim_desktop.ui.tasks import SyncTaskRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tools.guide_screenshots import save, settle  # noqa: E402 - the guide's grab and small-palette PNG


def main() -> None:
    """Office with demo data → take dialog → the window on the copy → the sync dialog's outcome."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    apply_style(app, dark=False)
    work = Path(tempfile.mkdtemp(prefix="kim-outreach-"))
    paths = resolve_paths(work / "daten", portable=False).create()
    settings = replace(load_settings(paths.settings_file), office=replace(load_settings(paths.settings_file).office,
                       name="Landkreis Musterland"))  # fmt: skip
    install_qt_translations(app, settings.language)
    ctx = open_context(paths, settings, settings.effective_database_url(paths), tasks=SyncTaskRunner())
    generate_demo_data(ctx.db.sessions, scale=1)
    with ctx.db.sessions() as s:
        aid, name = s.execute(sa.select(Advisor.id, Advisor.display_name).where(Advisor.role == Role.ADVISOR)).first()  # type: ignore[misc]
    ctx.actor = Actor(aid, name, Role.ADVISOR)
    office_window = MainWindow(ctx)
    office_window.resize(1366, 740)
    office_window.show()

    take = OutreachTakeDialog(ctx, office_window)
    take.show()
    settle(300)
    take.towns.item(0).setCheckState(Qt.CheckState.Checked)
    town = take.chosen_towns()[0]
    take.target.setText(str(work / "laptop" / "aussentermin.kim"))
    take.passphrase.setText("Dorfgemeinschaftshaus-2026")
    take.repeat.setText("Dorfgemeinschaftshaus-2026")
    take.laptop.setText("Laptop Außenstelle 2")
    save(take, out, "aussentermin-mitnehmen")
    take.save()
    assert take.taken is not None
    copy = open_database(sqlite_url(take.taken.path), None)
    laptop = replace(ctx, db=copy)
    today = date.today()
    with copy.sessions() as s:
        course = s.scalar(sa.select(Course.id).where(Course.start_date > today).order_by(Course.start_date))
    data = PersonInput(family_name="Rahimi", given_names="Zahra", sex=Sex.FEMALE, birth_date=date(1994, 6, 3),
                       municipality_id=town, phone="0151 2233445")  # fmt: skip
    with copy.sessions() as s:
        new = people.register_person(s, data, actor=ctx.actor, today=today)
    with copy.sessions() as s:
        at = datetime.now().replace(microsecond=0)
        counselling.record_session(s, SessionInput(new, at, Channel.IN_PERSON, notes="Erstgespräch im Dorf"),
                                   actor=ctx.actor, now=at)  # fmt: skip
    with copy.sessions() as s:
        referrals.reserve_seat(s, new, course, actor=ctx.actor, today=today)
    with copy.sessions() as s:  # a person's phone changed offline and at the office alike: the advisor chooses
        known = s.scalar(sa.select(Person.id).where(Person.municipality_id == town).order_by(Person.id))
    assert known is not None
    for db, phone in ((copy, "0171 5550101"), (ctx.db, "05422 98765")):
        with db.sessions() as s:
            details = people.get_person_details(s, known)
        with db.sessions() as s:
            people.update_person(s, known, replace(details.data, phone=phone), expected_version=details.version,
                                 actor=ctx.actor, today=today)  # fmt: skip
    with ctx.db.sessions() as s:  # meanwhile the office gives the course's last seats away
        others = list(s.scalars(sa.select(Person.id).where(Person.municipality_id != town).limit(60)))
    for other in others:
        try:
            with ctx.db.sessions() as s:
                referrals.reserve_seat(s, other, course, actor=ctx.actor, today=today)
        except Conflict as exc:
            if exc.text == referrals.LAST_SEAT_TAKEN:
                break
    laptop_window = MainWindow(laptop)
    laptop_window.resize(1366, 740)
    laptop_window.show()
    laptop_window.show_page("people")
    save(laptop_window, out, "aussentermin-offline")
    sync = OutreachSyncDialog(laptop, laptop_window)
    sync.show()
    settle(300)
    sync.server.setText(ctx.db.url)
    sync.preview()
    settle(300)
    save(sync, out, "aussentermin-abgleichen-vorher")
    sync.sync_now()
    settle(300)
    save(sync, out, "aussentermin-abgleichen")
    sync.choose_fields()
    fields = sync.fields_dialog
    assert fields is not None
    settle(300)
    fields.rows[0].laptop.setChecked(True)
    save(fields, out, "aussentermin-felder-waehlen")
    copy.close()
    ctx.db.close()
    app.quit()


if __name__ == "__main__":
    main()
