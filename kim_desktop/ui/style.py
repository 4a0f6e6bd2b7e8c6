"""The app's look: Fusion with a light or dark palette that follows the system, status colours, visible focus."""

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

# Every pair here is checked for WCAG contrast (>= 4.5:1) by tests/unit/test_contrast.py.
LIGHT_COLOURS: dict[Role, str] = {
    Role.Window: "#efefef",
    Role.WindowText: "#1a1a1a",
    Role.Base: "#ffffff",
    Role.AlternateBase: "#f5f7fa",
    Role.Text: "#1a1a1a",
    Role.PlaceholderText: "#6b6b6b",
    Role.Button: "#efefef",
    Role.ButtonText: "#1a1a1a",
    Role.Highlight: "#2b5797",
    Role.HighlightedText: "#ffffff",
    Role.ToolTipBase: "#ffffdc",
    Role.ToolTipText: "#1a1a1a",
    Role.Link: "#1f4f8f",
    Role.LinkVisited: "#5b2b87",
    Role.BrightText: "#ffffff",
    Role.Light: "#ffffff",
    Role.Midlight: "#f5f5f5",
    Role.Mid: "#b8b8b8",
    Role.Dark: "#9f9f9f",
    Role.Shadow: "#767676",
}
DARK_COLOURS: dict[Role, str] = {
    Role.Window: "#2b2b2b",
    Role.WindowText: "#e8e8e8",
    Role.Base: "#1f1f1f",
    Role.AlternateBase: "#262a30",
    Role.Text: "#e8e8e8",
    Role.PlaceholderText: "#a0a0a0",
    Role.Button: "#363636",
    Role.ButtonText: "#e8e8e8",
    Role.Highlight: "#3d74bb",
    Role.HighlightedText: "#ffffff",
    Role.ToolTipBase: "#3a3a3a",
    Role.ToolTipText: "#e8e8e8",
    Role.Link: "#8ab4f8",
    Role.LinkVisited: "#c58af9",
    Role.BrightText: "#ffffff",
    Role.Light: "#3c3c3c",
    Role.Midlight: "#343434",
    Role.Mid: "#5a5a5a",
    Role.Dark: "#1a1a1a",
    Role.Shadow: "#000000",
}
DISABLED_TEXT = {"light": "#6e6e6e", "dark": "#9a9a9a"}  # readable, yet clearly greyed


@dataclass(frozen=True)
class StatusColours:
    """Colours with a meaning (errors, warnings, hints, charts), one set per light or dark palette."""

    error: str  # messages and values that need action (on Window and Base)
    warning: str  # e.g. a permission about to expire
    ok: str  # "saved", "connection works"
    muted: str  # hints below forms
    excluded: str  # courses left out by a filter
    misfit: str  # courses that fit only in part
    chart_bar: str  # bars of the report charts (drawn on Window, values in WindowText beside them)
    error_box: tuple[str, str, str]  # text, background, left border of an error note in the case view
    warning_box: tuple[str, str, str]
    info_box: tuple[str, str, str]
    row_new: str  # background of import preview rows, under the palette's Text
    row_changed: str
    row_rejected: str


LIGHT_STATUS = StatusColours(
    error="#b00020",
    warning="#8a4b00",
    ok="#1b5e20",
    muted="#555555",
    excluded="#666666",
    misfit="#9a3a00",
    chart_bar="#1f5f8b",
    error_box=("#8e1b1b", "#fdecea", "#c62828"),
    warning_box=("#663c00", "#fff4e5", "#d35f00"),
    info_box=("#0d3c61", "#e8f4fd", "#0288d1"),
    row_new="#dff0d8",
    row_changed="#fcf3cf",
    row_rejected="#f8d7da",
)
DARK_STATUS = StatusColours(
    error="#ff8a80",
    warning="#ffb74d",
    ok="#81c784",
    muted="#b8b8b8",
    excluded="#a8a8a8",
    misfit="#ffab70",
    chart_bar="#64a6d8",
    error_box=("#ffdad6", "#4a1f1f", "#ef5350"),
    warning_box=("#ffe0b2", "#45321a", "#ffa726"),
    info_box=("#d6ecff", "#1c3347", "#4fc3f7"),
    row_new="#1f3d24",
    row_changed="#4a4020",
    row_rejected="#4d1f26",
)

# Fusion marks focused buttons, check boxes, combo and spin boxes itself; text fields and tables get a clear
# frame. Fusion outlines text fields in a shade of the window colour (about 2:1); ours reach 3:1 (WCAG 1.4.11).
FIELD_BORDER = {"light": "#767676", "dark": "#8c8c8c"}
APP_STYLE_SHEET = """
QLineEdit, QPlainTextEdit, QTextEdit {
    border: 1px solid %(border)s; border-radius: 2px; padding: 2px; background: palette(base);
}
QAbstractSpinBox QLineEdit, QComboBox QLineEdit { border: none; padding: 0; background: transparent; }
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus { border: 2px solid palette(highlight); padding: 1px; }
QAbstractItemView:focus { border: 2px solid palette(highlight); }
"""


def make_palette(dark: bool) -> QPalette:
    """The Fusion palette in our light or dark colours (disabled text greyed but legible)."""
    palette = QPalette()
    for role, colour in (DARK_COLOURS if dark else LIGHT_COLOURS).items():
        palette.setColor(role, QColor(colour))
    disabled = QColor(DISABLED_TEXT["dark" if dark else "light"])
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(Group.Disabled, role, disabled)
    return palette


def style_sheet(dark: bool) -> str:
    """The app style sheet: field borders for the light or dark palette and the focus frames."""
    return APP_STYLE_SHEET % {"border": FIELD_BORDER["dark" if dark else "light"]}


def system_scheme_dark() -> bool | None:
    """Whether the desktop asks for a dark scheme (Qt 6.5+ reads Windows' and GNOME/KDE's setting); None: it says not.

    The first Qt enum the application touches builds PySide's whole `Qt` namespace (~20 ms), so this is asked
    after the first window has painted (follow_system_scheme), not before.
    """
    from PySide6.QtCore import Qt

    scheme = QGuiApplication.styleHints().colorScheme()
    return None if scheme == Qt.ColorScheme.Unknown else scheme == Qt.ColorScheme.Dark


def platform_palette_is_dark(app: QGuiApplication) -> bool:
    """Whether the platform's own palette is dark (Qt 6.5+ gives a dark one in a dark desktop scheme); cheap."""
    return app.palette().color(Role.Window).lightness() < 128


def _use(app: QApplication, dark: bool) -> None:
    app.setPalette(make_palette(dark))
    app.setStyleSheet(style_sheet(dark))


def apply_style(app: QApplication, dark: bool | None = None) -> None:
    """Fusion, our palette (dark when asked, or when the platform's palette is dark), field borders, focus frames.

    Without `dark` call follow_system_scheme() once the first window has painted: it corrects the guess from the
    platform's palette by the desktop's scheme and follows the scheme when it changes.
    """
    guess = platform_palette_is_dark(app) if dark is None else dark  # before Fusion replaces the platform palette
    app.setStyle(QStyleFactory.create("Fusion"))
    _use(app, guess)


def follow_system_scheme(app: QApplication) -> Callable[..., None]:
    """Use the desktop's light or dark scheme now and whenever it changes while KIM Desktop runs.

    Widgets with their own status colours keep the old set until they are built again; palette and borders switch
    at once. When the desktop names no scheme, the palette stays as apply_style chose it.
    """

    def follow(*_scheme: object) -> None:
        dark = system_scheme_dark()
        if dark is not None and dark != is_dark():
            _use(app, dark)

    follow()
    app.styleHints().colorSchemeChanged.connect(follow)
    return follow  # connected to colorSchemeChanged (tests disconnect it)


def is_dark() -> bool:
    """Whether the palette in use is dark (a light palette when no application exists, e.g. model tests)."""
    if QGuiApplication.instance() is None:
        return False
    return QGuiApplication.palette().color(Role.Window).lightness() < 128


def status_colours() -> StatusColours:
    """The status colours that are readable on the palette in use."""
    return DARK_STATUS if is_dark() else LIGHT_STATUS


def text_style(colour: str, bold: bool = False) -> str:
    """A widget style sheet that colours its text."""
    return f"color: {colour};" + (" font-weight: bold;" if bold else "")


def note_style(box: tuple[str, str, str]) -> str:
    """A highlighted note: coloured text on a tinted background with a bar on the left."""
    text, background, border = box
    return f"background: {background}; color: {text}; border-left: 4px solid {border}; padding: 6px;"
