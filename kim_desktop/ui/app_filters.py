"""Application-wide event filters, each installed once (the window and the start-up both ask for them)."""

from PySide6.QtCore import QCoreApplication, QObject


def install_app_filter[FilterT: QObject](kind: type[FilterT], app: QCoreApplication | None = None) -> FilterT:
    """The application's filter of this kind: installed on the first call, the same one on every later call."""
    app = app or QCoreApplication.instance()
    assert app is not None, f"{kind.__name__} needs a running QApplication"
    existing = app.findChild(kind)
    if existing is not None:
        return existing
    installed = kind(app)
    app.installEventFilter(installed)
    return installed
