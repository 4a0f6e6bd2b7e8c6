"""Screenshots of a new office's first day (empty database -> set-up assistant) for docs/administration.md.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/setup_screenshots.py

Works on a throwaway data folder of its own (nothing from the demo data), at 1366x768 like an office laptop.
Writes docs/images/einrichtung-*.png (reduced to a small palette so the docs stay light).
"""

import argparse
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kim_desktop.app import open_context
from kim_desktop.domain.enums import OrganisationKind, Role
from kim_desktop.domain.setup_steps import SetupStep
from kim_desktop.paths import resolve_paths
from kim_desktop.services.accounts import AccountInput, create_first_admin
from kim_desktop.settings import load_settings
from kim_desktop.ui.dialogs.setup_assistant import SetupAssistant
from kim_desktop.ui.main_window import MainWindow
from kim_desktop.ui.qt_translations import install_qt_translations
from kim_desktop.ui.style import apply_style
from kim_desktop.ui.tasks import SyncTaskRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.integration.municipality_fixtures import write_gv100  # noqa: E402 - the test's own GV100AD extract
from tools.guide_screenshots import save, settle  # noqa: E402 - the guide's grab and small-palette PNG


def main() -> None:
    """Create the first administrator, then photograph the banner and each step of the assistant."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    apply_style(app, dark=False)
    work = Path(tempfile.mkdtemp(prefix="kim-setup-"))
    paths = resolve_paths(work / "daten", portable=False).create()
    settings = load_settings(paths.settings_file)
    install_qt_translations(app, settings.language)
    ctx = open_context(paths, settings, settings.effective_database_url(paths), tasks=SyncTaskRunner())
    with ctx.db.sessions() as session:
        ctx.actor = create_first_admin(
            session, AccountInput("k.meyer", "Katrin Meyer", Role.ADMIN, "Erster-Tag-2026"), datetime.now()
        )
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    window = MainWindow(ctx)
    window.resize(1366, 740)
    window.show()
    settle(400)
    save(window, out, "einrichtung-hinweis")

    assistant = window.open_setup_assistant()
    assert isinstance(assistant, SetupAssistant)
    office = assistant.page(SetupStep.OFFICE)
    for name, value in (("name", "Gemeinde Bramsche – Integrationsbüro"), ("street", "Hasestraße 11"),
                        ("postcode", "49565"), ("city", "Bramsche"), ("phone", "05461 83-0")):  # fmt: skip
        office.fields[name].setText(value)  # type: ignore[attr-defined]
    save(assistant, out, "einrichtung-1-buero")
    office.save()  # type: ignore[attr-defined]

    assistant.go(SetupStep.MUNICIPALITIES)
    panel = assistant.page(SetupStep.MUNICIPALITIES)
    importer = panel.open_import()  # type: ignore[attr-defined]
    importer.path_edit.setText(str(write_gv100(work / "GV100AD_30092026.txt")))
    importer.county_edit.setText("03459")
    importer.check()
    save(importer, out, "einrichtung-2-gemeinden-einlesen")
    importer.apply()
    save(assistant, out, "einrichtung-2-gemeinden")

    assistant.go(SetupStep.PARTNERS)
    partners = assistant.page(SetupStep.PARTNERS)
    dialog = partners.open_organisation(None)  # type: ignore[attr-defined]
    dialog.name.setText("Volkshochschule Bramsche")
    dialog.kind.setCurrentIndex(dialog.kind.findData(OrganisationKind.KURSTRAEGER.value))
    dialog.save()
    save(assistant, out, "einrichtung-3-partner")

    assistant.go(SetupStep.LOCATIONS)
    locations = assistant.page(SetupStep.LOCATIONS)
    form = locations.open_location(None)  # type: ignore[attr-defined]
    form.name.setText("VHS-Haus am Markt")
    form.street.setText("Markt 3")
    form.postcode.setText("49565")
    form.municipality.setCurrentIndex(form.municipality.findText("Bramsche"))
    form.save()
    settle()
    locations.set_minutes(1, 0, "15")  # type: ignore[attr-defined]
    save(assistant, out, "einrichtung-4-kursorte")

    assistant.go(SetupStep.ACCOUNTS)
    save(assistant, out, "einrichtung-5-konten")
    assistant.accept()
    settle()
    window.show_page("settings")
    page = window.page("settings")
    page.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
    save(window, out, "stammdaten")
    window.close()
    ctx.db.close()


if __name__ == "__main__":
    main()
