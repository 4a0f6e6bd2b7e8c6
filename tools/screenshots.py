"""Take screenshots of every page of the main window (for review and the user guide); run under Xvfb."""

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kim_desktop.app import build_window
from kim_desktop.i18n import install_language
from kim_desktop.paths import resolve_paths
from kim_desktop.settings import load_settings
from kim_desktop.ui.pages.registry import PAGES
from kim_desktop.ui.qt_translations import install_qt_translations
from kim_desktop.ui.style import apply_style
from kim_desktop.ui.tasks import SyncTaskRunner


def main() -> None:
    """Open the window on a data folder and save one PNG per page into --out."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--suffix", default="")
    parser.add_argument("--language", choices=["de", "en"], help="UI language (default: the one in the settings)")
    scheme = parser.add_mutually_exclusive_group()
    scheme.add_argument("--dark", action="store_true", help="force the dark palette")
    scheme.add_argument("--light", action="store_true", help="force the light palette")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    apply_style(app, dark=True if args.dark else False if args.light else None)  # as app.main() does
    paths = resolve_paths(args.data_dir, portable=False).create()
    settings = load_settings(paths.settings_file)
    language = args.language or settings.language
    install_language(language)
    install_qt_translations(app, language)
    window = build_window(paths, settings, settings.effective_database_url(paths), tasks=SyncTaskRunner())
    window.resize(1280, 800)
    window.show()
    args.out.mkdir(parents=True, exist_ok=True)

    def shoot(index: int = 0) -> None:
        if index >= len(PAGES):
            about = window.show_about()
            QTimer.singleShot(300, lambda: (about.grab().save(str(args.out / f"about{args.suffix}.png")), app.quit()))
            return
        window.show_page(PAGES[index].key)
        QTimer.singleShot(
            300,
            lambda: (
                window.grab().save(str(args.out / f"{index + 1:02d}-{PAGES[index].key}{args.suffix}.png")),
                shoot(index + 1),
            ),
        )

    QTimer.singleShot(500, shoot)
    app.exec()
    window.ctx.db.close()


if __name__ == "__main__":
    main()
