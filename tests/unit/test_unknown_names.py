"""The in-memory tally of unknown user names: counts and locks like an account, holds no name, stays bounded."""

from datetime import datetime, timedelta

from kim_desktop.domain.lockout_policy import DEFAULT_POLICY, LoginState
from kim_desktop.services.unknown_names import UnknownNameTally

NOW = datetime(2026, 3, 2, 9, 0)


def test_counts_and_locks_like_an_account() -> None:
    tally = UnknownNameTally()
    states = [tally.count_failure("niemand", NOW, DEFAULT_POLICY) for _ in range(6)]
    assert states[:4] == [LoginState(n, None) for n in range(1, 5)]
    assert states[4] == LoginState(5, NOW + timedelta(minutes=15))
    assert states[5] is None  # locked: not counted
    assert tally.count_failure(" NIEMAND", NOW + timedelta(minutes=15), DEFAULT_POLICY) == LoginState(1, None)


def test_holds_no_name_and_drops_the_oldest_beyond_its_capacity() -> None:
    tally = UnknownNameTally(capacity=3)
    for name in ("erika", "max", "moritz", "lotte"):
        tally.count_failure(name, NOW, DEFAULT_POLICY)
    assert len(tally) == 3
    held = b"".join(tally._states)
    assert all(name.encode() not in held for name in ("erika", "max", "moritz", "lotte"))
    assert tally.count_failure("erika", NOW, DEFAULT_POLICY) == LoginState(1, None)  # forgotten, counted afresh
    assert tally.count_failure("lotte", NOW, DEFAULT_POLICY) == LoginState(2, None)
