"""Make a test database on the PostgreSQL server unreachable: end its connections and refuse new ones."""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa


def cut_off(admin: sa.Engine, database: str) -> None:
    """Refuse new connections to the database and terminate the open ones (as a server restart or outage would)."""
    with admin.connect() as conn:
        conn.execute(sa.text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false'))
        conn.execute(
            sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :db"), {"db": database}
        )


def reconnect(admin: sa.Engine, database: str) -> None:
    """Accept connections to the database again."""
    with admin.connect() as conn:
        conn.execute(sa.text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true'))


@contextmanager
def server_down(admin: sa.Engine, database: str) -> Iterator[None]:
    """The server is unreachable for this database inside the block."""
    cut_off(admin, database)
    try:
        yield
    finally:
        reconnect(admin, database)
