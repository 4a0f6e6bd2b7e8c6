"""Sign-in rules: slow-down and lockout after wrong passwords, and what a password must be."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from kim_desktop.domain.text import N_, Text


@dataclass(frozen=True)
class LockoutPolicy:
    """How many wrong passwords are tolerated, how long an account then stays locked, how answers slow down."""

    max_failures: int = 5
    lock_minutes: int = 15
    free_failures: int = 2  # no delay for the first typing mistakes
    delay_seconds: float = 1.0  # doubled with every further failure ...
    max_delay_seconds: float = 8.0  # ... up to this


@dataclass(frozen=True)
class LoginState:
    """The account's record of recent failures."""

    failed_logins: int
    locked_until: datetime | None


DEFAULT_POLICY = LockoutPolicy()
MIN_PASSWORD_LENGTH = 10


def is_locked(state: LoginState, now: datetime) -> bool:
    """Whether the account is locked at this moment."""
    return state.locked_until is not None and now < state.locked_until


def after_failure(state: LoginState, now: datetime, policy: LockoutPolicy = DEFAULT_POLICY) -> LoginState:
    """The state after one more wrong password; the count starts afresh once an earlier lock has run out."""
    failures = state.failed_logins
    if state.locked_until is not None and now >= state.locked_until:
        failures = 0
    failures += 1
    if failures >= policy.max_failures:
        return LoginState(failures, now + timedelta(minutes=policy.lock_minutes))
    return LoginState(failures, None)


def after_success() -> LoginState:
    """The state after a correct password: no failures, no lock."""
    return LoginState(0, None)


def delay_after(failed_logins: int, policy: LockoutPolicy = DEFAULT_POLICY) -> float:
    """Seconds to wait before answering a wrong password, growing with the failures counted including this one."""
    extra = failed_logins - policy.free_failures
    if extra <= 0:
        return 0.0
    return float(min(policy.delay_seconds * 2.0 ** (extra - 1), policy.max_delay_seconds))


def password_problem(password: str, username: str) -> Text | None:
    """A message if the password is too weak for an account, else None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return Text(N_("Das Passwort muss mindestens {length} Zeichen lang sein."), length=MIN_PASSWORD_LENGTH)
    if password.strip().casefold() == username.strip().casefold():
        return Text(N_("Das Passwort darf nicht der Benutzername sein."))
    if len(set(password)) < 4:
        return Text(N_("Das Passwort ist zu einfach (zu wenige verschiedene Zeichen)."))
    return None
