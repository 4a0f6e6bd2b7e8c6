"""User accounts: the first administrator, accounts by role, sign-in with Argon2id and lockout, passwords."""

import time as _time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from kim_desktop.db.models import Advisor, Organisation
from kim_desktop.db.network_mode import current_partner
from kim_desktop.domain.access import Action, Actor, require
from kim_desktop.domain.enums import OrganisationKind, Role
from kim_desktop.domain.errors import FieldError, KimError, NotAllowed, NotFound, ValidationFailed
from kim_desktop.domain.lockout_policy import (
    DEFAULT_POLICY,
    LockoutPolicy,
    LoginState,
    delay_after,
    password_problem,
)
from kim_desktop.domain.text import N_, Text
from kim_desktop.services.audit import AuditAction, diff_fields, record
from kim_desktop.services.failure_count import count_failure
from kim_desktop.services.unknown_names import count_unknown_failure

_HASHER = PasswordHasher()  # Argon2id with the library's current recommended parameters
# Verified against when the username is unknown, so both failures take the same time. Written out rather than hashed
# at import (that cost every command 0.1 s); a test checks it still has the hasher's current parameters.
DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$kiKbNQfuIGOtvJnt1CWwuA$9R34nU3B1jJyjUF3n+xVncAT7/i3SN3d54Z1+hPeVCg"
UNKNOWN_USER_LABEL = "unbekannter Benutzername"

Sleep = Callable[[float], None]
# Unknown user names slow down and lock like real ones (counted in the database as keyed hashes: unknown_names.py).


class SignInRefused(KimError):  # noqa: N818 - reads like the other KimErrors
    """Wrong name or password, or a locked or deactivated account: one message for all, so it tells no account apart."""


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


PROVIDER_ROLE_ELSEWHERE = Text(
    N_(
        "Rolle: „Kursträger“ gibt es nur für die Konten eines Kursträgers im Netzwerk (an seinem Zugang zum "
        "gemeinsamen Server); hier bitte eine andere Rolle wählen."
    )
)


def _role_fits_desk(session: Session, role: Role) -> None:
    """A provider's account belongs to a course provider's desk on the network: its courses are the login's."""
    if role != Role.PROVIDER:
        return
    partner = current_partner(session)
    kind = session.scalar(sa.select(Organisation.kind).where(Organisation.id == partner)) if partner else None
    if kind != OrganisationKind.KURSTRAEGER:
        raise ValidationFailed([FieldError("role", PROVIDER_ROLE_ELSEWHERE)])


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
        _role_fits_desk(session, data.role)
        advisor = _add(session, _check_new(session, data), now)
        record(session, actor, AuditAction.ACCOUNT_CREATED, "account", advisor.id,
               changes={"role": (None, data.role.value), "username": (None, advisor.username)}, at=now)  # fmt: skip
        return _row(advisor)


def _verify(advisor_hash: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(advisor_hash or DUMMY_HASH, password) and advisor_hash is not None
    except (VerificationError, InvalidHashError, UnicodeEncodeError):  # the last: a password with lone surrogates
        return False


@dataclass(frozen=True)
class _Account:
    """What a sign-in needs of an account, read before anything is counted."""

    id: int
    display_name: str
    role: Role
    password_hash: str | None
    active: bool


_Find = sa.Select[int, str, Role, str | None, bool]
_FIND: _Find = sa.select(Advisor.id, Advisor.display_name, Advisor.role, Advisor.password_hash, Advisor.active)


def _count_attempt(session: Session, advisor_id: int, now: datetime, policy: LockoutPolicy) -> LoginState | None:
    """Count this attempt on the account as a failure before the password is checked (see failure_count)."""
    return count_failure(session, Advisor, Advisor.id == advisor_id, now, policy)


def _accept(session: Session, account: _Account, counted: LoginState, password: str, now: datetime,
            action: str) -> bool:  # fmt: skip
    """Clear the count after a right password, unless parallel wrong guesses locked the account meanwhile.

    A lock this very attempt set (it was the last one the policy allows) does not stop it, as in a sequential
    run; the account must still be active and have the password that was checked.
    """
    allowed = [Advisor.locked_until.is_(None), Advisor.locked_until <= now]
    if counted.locked_until is not None:
        allowed.append(
            sa.and_(Advisor.failed_logins == counted.failed_logins, Advisor.locked_until == counted.locked_until)
        )
    values: dict[str, object] = {"failed_logins": 0, "locked_until": None}
    if action == AuditAction.SIGN_IN:  # unlocking the screen is no new sign-in
        values["last_sign_in"] = now
    if account.password_hash and _HASHER.check_needs_rehash(account.password_hash):
        values["password_hash"] = _HASHER.hash(password)
    stmt = (
        sa.update(Advisor)
        .where(
            Advisor.id == account.id,
            Advisor.active.is_(True),
            Advisor.password_hash == account.password_hash,
            sa.or_(*allowed),
        )
        .values(**values)
        .returning(Advisor.id)
        .execution_options(synchronize_session=False)
    )
    return session.execute(stmt).one_or_none() is not None


def refusal_text(policy: LockoutPolicy = DEFAULT_POLICY) -> Text:
    """The one answer to every refused sign-in: it must not tell whether the name exists, is locked or deactivated."""
    return Text(
        N_(
            "Anmeldung nicht möglich: Benutzername oder Passwort ist falsch, oder das Konto ist gesperrt oder "
            "deaktiviert. Nach {failures} falschen Passwörtern bleibt ein Konto {minutes} Minuten gesperrt; "
            "die Administration kann es vorher freigeben."
        ),
        failures=policy.max_failures,
        minutes=policy.lock_minutes,
    )


WRONG_CREDENTIALS = refusal_text()


def _refusal_delay(counted: LoginState | None, policy: LockoutPolicy) -> float:
    """The wait before a refusal: growing with the counted failures; while locked, as long as for the locking one."""
    return delay_after(policy.max_failures if counted is None else counted.failed_logins, policy)


def _refuse_unknown(session: Session, username: str, password: str, now: datetime, policy: LockoutPolicy,
                    sleep: Sleep) -> SignInRefused:  # fmt: skip
    with session.begin():  # committed before the (pretend) password check, as for an account
        counted = count_unknown_failure(session, username, now, policy)
    _verify(None, password)  # the same Argon2 work as for a real account
    with session.begin():
        record(session, None, AuditAction.SIGN_IN_FAILED, "account", None, at=now, actor_label=UNKNOWN_USER_LABEL)
    sleep(_refusal_delay(counted, policy))
    return SignInRefused(refusal_text(policy))


def _run_attempt(session: Session, find: _Find, username: str, password: str, now: datetime, action: str,
                 policy: LockoutPolicy, sleep: Sleep | None) -> Actor:  # fmt: skip
    """Unknown, deactivated, locked and wrong get the same answer after the same work and the same growing wait."""
    sleep = sleep or _time.sleep  # looked up now, so a test can patch time.sleep
    with session.begin():
        found = session.execute(find).first()
    if found is None:
        raise _refuse_unknown(session, username, password, now, policy, sleep)
    advisor_id, display_name, role, password_hash, active = found
    account = _Account(advisor_id, display_name, role, password_hash, active)
    with session.begin():
        counted = _count_attempt(session, account.id, now, policy)  # committed before the password is checked
    if counted is None:
        _verify(None, password)  # locked: not checked, but as slow as a check
        with session.begin():
            record(session, None, AuditAction.SIGN_IN_LOCKED, "account", account.id, at=now,
                   actor_label=account.display_name)  # fmt: skip
        sleep(_refusal_delay(None, policy))
        raise SignInRefused(refusal_text(policy))
    right = _verify(account.password_hash, password) and account.active
    with session.begin():
        if right and _accept(session, account, counted, password, now, action):
            actor = Actor(account.id, account.display_name, account.role)
            record(session, actor, action, "account", actor.advisor_id, at=now)
            return actor
        if right:  # parallel guesses locked the account while this password was checked
            record(session, None, AuditAction.SIGN_IN_LOCKED, "account", account.id, at=now,
                   actor_label=account.display_name)  # fmt: skip
            counted = None
        else:
            changes = {"failed_logins": (counted.failed_logins - 1, counted.failed_logins)}
            record(session, None, AuditAction.SIGN_IN_FAILED, "account", account.id, changes=changes, at=now,
                   actor_label=account.display_name)  # fmt: skip
    sleep(_refusal_delay(counted, policy))
    raise SignInRefused(refusal_text(policy))


def sign_in(
    session: Session,
    username: str,
    password: str,
    now: datetime,
    *,
    policy: LockoutPolicy = DEFAULT_POLICY,
    sleep: Sleep | None = None,
) -> Actor:
    """Check name and password; raises SignInRefused (and records the failure) or returns the signed-in actor."""
    name = username.strip().lower()
    # No account has a NUL or an unencodable character in its name, and PostgreSQL would refuse the query.
    storable = not any(c == "\x00" or "\ud800" <= c <= "\udfff" for c in name)
    find = _FIND.where(sa.func.lower(Advisor.username) == name if storable else sa.false())
    return _run_attempt(session, find, username, password, now, AuditAction.SIGN_IN, policy, sleep)


def unlock_screen(
    session: Session,
    actor: Actor,
    password: str,
    now: datetime,
    *,
    policy: LockoutPolicy = DEFAULT_POLICY,
    sleep: Sleep | None = None,
) -> Actor:
    """Check the signed-in person's password again after the idle lock (same lockout rules as sign-in)."""
    find = _FIND.where(Advisor.id == actor.advisor_id)
    return _run_attempt(session, find, actor.display_name, password, now, AuditAction.SCREEN_UNLOCKED, policy,
                        sleep)  # fmt: skip


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
        if role != advisor.role:
            _role_fits_desk(session, role)
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
