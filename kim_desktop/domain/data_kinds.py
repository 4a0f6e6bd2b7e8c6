"""The kinds of data a change can concern: the payload of ui.events.data_changed and of the change feed.

Pure, so the window's first import path (ui/events.py) does not load SQLAlchemy through services/change_feed.
"""

PEOPLE, SESSIONS, COURSES, REFERRALS, NETWORK, SETTINGS, ALL = (
    "people", "sessions", "courses", "referrals", "network", "settings", "all",
)  # fmt: skip
