"""Qt's own dialogs and buttons (Close, Cancel, file dialogs) in the UI language."""

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication


def install_qt_translations(app: QApplication, language: str) -> QTranslator | None:
    """Load qtbase's translation for the language; returns the translator (keep it alive) or None."""
    QLocale.setDefault(QLocale(language))
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{language}", folder):
        app.installTranslator(translator)
        return translator
    return None
