"""The app-wide data_changed signal: after a change, each page decides whether to reload."""

from PySide6.QtCore import QObject, Signal

from kim_desktop.services import change_feed


class DataKind:
    """What kind of data changed (the payload of data_changed); the change feed from other desks uses the same."""

    PEOPLE = change_feed.PEOPLE
    SESSIONS = change_feed.SESSIONS
    COURSES = change_feed.COURSES
    REFERRALS = change_feed.REFERRALS
    NETWORK = change_feed.NETWORK
    SETTINGS = change_feed.SETTINGS
    ALL = change_feed.ALL


class AppEvents(QObject):
    """Signals shared by all pages of one window."""

    data_changed = Signal(str)
    # False when the database server was found unreachable, True when it answers again (ui/server_status.py).
    server_reachable = Signal(bool)
