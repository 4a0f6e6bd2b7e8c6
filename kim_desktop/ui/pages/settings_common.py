"""What the Einstellungen tabs share: saving the settings file, message lines, asking for a restart."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QWidget

from kim_desktop.i18n import N_, _
from kim_desktop.settings import Settings, save_settings
from kim_desktop.ui.context import UiContext
from kim_desktop.ui.events import DataKind
from kim_desktop.ui.style import status_colours, text_style

RESTART_TEXT = N_("Bitte KIM Desktop neu starten")


def store_settings(ctx: UiContext, settings: Settings) -> None:
    """Write the settings file (mode 600), make the new settings current and tell the pages."""
    save_settings(ctx.paths.settings_file, settings)
    ctx.settings = settings
    ctx.events.data_changed.emit(DataKind.SETTINGS)


def message_label(name: str) -> QLabel:
    """An empty, wrapping message line below a form or a table."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def show_message(label: QLabel, text: str, error: bool = False) -> None:
    """Show a success (green) or a problem (red) in a message line."""
    colours = status_colours()
    label.setStyleSheet(text_style(colours.error if error else colours.ok))
    label.setText(text)


def refresh_window_backup_status(widget: QWidget) -> None:
    """Update the main window's backup status line, when the page sits in the main window."""
    refresh = getattr(widget.window(), "refresh_backup_status", None)
    if callable(refresh):
        refresh()


def require_restart(widget: QWidget, text: str) -> None:
    """The open database must not be used any more: grey out the window's pages and ask for a restart."""
    window = widget.window()
    if isinstance(window, QMainWindow):
        central = window.centralWidget()
        if central is not None:
            central.setEnabled(False)
        window.statusBar().showMessage(_(RESTART_TEXT))
    else:
        widget.setEnabled(False)
    QMessageBox.information(widget, _("Neustart nötig"), text + "\n\n" + _(RESTART_TEXT) + ".")
