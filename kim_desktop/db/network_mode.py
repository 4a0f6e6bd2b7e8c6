"""Whether a session works on a network database (PostgreSQL with row-level security per partner)."""

import sqlalchemy as sa
from sqlalchemy.orm import Session

_KEY = "kim_network"


def in_network(session: Session) -> bool:
    """True on a database set up by `network init`: seats and locks then go through its definer functions.

    Asked once per server connection (kept in the connection's info), never on SQLite.
    """
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        return False
    if _KEY not in conn.info:
        found = conn.execute(sa.text("SELECT to_regprocedure('public.kim_lock_course(integer)')")).scalar()
        conn.info[_KEY] = found is not None
    return bool(conn.info[_KEY])


def current_partner(session: Session) -> int | None:
    """The connecting partner's organisation in a network (from the login), None elsewhere."""
    if not in_network(session):
        return None
    found = session.execute(sa.text("SELECT public.kim_current_partner()")).scalar()
    return int(found) if found is not None else None
