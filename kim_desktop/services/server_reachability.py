"""A lost database server as a plain German error (never a traceback), and a quick check whether it is back."""

import weakref
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine, ExceptionContext

from kim_desktop.domain.errors import DatabaseUnavailable
from kim_desktop.domain.text import N_, Text

CONNECT_TIMEOUT_SECONDS = 5
# libpq TCP keepalives: a pulled network cable is noticed within about 25 s instead of the system's 2 hours.
_KEEPALIVES = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3}


class ServerUnreachable(DatabaseUnavailable):
    """The database server does not answer (down, network gone, connections refused)."""


def unreachable_message() -> Text:
    """The message for a lost server (German until the UI translates it)."""
    return Text(
        N_(
            "Der Datenbank-Server ist nicht erreichbar. Es wurde nichts gespeichert; Ihre Eingaben bleiben erhalten. "
            "Bitte versuchen Sie es erneut, sobald die Verbindung wieder besteht."
        )
    )


def server_engine_options(url: str | sa.URL) -> dict[str, Any]:
    """Engine options for a server: check a pooled connection before use, give up connecting after a few seconds."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return {}
    connect_args: dict[str, Any] = dict(_KEEPALIVES)
    if "connect_timeout" not in parsed.query:
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
    return {"pool_pre_ping": True, "connect_args": connect_args}


def _is_lost_server(context: ExceptionContext) -> bool:
    if context.is_pre_ping:  # the pool's own check: it reconnects by itself, leave it alone
        return False
    if context.is_disconnect:
        return True
    # No connection object: the failure happened while connecting.
    return context.connection is None and isinstance(context.sqlalchemy_exception, sa.exc.OperationalError)


# Per engine, who wants to hear that the server was found gone (the window's status line).
_listeners: "weakref.WeakKeyDictionary[Engine, list[Callable[[], None]]]" = weakref.WeakKeyDictionary()


def translate_lost_connections(engine: Engine) -> None:
    """On a server engine, raise ServerUnreachable instead of the driver's error when the server is gone."""
    if engine.dialect.name == "sqlite":
        return
    listeners = _listeners.setdefault(engine, [])

    def handle_error(context: ExceptionContext) -> None:
        if _is_lost_server(context):
            for callback in list(listeners):
                callback()
            raise ServerUnreachable(unreachable_message())

    event.listen(engine, "handle_error", handle_error)


def add_unreachable_listener(engine: Engine, callback: Callable[[], None]) -> Callable[[], None]:
    """Call back (on the failing thread) whenever the server is found gone; returns a function that unhooks it."""
    listeners = _listeners.setdefault(engine, [])
    listeners.append(callback)
    return lambda: listeners.remove(callback) if callback in listeners else None


def server_answers(engine: Engine) -> bool:
    """Whether the database answers a trivial query now."""
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except (DatabaseUnavailable, sa.exc.OperationalError, sa.exc.InterfaceError):
        return False
    return True
