"""The bundled Noto fonts registered for the window too, so Tigrinya and Arabic names never show as boxes."""

from PySide6.QtGui import QFontDatabase

from kim_desktop.paths import resource

_registered: list[str] = []


def register_bundled_fonts() -> list[str]:
    """Add resources/fonts/*.ttf to Qt's font database once; returns the families they provide."""
    if not _registered:
        for path in sorted(resource("fonts").glob("*.ttf")):
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                _registered.extend(QFontDatabase.applicationFontFamilies(font_id))
    return sorted(set(_registered))
