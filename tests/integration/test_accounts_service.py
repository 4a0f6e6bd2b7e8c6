"""Accounts on SQLite and PostgreSQL: first administrator, roles, Argon2id sign-in, lockout, password resets."""

import re
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from kim_desktop.db.models import Advisor, AuditEvent, UnknownSignIn
from kim_desktop.domain.access import Actor
from kim_desktop.domain.enums import Role
from kim_desktop.domain.errors import NotAllowed, NotFound, ValidationFailed
from kim_desktop.services import accounts
from kim_desktop.services.accounts import (
    WRONG_CREDENTIALS,
    AccountInput,
    SignInRefused,
    change_own_password,
    create_account,
    create_first_admin,
    list_accounts,
    needs_first_admin,
    reset_password,
    sign_in,
    unlock_screen,
    update_account,
)
from kim_desktop.services.database import OpenDatabase

NOW = datetime(2026, 3, 2, 9, 0)
ADMIN_PW = "Verwaltung-2026"
ANNA_PW = "Sonnenblume-17"


class FakeSleep:
    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def admin(database: OpenDatabase) -> Actor:
    with database.sessions() as session:
        assert needs_first_admin(session)
    with database.sessions() as session:
        return create_first_admin(session, AccountInput("admin", "Petra Verwalt", Role.ADMIN, ADMIN_PW), NOW)


@pytest.fixture
def anna(database: OpenDatabase, admin: Actor) -> int:
    with database.sessions() as session:
        return create_account(session, admin, AccountInput("anna", "Anna Krüger", Role.ADVISOR, ANNA_PW), NOW).id


def attempt(
    db: OpenDatabase, username: str, password: str, now: datetime = NOW, sleep: FakeSleep | None = None
) -> Actor:
    with db.sessions() as session:
        return sign_in(session, username, password, now, sleep=sleep or FakeSleep())


def audit_actions(db: OpenDatabase) -> list[tuple[str, str, int | None]]:
    with db.sessions() as session:
        rows = session.execute(
            sa.select(AuditEvent.action, AuditEvent.actor, AuditEvent.entity_id).order_by(AuditEvent.id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_first_admin_only_once(database: OpenDatabase, admin: Actor) -> None:
    assert admin.role == Role.ADMIN
    with database.sessions() as session:
        assert not needs_first_admin(session)
    with database.sessions() as session, pytest.raises(NotAllowed):
        create_first_admin(session, AccountInput("zweiter", "Zweiter", Role.ADMIN, ADMIN_PW), NOW)


def test_first_admin_ignores_accounts_without_password(database: OpenDatabase) -> None:
    with database.sessions() as session, session.begin():
        session.add(Advisor(username="demo", display_name="Demo", role=Role.ADVISOR))
    with database.sessions() as session:
        assert needs_first_admin(session)


def test_password_is_stored_as_argon2id_hash(database: OpenDatabase, anna: int) -> None:
    with database.sessions() as session:
        stored = session.get(Advisor, anna)
        assert stored is not None and stored.password_hash is not None
        assert stored.password_hash.startswith("$argon2id$")
        assert ANNA_PW not in stored.password_hash


def test_sign_in_and_audit(database: OpenDatabase, anna: int) -> None:
    actor = attempt(database, " Anna ", ANNA_PW)
    assert actor == Actor(anna, "Anna Krüger", Role.ADVISOR)
    with pytest.raises(SignInRefused, match=re.escape(WRONG_CREDENTIALS)):
        attempt(database, "anna", "falsch-falsch")
    with pytest.raises(SignInRefused, match=re.escape(WRONG_CREDENTIALS)):
        attempt(database, "niemand", ANNA_PW)
    actions = audit_actions(database)[-3:]
    assert actions == [
        ("sign_in", "Anna Krüger", anna),
        ("sign_in_failed", "Anna Krüger", anna),
        ("sign_in_failed", "unbekannter Benutzername", None),
    ]
    with database.sessions() as session:
        details = " ".join(session.scalars(sa.select(AuditEvent.details)))
    assert "falsch-falsch" not in details and ANNA_PW not in details and "niemand" not in details


def last_sign_in(db: OpenDatabase, advisor_id: int) -> datetime | None:
    with db.sessions() as session:
        return next(r for r in list_accounts(session, Actor(1, "x", Role.ADMIN)) if r.id == advisor_id).last_sign_in


def test_last_successful_sign_in_is_kept_and_listed(database: OpenDatabase, anna: int) -> None:
    assert last_sign_in(database, anna) is None  # never signed in yet
    actor = attempt(database, "anna", ANNA_PW, NOW + timedelta(hours=1))
    assert last_sign_in(database, anna) == NOW + timedelta(hours=1)
    with pytest.raises(SignInRefused):
        attempt(database, "anna", "falsch-falsch", NOW + timedelta(hours=2))  # a failure does not count
    with database.sessions() as session:
        unlock_screen(session, actor, ANNA_PW, NOW + timedelta(hours=3), sleep=FakeSleep())  # nor an unlock
    assert last_sign_in(database, anna) == NOW + timedelta(hours=1)
    attempt(database, "anna", ANNA_PW, NOW + timedelta(days=1))
    assert last_sign_in(database, anna) == NOW + timedelta(days=1)


def test_slow_down_then_lockout_then_unlock_after_time(database: OpenDatabase, anna: int) -> None:
    sleep = FakeSleep()
    for _ in range(5):
        with pytest.raises(SignInRefused, match=re.escape(WRONG_CREDENTIALS)):
            attempt(database, "anna", "falsch-falsch", sleep=sleep)
    assert sleep.calls == [0.0, 0.0, 1.0, 2.0, 4.0]
    assert account_state(database, anna) == (5, NOW + timedelta(minutes=15))
    # Even the right password is refused while locked, with the same answer and wait, without counting.
    with pytest.raises(SignInRefused, match=re.escape(WRONG_CREDENTIALS)):
        attempt(database, "anna", ANNA_PW, NOW + timedelta(minutes=14), sleep=sleep)
    assert sleep.calls[-1] == 4.0
    assert account_state(database, anna) == (5, NOW + timedelta(minutes=15))
    assert attempt(database, "anna", ANNA_PW, NOW + timedelta(minutes=15)).advisor_id == anna
    assert account_state(database, anna) == (0, None)
    assert "sign_in_locked" in [a for a, _, _ in audit_actions(database)]


def test_count_starts_afresh_after_a_lock_ran_out(database: OpenDatabase, anna: int) -> None:
    for _ in range(5):
        with pytest.raises(SignInRefused):
            attempt(database, "anna", "falsch-falsch")
    with pytest.raises(SignInRefused):
        attempt(database, "anna", "falsch-falsch", NOW + timedelta(minutes=15))
    assert account_state(database, anna) == (1, None)


def test_fourth_failure_then_the_right_password_signs_in(database: OpenDatabase, anna: int) -> None:
    for _ in range(4):
        with pytest.raises(SignInRefused):
            attempt(database, "anna", "falsch-falsch")
    assert attempt(database, "anna", ANNA_PW).advisor_id == anna
    assert account_state(database, anna) == (0, None)


def account_state(db: OpenDatabase, advisor_id: int) -> tuple[int, datetime | None]:
    with db.sessions() as session:
        advisor = session.get(Advisor, advisor_id)
        assert advisor is not None
        return advisor.failed_logins, advisor.locked_until


def test_admin_reset_lifts_lock(database: OpenDatabase, admin: Actor, anna: int) -> None:
    for _ in range(5):
        with pytest.raises(SignInRefused):
            attempt(database, "anna", "falsch-falsch")
    with database.sessions() as session:
        reset_password(session, admin, anna, "Neues-Passwort-1", NOW)
    assert attempt(database, "anna", "Neues-Passwort-1").advisor_id == anna
    with pytest.raises(SignInRefused):
        attempt(database, "anna", ANNA_PW)


def test_change_own_password(database: OpenDatabase, anna: int) -> None:
    actor = attempt(database, "anna", ANNA_PW)
    with database.sessions() as session, pytest.raises(ValidationFailed) as info:
        change_own_password(session, actor, "falsch-falsch", "Neues-Passwort-1", NOW)
    assert info.value.for_field("old_password") == "Das bisherige Passwort stimmt nicht."
    with database.sessions() as session, pytest.raises(ValidationFailed):
        change_own_password(session, actor, ANNA_PW, "kurz", NOW)
    with database.sessions() as session:
        change_own_password(session, actor, ANNA_PW, "Neues-Passwort-1", NOW)
    assert attempt(database, "anna", "Neues-Passwort-1") == actor


def test_unlock_screen_checks_own_password(database: OpenDatabase, anna: int) -> None:
    actor = attempt(database, "anna", ANNA_PW)
    with database.sessions() as session, pytest.raises(SignInRefused):
        unlock_screen(session, actor, "falsch-falsch", NOW, sleep=FakeSleep())
    with database.sessions() as session:
        assert unlock_screen(session, actor, ANNA_PW, NOW, sleep=FakeSleep()) == actor
    assert audit_actions(database)[-1][0] == "screen_unlocked"


def test_inactive_account_cannot_sign_in(database: OpenDatabase, admin: Actor, anna: int) -> None:
    with database.sessions() as session:
        row = update_account(session, admin, anna, role=Role.READER, active=False, now=NOW)
    assert (row.role, row.active) == (Role.READER, False)
    with pytest.raises(SignInRefused, match=re.escape(WRONG_CREDENTIALS)):
        attempt(database, "anna", ANNA_PW)


def test_last_admin_cannot_be_removed(database: OpenDatabase, admin: Actor) -> None:
    with database.sessions() as session, pytest.raises(NotAllowed, match="letzte"):
        update_account(session, admin, admin.advisor_id, role=Role.ADVISOR, active=True, now=NOW)


def test_validation_of_new_accounts(database: OpenDatabase, admin: Actor, anna: int) -> None:
    with database.sessions() as session, pytest.raises(ValidationFailed) as info:
        create_account(session, admin, AccountInput("ANNA", " ", Role.ADVISOR, "kurz"), NOW)
    assert info.value.for_field("username") == "Benutzername: ist schon vergeben."
    assert info.value.for_field("display_name") == "Name: bitte angeben."
    assert info.value.for_field("password") is not None


@pytest.mark.parametrize("role", [Role.ADVISOR, Role.READER])
def test_only_admins_manage_accounts(database: OpenDatabase, anna: int, role: Role) -> None:
    actor = Actor(anna, "Anna Krüger", role)
    calls = [
        lambda s: create_account(s, actor, AccountInput("bob", "Bob", Role.ADMIN, "Sonnenblume-18"), NOW),
        lambda s: reset_password(s, actor, anna, "Sonnenblume-18", NOW),
        lambda s: list_accounts(s, actor),
        lambda s: update_account(s, actor, anna, role=Role.ADMIN, active=True, now=NOW),
    ]
    for call in calls:
        with database.sessions() as session, pytest.raises(NotAllowed):
            call(session)


def test_reset_unknown_account(database: OpenDatabase, admin: Actor) -> None:
    with database.sessions() as session, pytest.raises(NotFound):
        reset_password(session, admin, 9999, "Sonnenblume-18", NOW)


class CountingHasher:
    """Wraps the Argon2 hasher and counts verifications (each costs the same ~0.1 s of work)."""

    def __init__(self, inner: object) -> None:
        self.inner, self.verified = inner, 0

    def verify(self, hashed: str, password: str) -> bool:
        self.verified += 1
        return self.inner.verify(hashed, password)  # type: ignore[attr-defined, no-any-return]

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)


def test_unknown_deactivated_locked_and_wrong_get_the_same_answer_work_and_delays(
    database: OpenDatabase, admin: Actor, anna: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    with database.sessions() as session:
        bert = create_account(session, admin, AccountInput("bert", "Bert Aus", Role.ADVISOR, ANNA_PW), NOW).id
    with database.sessions() as session:
        update_account(session, admin, bert, role=Role.ADVISOR, active=False, now=NOW)
    with database.sessions() as session:
        carla = create_account(session, admin, AccountInput("carla", "Carla Zu", Role.ADVISOR, ANNA_PW), NOW).id
    for _ in range(5):  # carla is locked before the comparison starts
        with pytest.raises(SignInRefused):
            attempt(database, "carla", "falsch-falsch")
    hasher = CountingHasher(accounts._HASHER)
    monkeypatch.setattr(accounts, "_HASHER", hasher)
    cases = {
        "unknown": ("niemand", ANNA_PW),
        "deactivated, right password": ("bert", ANNA_PW),
        "wrong password": ("anna", "falsch-falsch"),
    }
    growing = [0.0, 0.0, 1.0, 2.0, 4.0, 4.0, 4.0]  # slowed down from the 3rd, locked from the 5th
    for case, (name, password) in cases.items():
        sleep, verified = FakeSleep(), hasher.verified
        for _ in growing:
            with database.sessions() as session, pytest.raises(SignInRefused) as info:
                sign_in(session, name, password, NOW, sleep=sleep)
            assert str(info.value) == WRONG_CREDENTIALS, case
        assert sleep.calls == growing, case
        assert hasher.verified - verified == len(growing), case  # one Argon2 verification per answer
    sleep, verified = FakeSleep(), hasher.verified
    for password in ("falsch-falsch", ANNA_PW):  # locked: the right password fails like a wrong one
        with database.sessions() as session, pytest.raises(SignInRefused) as info:
            sign_in(session, "carla", password, NOW, sleep=sleep)
        assert str(info.value) == WRONG_CREDENTIALS
    assert sleep.calls == [4.0, 4.0] and hasher.verified - verified == 2
    assert account_state(database, carla) == (5, NOW + timedelta(minutes=15))
    assert account_state(database, bert)[0] == 5  # a deactivated account's right password counts as wrong


def test_an_unknown_name_s_lock_runs_out_like_an_account_s(database: OpenDatabase) -> None:
    sleep = FakeSleep()
    for minutes in (0, 0, 0, 0, 0, 14, 15, 15):
        with pytest.raises(SignInRefused), database.sessions() as session:
            sign_in(session, "Niemand ", "x", NOW + timedelta(minutes=minutes), sleep=sleep)
    assert sleep.calls == [0.0, 0.0, 1.0, 2.0, 4.0, 4.0, 0.0, 0.0]  # counted afresh after 15 minutes
    with database.sessions() as session:
        rows = session.execute(sa.select(UnknownSignIn.digest, UnknownSignIn.failed_logins)).all()
    assert len(rows) == 1 and rows[0].failed_logins == 2  # "Niemand " and "niemand" are one name
    assert "niemand" not in rows[0].digest  # a keyed hash, never the name


_ONE_ATTEMPT = """
import sys
from datetime import datetime
from kim_desktop.db.engine import make_engine, make_session_factory
from kim_desktop.services.accounts import SignInRefused, sign_in
engine = make_engine(sys.argv[1])
waits = []
try:
    with make_session_factory(engine)() as session:
        sign_in(session, "niemand", "x", datetime(2026, 3, 2, 9, 0), sleep=waits.append)
except SignInRefused:
    pass
engine.dispose()
print(waits[0])
"""


def test_an_unknown_name_stays_counted_across_restarts(database: OpenDatabase) -> None:
    """Before, the count lived in the program: each restart, desk or CLI call started afresh, so an unknown name
    never slowed down or locked while a real one did (the difference told which names exist)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}
    waits = []
    for _attempt in range(6):  # each attempt a program of its own, as six CLI calls
        done = subprocess.run(
            [sys.executable, "-c", _ONE_ATTEMPT, database.url], env=env, capture_output=True, text=True, check=True
        )
        waits.append(float(done.stdout.strip()))
    assert waits == [0.0, 0.0, 1.0, 2.0, 4.0, 4.0]  # the same growth and lock as for an account


def test_a_name_or_password_no_database_takes_is_just_refused(database: OpenDatabase, anna: int) -> None:
    for name, password in [("ann\x00a", ANNA_PW), ("anna\udc80", ANNA_PW), ("anna", "Sonnenblume-17\udc80")]:
        with pytest.raises(SignInRefused, match=re.escape(WRONG_CREDENTIALS)):
            attempt(database, name, password)  # PostgreSQL refuses NUL, no driver encodes a lone surrogate
    assert attempt(database, "anna", ANNA_PW).advisor_id == anna
