"""The app-wide data_changed signal: after a change, each page decides whether to reload."""

from PySide6.QtCore import QObject, Signal


class DataKind:
    """What kind of data changed (the payload of data_changed)."""

    PEOPLE = "people"
    SESSIONS = "sessions"
    COURSES = "courses"
    REFERRALS = "referrals"
    NETWORK = "network"
    SETTINGS = "settings"
    ALL = "all"


class AppEvents(QObject):
    """Signals shared by all pages of one window."""

    data_changed = Signal(str)
