"""Failed sign-ins under unknown user names, counted in the database like an account's, so both lock alike."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from kim_desktop.db.models import InstallationKey, UnknownSignIn
from kim_desktop.domain.lockout_policy import LockoutPolicy, LoginState
from kim_desktop.services.failure_count import count_failure

KEY_NAME = "unknown_sign_in_names"
KEEP_FOR = timedelta(days=1)  # a row older than this (and not locked) is forgotten: the table stays small


def _key(session: Session) -> bytes:
    """The database's own key for the name hashes, made on first use (the same for every desk and process)."""
    value = session.scalar(sa.select(InstallationKey.value).where(InstallationKey.name == KEY_NAME))
    if value is None:
        insert = _insert(session, InstallationKey).values(name=KEY_NAME, value=secrets.token_hex(32))
        session.execute(insert.on_conflict_do_nothing(index_elements=["name"]))
        value = session.scalar(sa.select(InstallationKey.value).where(InstallationKey.name == KEY_NAME))
    assert value is not None
    return bytes.fromhex(value)


def _insert(session: Session, model: type[InstallationKey] | type[UnknownSignIn]):  # type: ignore[no-untyped-def]
    """INSERT … ON CONFLICT for the session's backend (SQLite and PostgreSQL both have it)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(model)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(model)


def name_digest(session: Session, username: str) -> str:
    """The keyed hash a typed user name is counted under (never the name itself)."""
    typed = username.strip().casefold().encode("utf-8", "surrogatepass")
    return hmac.new(_key(session), typed, hashlib.sha256).hexdigest()


def count_unknown_failure(session: Session, username: str, now: datetime, policy: LockoutPolicy) -> LoginState | None:
    """Count one attempt under an unknown name in the caller's transaction, as for an account (failure_count).

    Returns the state including this attempt, or None while the name is locked (then nothing is counted).
    Concurrent attempts queue on the row, so each gets its own number.
    """
    digest = name_digest(session, username)
    session.execute(
        sa.delete(UnknownSignIn).where(
            UnknownSignIn.last_attempt < now - KEEP_FOR,
            sa.or_(UnknownSignIn.locked_until.is_(None), UnknownSignIn.locked_until <= now),
        )
    )
    new_row = _insert(session, UnknownSignIn).values(digest=digest, failed_logins=0, last_attempt=now)
    session.execute(new_row.on_conflict_do_nothing(index_elements=["digest"]))
    return count_failure(session, UnknownSignIn, UnknownSignIn.digest == digest, now, policy, last_attempt=now)
