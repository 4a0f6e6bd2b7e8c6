"""User accounts: the first administrator, accounts by role, sign-in with Argon2id and lockout, passwords."""

import time as _time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from kim_desktop.db.models import Advisor
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.enums import Role
from kim_desktop.domain.errors import FieldError, KimError, NotAllowed, NotFound, ValidationFailed
from kim_desktop.domain.lockout_policy import (
    DEFAULT_POLICY,
    LockoutPolicy,
    LoginState,
    after_failure,
    after_success,
    delay_after,
    is_locked,
    password_problem,
)
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.audit import AuditAction, diff_fields, record

_HASHER = PasswordHasher()  # Argon2id with the library's current recommended parameters
# Verified against when the username is unknown, so both failures take the same time.
_DUMMY_HASH = _HASHER.hash("kim-desktop-no-such-account")
WRONG_CREDENTIALS = Text(N_("Benutzername oder Passwort ist falsch."))
UNKNOWN_USER_LABEL = "unbekannter Benutzername"

Sleep = Callable[[float], None]


class SignInRefused(KimError):  # noqa: N818 - reads like the other KimErrors
    """Wrong name or password, or a locked or deactivated account; the message says which for the user."""

    def __init__(self, message: str, locked_until: datetime | None = None) -> None:
        super().__init__(message)
        self.locked_until = locked_until


@dataclass(frozen=True)
class AccountRow:
    """An account as the administration list shows it (never the hash)."""

    id: int
    username: str
    display_name: str
    role: Role
    active: bool
    has_password: bool
    failed_logins: int
    locked_until: datetime | None
    last_sign_in: datetime | None = None


@dataclass(frozen=True)
class AccountInput:
    """A new account."""

    username: str
    display_name: str
    role: Role
    password: str


def _row(a: Advisor) -> AccountRow:
    return AccountRow(
        a.id,
        a.username,
        a.display_name,
        a.role,
        a.active,
        a.password_hash is not None,
        a.failed_logins,
        a.locked_until,
        a.last_sign_in,
    )


def _actor(a: Advisor) -> Actor:
    return Actor(a.id, a.display_name, a.role)


def _check_new(session: Session, data: AccountInput) -> AccountInput:
    username, display_name = data.username.strip(), data.display_name.strip()
    errors: list[FieldError] = []
    if not username:
        errors.append(FieldError("username", Text(N_("Benutzername: bitte angeben."))))
    elif session.scalar(sa.select(Advisor.id).where(sa.func.lower(Advisor.username) == username.lower())):
        errors.append(FieldError("username", Text(N_("Benutzername: ist schon vergeben."))))
    if not display_name:
        errors.append(FieldError("display_name", Text(N_("Name: bitte angeben."))))
    problem = password_problem(data.password, username)
    if problem:
        errors.append(FieldError("password", problem))
    if errors:
        raise ValidationFailed(errors)
    return AccountInput(username, display_name, data.role, data.password)


def _add(session: Session, data: AccountInput, now: datetime) -> Advisor:
    advisor = Advisor(
        username=data.username,
        display_name=data.display_name,
        role=data.role,
        password_hash=_HASHER.hash(data.password),
        created_at=now,
    )
    session.add(advisor)
    session.flush()
    return advisor


def needs_first_admin(session: Session) -> bool:
    """Whether no account can sign in yet (then the first start creates the administrator)."""
    with session.begin():
        return session.scalar(sa.select(sa.func.count()).where(Advisor.password_hash.is_not(None))) == 0


def create_first_admin(session: Session, data: AccountInput, now: datetime) -> Actor:
    """Create the administrator on first start; refused once any account has a password."""
    with session.begin():
        if session.scalar(sa.select(sa.func.count()).where(Advisor.password_hash.is_not(None))):
            raise NotAllowed(Text(N_("Es gibt bereits ein Benutzerkonto; bitte melden Sie sich an.")))
        advisor = _add(session, _check_new(session, AccountInput(data.username, data.display_name, Role.ADMIN,
                                                                 data.password)), now)  # fmt: skip
        actor = _actor(advisor)
        record(session, actor, AuditAction.ACCOUNT_CREATED, "account", advisor.id,
               changes={"role": (None, Role.ADMIN.value), "username": (None, advisor.username)}, at=now)  # fmt: skip
    return actor


def create_account(session: Session, actor: Actor | None, data: AccountInput, now: datetime) -> AccountRow:
    """An administrator creates an account with an initial password."""
    require(actor, Action.ADMIN_ACCOUNTS)
    with session.begin():
        advisor = _add(session, _check_new(session, data), now)
        record(session, actor, AuditAction.ACCOUNT_CREATED, "account", advisor.id,
               changes={"role": (None, data.role.value), "username": (None, advisor.username)}, at=now)  # fmt: skip
        return _row(advisor)


def _verify(advisor_hash: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(advisor_hash or _DUMMY_HASH, password) and advisor_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def _locked_message(until: datetime) -> Text:
    return Text(N_("Das Konto ist nach mehreren falschen Passwörtern bis {until:%H:%M} Uhr gesperrt."), until=until)


def _attempt(
    session: Session, advisor: Advisor | None, password: str, now: datetime, policy: LockoutPolicy, sleep: Sleep
) -> Actor:
    """Check a password inside the caller's transaction; returns the actor or the refusal to raise afterwards."""
    if advisor is None:
        _verify(None, password)
        record(session, None, AuditAction.SIGN_IN_FAILED, "account", None, at=now, actor_label=UNKNOWN_USER_LABEL)
        raise SignInRefused(WRONG_CREDENTIALS)
    state = LoginState(advisor.failed_logins, advisor.locked_until)
    if is_locked(state, now):
        record(
            session, None, AuditAction.SIGN_IN_LOCKED, "account", advisor.id, at=now, actor_label=advisor.display_name
        )
        raise SignInRefused(_locked_message(state.locked_until or now), state.locked_until)
    if not advisor.active:
        record(
            session, None, AuditAction.SIGN_IN_FAILED, "account", advisor.id, at=now, actor_label=advisor.display_name
        )
        raise SignInRefused(Text(N_("Dieses Konto ist deaktiviert. Bitte wenden Sie sich an die Administration.")))
    if not _verify(advisor.password_hash, password):
        new = after_failure(state, now, policy)
        sleep(delay_after(new.failed_logins, policy))
        advisor.failed_logins, advisor.locked_until = new.failed_logins, new.locked_until
        counted = {"failed_logins": (state.failed_logins, new.failed_logins)}
        record(session, None, AuditAction.SIGN_IN_FAILED, "account", advisor.id, changes=counted, at=now,
               actor_label=advisor.display_name)  # fmt: skip
        if new.locked_until is not None:
            raise SignInRefused(_locked_message(new.locked_until), new.locked_until)
        raise SignInRefused(WRONG_CREDENTIALS)
    fresh = after_success()
    advisor.failed_logins, advisor.locked_until = fresh.failed_logins, fresh.locked_until
    if advisor.password_hash and _HASHER.check_needs_rehash(advisor.password_hash):
        advisor.password_hash = _HASHER.hash(password)
    return _actor(advisor)


def _run_attempt(session: Session, find: sa.Select[Advisor], password: str, now: datetime, action: str,
                 policy: LockoutPolicy, sleep: Sleep) -> Actor:  # fmt: skip
    refusal: SignInRefused | None = None
    with session.begin():
        try:
            advisor = session.scalar(find)
            actor = _attempt(session, advisor, password, now, policy, sleep)
            if advisor is not None and action == AuditAction.SIGN_IN:  # unlocking the screen is no new sign-in
                advisor.last_sign_in = now
            record(session, actor, action, "account", actor.advisor_id, at=now)
        except SignInRefused as exc:
            refusal = exc  # the failure count and the audit entry are committed, then the refusal raised
    if refusal is not None:
        raise refusal
    return actor


def sign_in(
    session: Session,
    username: str,
    password: str,
    now: datetime,
    *,
    policy: LockoutPolicy = DEFAULT_POLICY,
    sleep: Sleep = _time.sleep,
) -> Actor:
    """Check name and password; raises SignInRefused (and records the failure) or returns the signed-in actor."""
    find = sa.select(Advisor).where(sa.func.lower(Advisor.username) == username.strip().lower())
    return _run_attempt(session, find, password, now, AuditAction.SIGN_IN, policy, sleep)


def unlock_screen(
    session: Session,
    actor: Actor,
    password: str,
    now: datetime,
    *,
    policy: LockoutPolicy = DEFAULT_POLICY,
    sleep: Sleep = _time.sleep,
) -> Actor:
    """Check the signed-in person's password again after the idle lock (same lockout rules as sign-in)."""
    find = sa.select(Advisor).where(Advisor.id == actor.advisor_id)
    return _run_attempt(session, find, password, now, AuditAction.SCREEN_UNLOCKED, policy, sleep)


def _password_error(password: str, username: str) -> None:
    problem = password_problem(password, username)
    if problem:
        raise ValidationFailed([FieldError("password", problem)])


def reset_password(session: Session, actor: Actor | None, advisor_id: int, new_password: str, now: datetime) -> None:
    """An administrator sets a new password for an account and lifts its lock."""
    require(actor, Action.ADMIN_ACCOUNTS)
    with session.begin():
        advisor = session.get(Advisor, advisor_id)
        if advisor is None:
            raise NotFound(Text(N_("Das Benutzerkonto gibt es nicht mehr.")))
        _password_error(new_password, advisor.username)
        advisor.password_hash = _HASHER.hash(new_password)
        advisor.failed_logins, advisor.locked_until = 0, None
        record(session, actor, AuditAction.PASSWORD_RESET, "account", advisor.id, at=now)


def unlock_account(session: Session, actor: Actor | None, advisor_id: int, now: datetime) -> AccountRow:
    """An administrator lifts a lockout after wrong passwords without changing the password."""
    admin = require(actor, Action.ADMIN_ACCOUNTS)
    with session.begin():
        advisor = session.get(Advisor, advisor_id)
        if advisor is None:
            raise NotFound(Text(N_("Das Benutzerkonto gibt es nicht mehr.")))
        before = {"failed_logins": advisor.failed_logins, "locked_until": advisor.locked_until}
        advisor.failed_logins, advisor.locked_until = 0, None
        after = {"failed_logins": 0, "locked_until": None}
        record(session, admin, AuditAction.ACCOUNT_CHANGED, "account", advisor.id, changes=diff_fields(before, after),
               at=now)  # fmt: skip
        return _row(advisor)


def change_own_password(session: Session, actor: Actor, old_password: str, new_password: str, now: datetime) -> None:
    """The signed-in person replaces their own password (the old one is checked first)."""
    with session.begin():
        advisor = session.get(Advisor, actor.advisor_id)
        if advisor is None or not _verify(advisor.password_hash, old_password):
            raise ValidationFailed([FieldError("old_password", Text(N_("Das bisherige Passwort stimmt nicht.")))])
        _password_error(new_password, advisor.username)
        if new_password == old_password:
            raise ValidationFailed(
                [FieldError("password", Text(N_("Das neue Passwort muss sich vom bisherigen unterscheiden.")))]
            )
        advisor.password_hash = _HASHER.hash(new_password)
        record(session, actor, AuditAction.PASSWORD_CHANGED, "account", advisor.id, at=now)


def list_accounts(session: Session, actor: Actor | None) -> list[AccountRow]:
    """All accounts, by name (administrators only)."""
    require(actor, Action.ADMIN_ACCOUNTS)
    with session.begin():
        return [_row(a) for a in session.scalars(sa.select(Advisor).order_by(Advisor.display_name, Advisor.id))]


def update_account(
    session: Session, actor: Actor | None, advisor_id: int, *, role: Role, active: bool, now: datetime
) -> AccountRow:
    """Change an account's role or switch it off; the last active administrator cannot be removed."""
    admin = require(actor, Action.ADMIN_ACCOUNTS)
    with session.begin():
        advisor = session.get(Advisor, advisor_id)
        if advisor is None:
            raise NotFound(Text(N_("Das Benutzerkonto gibt es nicht mehr.")))
        before = {"role": advisor.role.value, "active": advisor.active}
        if advisor.role == Role.ADMIN and advisor.active and (role != Role.ADMIN or not active):
            others = session.scalar(
                sa.select(sa.func.count()).where(
                    Advisor.role == Role.ADMIN, Advisor.active.is_(True), Advisor.id != advisor.id,
                    Advisor.password_hash.is_not(None),
                )
            )  # fmt: skip
            if not others:
                raise NotAllowed(Text(N_("Das letzte aktive Administrationskonto kann nicht entfernt werden.")))
        advisor.role, advisor.active = role, active
        after = {"role": role.value, "active": active}
        record(session, admin, AuditAction.ACCOUNT_CHANGED, "account", advisor.id, changes=diff_fields(before, after),
               at=now)  # fmt: skip
        return _row(advisor)


DEMO_USERNAME_PREFIX = "demo."


def set_demo_passwords(session: Session, password: str, now: datetime | None = None) -> list[str]:
    """Give the demo data's accounts (user names 'demo.*') one known password; returns their user names."""
    _password_error(password, DEMO_USERNAME_PREFIX)
    hashed = _HASHER.hash(password)  # one hash for all: demo accounts only, never real ones
    with session.begin():
        advisors = list(
            session.scalars(
                sa.select(Advisor).where(Advisor.username.startswith(DEMO_USERNAME_PREFIX)).order_by(Advisor.username)
            )
        )
        for advisor in advisors:
            advisor.password_hash, advisor.failed_logins, advisor.locked_until = hashed, 0, None
            record(session, None, AuditAction.PASSWORD_RESET, "account", advisor.id, at=now, actor_label="Demodaten")
        return [a.username for a in advisors]
