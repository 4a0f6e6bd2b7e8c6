"""Lockout under parallel guesses: real processes sign in at the same instant, on SQLite and PostgreSQL."""

import json
import multiprocessing
from collections import Counter
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from kim_desktop.db.models import Advisor, AuditEvent
from kim_desktop.domain.enums import Role
from kim_desktop.domain.lockout_policy import DEFAULT_POLICY
from kim_desktop.services.accounts import AccountInput, SignInRefused, create_account, create_first_admin, sign_in
from kim_desktop.services.database import OpenDatabase
from tests.integration.sign_in_guesser import guess

NOW = datetime(2026, 3, 2, 9, 0)
ANNA_PW = "Sonnenblume-17"
WRONG = "falsch-falsch"
MAX = DEFAULT_POLICY.max_failures
LOCK = timedelta(minutes=DEFAULT_POLICY.lock_minutes)


@pytest.fixture
def anna(database: OpenDatabase) -> int:
    with database.sessions() as session:
        admin = create_first_admin(session, AccountInput("admin", "Petra Verwalt", Role.ADMIN, "Verwaltung-2026"), NOW)
    with database.sessions() as session:
        return create_account(session, admin, AccountInput("anna", "Anna Krüger", Role.ADVISOR, ANNA_PW), NOW).id


def run_together(url: str, batches: list[list[str]]) -> list[str]:
    """One process per batch of passwords for 'anna', all released at once; every attempt's outcome."""
    ctx = multiprocessing.get_context("spawn")  # no fork of a process that holds connections
    barrier, out = ctx.Barrier(len(batches)), ctx.Queue()
    procs = [ctx.Process(target=guess, args=(url, "anna", batch, NOW, barrier, out)) for batch in batches]
    for proc in procs:
        proc.start()
    outcomes = [o for _ in procs for o in out.get(timeout=180)]
    for proc in procs:
        proc.join(timeout=30)
        assert proc.exitcode == 0
    return outcomes


def trail(db: OpenDatabase, advisor_id: int) -> list[tuple[str, int | None]]:
    """Anna's sign-in entries: the action and, for a checked wrong password, the failure number it counted."""
    with db.sessions() as session:
        rows = session.execute(
            sa.select(AuditEvent.action, AuditEvent.details)
            .where(AuditEvent.entity_type == "account", AuditEvent.entity_id == advisor_id)
            .where(AuditEvent.action.in_(["sign_in", "sign_in_failed", "sign_in_locked"]))
            .order_by(AuditEvent.id)
        )
        return [(a, json.loads(d)["failed_logins"][1] if a == "sign_in_failed" else None) for a, d in rows]


def state(db: OpenDatabase, advisor_id: int) -> tuple[int, datetime | None]:
    with db.sessions() as session:
        advisor = session.get(Advisor, advisor_id)
        assert advisor is not None
        return advisor.failed_logins, advisor.locked_until


def test_thirty_wrong_passwords_in_three_parallel_batches_lock_after_five(database: OpenDatabase, anna: int) -> None:
    outcomes = run_together(database.url, [[WRONG] * 10 for _ in range(3)])
    assert outcomes == ["refused"] * 30
    entries = trail(database, anna)
    checked = sorted(n for a, n in entries if a == "sign_in_failed")
    assert checked == list(range(1, MAX + 1))  # each failure counted once, none overwritten
    assert Counter(a for a, _ in entries)["sign_in_locked"] == 30 - MAX  # the rest refused unchecked
    assert state(database, anna) == (MAX, NOW + LOCK)
    # The right password during the lock fails too.
    with database.sessions() as session, pytest.raises(SignInRefused):
        sign_in(session, "anna", ANNA_PW, NOW, sleep=lambda _s: None)


def test_twelve_sign_ins_at_the_same_instant_check_at_most_five(database: OpenDatabase, anna: int) -> None:
    outcomes = run_together(database.url, [[WRONG]] * 11 + [[ANNA_PW]])
    entries = trail(database, anna)
    actions = Counter(a for a, _ in entries)
    successes = actions["sign_in"]
    assert outcomes.count("signed_in") == successes <= 1
    # A right password may clear the count, so after a success up to five more could be checked; never more.
    checked = actions["sign_in_failed"] + successes
    assert checked <= MAX * (1 + successes)
    assert actions["sign_in_locked"] == 12 - checked
    counts = Counter(n for a, n in entries if a == "sign_in_failed")
    assert all(1 <= n <= MAX and times <= 1 + successes for n, times in counts.items())
    if not successes:
        assert state(database, anna) == (MAX, NOW + LOCK)
