"""Qt's own dialogs and buttons (Close, Cancel, file dialogs) in the UI language."""

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from kim_desktop.ui.locale_format import set_language


def install_qt_translations(app: QApplication, language: str) -> QTranslator | None:
    """Load qtbase's translation for the language and format dates in it; returns the translator or None."""
    QLocale.setDefault(QLocale(language))
    set_language(language)
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{language}", folder):
        app.installTranslator(translator)
        return translator
    return None
