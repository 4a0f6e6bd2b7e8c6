"""About dialog: version, database, data folder and the licences of the bundled fonts."""

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from kim_desktop import APP_NAME, __version__
from kim_desktop.i18n import _, translate_text
from kim_desktop.paths import resource
from kim_desktop.ui.context import UiContext


def bundled_font_files() -> list[str]:
    """Names of the font files shipped in resources/fonts."""
    folder = resource("fonts")
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.suffix.lower() in (".ttf", ".otf"))


class AboutDialog(QDialog):
    """Shows what runs where, for the person at the desk and for support."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Über KIM Desktop"))
        fonts = bundled_font_files()
        font_text = (
            html.escape(", ".join(fonts))
            + "<br>"
            + _("Lizenz: SIL Open Font License 1.1 (siehe resources/fonts/OFL.txt)")
            if fonts
            else _("keine")
        )
        rows = [
            (_("Version"), html.escape(__version__)),
            (
                _("Datenbank"),
                html.escape(translate_text(ctx.db.description)) + f" ({_('Schema')} {ctx.db.migration.after})",
            ),
            (_("Datenordner"), html.escape(str(ctx.paths.data_dir))),
            (_("Sicherungen"), html.escape(str(ctx.paths.backup_dir))),
            (_("Protokolldatei"), html.escape(str(ctx.paths.log_file))),
            (_("Schriften"), font_text),
        ]
        table = "".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in rows)
        self.info_label = QLabel(f"<h2>{APP_NAME}</h2><table cellspacing='6'>{table}</table>")
        self.info_label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info_label)
        layout.addWidget(buttons)
