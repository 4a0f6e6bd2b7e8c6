"""The app-wide data_changed signal: after a change, each page decides whether to reload."""

from PySide6.QtCore import QObject, Signal

from kim_desktop.domain import data_kinds  # the kinds the change feed reports, without loading SQLAlchemy


class DataKind:
    """What kind of data changed (the payload of data_changed); the change feed from other desks uses the same."""

    PEOPLE = data_kinds.PEOPLE
    SESSIONS = data_kinds.SESSIONS
    COURSES = data_kinds.COURSES
    REFERRALS = data_kinds.REFERRALS
    NETWORK = data_kinds.NETWORK
    SETTINGS = data_kinds.SETTINGS
    ALL = data_kinds.ALL


class AppEvents(QObject):
    """Signals shared by all pages of one window."""

    data_changed = Signal(str)
    # False when the database server was found unreachable, True when it answers again (ui/server_status.py).
    server_reachable = Signal(bool)
