"""The line icons of resources/icons, drawn in a colour that suits the palette (their SVGs use currentColor)."""

from functools import cache

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from kim_desktop.paths import resource
from kim_desktop.ui.style import is_dark

ICON_COLOUR = {"light": "#2b5797", "dark": "#8ab4f8"}  # checked against Window and Base in test_contrast
SELECTED_COLOUR = "#ffffff"  # on the Highlight of both palettes
SIZES = (16, 22, 24, 32, 48)  # pixmaps per mode; Qt scales these for 150 % and picks the nearest


def _pixmap(svg: str, colour: str, size: int) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", colour).encode()))
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter)
    painter.end()
    return pixmap


@cache
def _icon(name: str, dark: bool) -> QIcon:
    svg = resource("icons", name).read_text(encoding="utf-8")
    icon = QIcon()
    for size in SIZES:
        icon.addPixmap(_pixmap(svg, ICON_COLOUR["dark" if dark else "light"], size), QIcon.Mode.Normal)
        icon.addPixmap(_pixmap(svg, SELECTED_COLOUR, size), QIcon.Mode.Selected)
    return icon


def icon(name: str) -> QIcon:
    """The icon file `name` (e.g. "people.svg") in the colour for the palette in use."""
    return _icon(name, is_dark())
