"""Counting a failed sign-in on a row (an account or an unknown name) in one statement that also checks the lock."""

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import Advisor, UnknownSignIn
from kim_desktop.domain.lockout_policy import LockoutPolicy, LoginState


def count_failure(
    session: Session,
    model: type[Advisor] | type[UnknownSignIn],
    row: sa.ColumnElement[bool],
    now: datetime,
    policy: LockoutPolicy,
    **also: Any,
) -> LoginState | None:
    """Count one attempt on the row as a failure *before* the password is checked, the lock checked in the same UPDATE.

    `after_failure` in SQL: the count starts afresh once an earlier lock has run out, and the attempt that
    reaches max_failures sets the lock. Concurrent attempts queue on the row (PostgreSQL's row lock, SQLite's
    write lock), so each gets its own number and at most max_failures passwords are checked per lock.
    Returns the state including this attempt, or None while the row is locked (then nothing is counted).
    `also` are further columns set by the same statement (e.g. the time of the attempt).
    """
    not_locked = sa.or_(model.locked_until.is_(None), model.locked_until <= now)
    failures = sa.case((model.locked_until.is_(None), model.failed_logins), else_=0) + 1
    lock_end = now + timedelta(minutes=policy.lock_minutes)
    stmt = (
        sa.update(model)
        .where(row, not_locked)
        .values(
            failed_logins=failures,
            locked_until=sa.case((failures >= policy.max_failures, sa.literal(lock_end, sa.DateTime())), else_=None),
            **also,
        )
        .returning(model.failed_logins, model.locked_until)
        .execution_options(synchronize_session=False)
    )
    found = session.execute(stmt).one_or_none()
    return None if found is None else LoginState(found.failed_logins, found.locked_until)
