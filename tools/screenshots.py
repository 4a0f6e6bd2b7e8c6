"""Take screenshots of every page of the main window (for review and the user guide); run under Xvfb."""

import argparse
import sys
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kim_desktop.app import build_window, open_context
from kim_desktop.i18n import install_language
from kim_desktop.paths import resolve_paths
from kim_desktop.services.accounts import sign_in
from kim_desktop.settings import load_settings
from kim_desktop.ui.main_window import MainWindow
from kim_desktop.ui.pages.registry import PAGES
from kim_desktop.ui.qt_translations import install_qt_translations
from kim_desktop.ui.style import apply_style, follow_system_scheme
from kim_desktop.ui.tasks import SyncTaskRunner


def main() -> None:
    """Open the window on a data folder and save one PNG per page into --out."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--suffix", default="")
    parser.add_argument("--language", choices=["de", "en"], help="UI language (default: the one in the settings)")
    parser.add_argument("--user", help="sign in as this account first (password: --password), e.g. demo.admin")
    parser.add_argument("--password", default="kim-demo-2026", help="password for --user (default: the demo one)")
    scheme = parser.add_mutually_exclusive_group()
    scheme.add_argument("--dark", action="store_true", help="force the dark palette")
    scheme.add_argument("--light", action="store_true", help="force the light palette")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    dark = True if args.dark else False if args.light else None
    apply_style(app, dark=dark)  # as app.main() does
    if dark is None:
        follow_system_scheme(app)
    paths = resolve_paths(args.data_dir, portable=False).create()
    settings = load_settings(paths.settings_file)
    language = args.language or settings.language
    install_language(language)
    install_qt_translations(app, language)
    if args.user:  # signed in as the account: its pages, its role's buttons, its data
        ctx = open_context(paths, settings, settings.effective_database_url(paths), SyncTaskRunner())
        with ctx.db.sessions() as session:
            ctx.actor = sign_in(session, args.user, args.password, datetime.now())
        window = MainWindow(ctx)
    else:
        window = build_window(paths, settings, settings.effective_database_url(paths), tasks=SyncTaskRunner())
    window.resize(1280, 800)
    window.show()
    args.out.mkdir(parents=True, exist_ok=True)

    pages = [spec for spec in PAGES if window.may_open(spec.key)]

    def shoot(index: int = 0) -> None:
        if index >= len(pages):
            about = window.show_about()
            QTimer.singleShot(300, lambda: (about.grab().save(str(args.out / f"about{args.suffix}.png")), app.quit()))
            return
        window.show_page(pages[index].key)
        QTimer.singleShot(
            300,
            lambda: (
                window.grab().save(str(args.out / f"{index + 1:02d}-{pages[index].key}{args.suffix}.png")),
                shoot(index + 1),
            ),
        )

    QTimer.singleShot(500, shoot)
    app.exec()
    window.ctx.db.close()


if __name__ == "__main__":
    main()
