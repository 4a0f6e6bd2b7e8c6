"""Lockout policy: failures count up, lock after five, lock runs out, answers slow down; password rules."""

from datetime import datetime, timedelta

from kim_desktop.domain.lockout_policy import (
    LockoutPolicy,
    LoginState,
    after_failure,
    after_success,
    delay_after,
    is_locked,
    password_problem,
)

NOW = datetime(2026, 3, 2, 9, 0)


def test_fifth_failure_locks_for_fifteen_minutes() -> None:
    state = LoginState(0, None)
    for expected in range(1, 5):
        state = after_failure(state, NOW)
        assert state == LoginState(expected, None)
        assert not is_locked(state, NOW)
    state = after_failure(state, NOW)
    assert state == LoginState(5, NOW + timedelta(minutes=15))
    assert is_locked(state, NOW + timedelta(minutes=14, seconds=59))
    assert not is_locked(state, NOW + timedelta(minutes=15))


def test_count_starts_afresh_after_the_lock_ran_out() -> None:
    locked = LoginState(5, NOW)
    assert after_failure(locked, NOW + timedelta(minutes=1)) == LoginState(1, None)


def test_success_clears_everything() -> None:
    assert after_success() == LoginState(0, None)


def test_custom_policy() -> None:
    policy = LockoutPolicy(max_failures=2, lock_minutes=1)
    state = after_failure(after_failure(LoginState(0, None), NOW, policy), NOW, policy)
    assert state.locked_until == NOW + timedelta(minutes=1)


def test_delay_grows_and_is_capped() -> None:
    assert [delay_after(n) for n in range(8)] == [0.0, 0.0, 0.0, 1.0, 2.0, 4.0, 8.0, 8.0]


def test_password_rules() -> None:
    assert password_problem("kurz", "anna") == "Das Passwort muss mindestens 10 Zeichen lang sein."
    assert password_problem("annakrueger", "AnnaKrueger") == "Das Passwort darf nicht der Benutzername sein."
    assert password_problem("aaaaaaaaaaaa", "anna") is not None
    assert password_problem("Sonnenblume-17", "anna") is None
