"""The referral state machine: every allowed and every refused transition, reasons, terminal states."""

import itertools

import pytest

from kim_desktop.domain.enums import ReferralState as R
from kim_desktop.domain.errors import KimError
from kim_desktop.domain.referral_flow import (
    STATE_NAMES,
    TRANSITIONS,
    TransitionRefused,
    allowed_transitions,
    can_transition,
    check_transition,
    is_terminal,
    needs_reason,
)

ALLOWED = {
    (R.PROPOSED, R.RESERVED),
    (R.PROPOSED, R.DECLINED),
    (R.PROPOSED, R.CANCELLED),
    (R.RESERVED, R.REGISTERED),
    (R.RESERVED, R.DECLINED),
    (R.RESERVED, R.CANCELLED),
    (R.RESERVED, R.HOLD_EXPIRED),
    (R.HOLD_EXPIRED, R.RESERVED),
    (R.REGISTERED, R.STARTED),
    (R.REGISTERED, R.NO_SHOW),
    (R.REGISTERED, R.CANCELLED),
    (R.STARTED, R.DROPPED_OUT),
}
ALL_PAIRS = list(itertools.product(R, R))
REFUSED = [pair for pair in ALL_PAIRS if pair not in ALLOWED]


@pytest.mark.parametrize(("from_state", "to_state"), sorted(ALLOWED))
def test_allowed(from_state: R, to_state: R) -> None:
    check_transition(from_state, to_state)
    assert can_transition(from_state, to_state)
    assert to_state in allowed_transitions(from_state)


@pytest.mark.parametrize(("from_state", "to_state"), REFUSED)
def test_refused(from_state: R, to_state: R) -> None:
    assert not can_transition(from_state, to_state)
    with pytest.raises(TransitionRefused) as info:
        check_transition(from_state, to_state)
    message = str(info.value)
    assert STATE_NAMES[from_state] in message
    assert STATE_NAMES[to_state] in message
    assert isinstance(info.value, KimError)
    assert (info.value.from_state, info.value.to_state) == (from_state, to_state)


def test_every_state_is_in_the_table() -> None:
    assert set(TRANSITIONS) == set(R)
    assert set(STATE_NAMES) == set(R)
    assert len(ALL_PAIRS) == len(ALLOWED) + len(REFUSED) == 81


def test_terminal_states() -> None:
    assert {s for s in R if is_terminal(s)} == {R.DECLINED, R.NO_SHOW, R.DROPPED_OUT, R.CANCELLED}


def test_reasons() -> None:
    assert {s for s in R if needs_reason(s)} == {R.DECLINED, R.CANCELLED, R.NO_SHOW, R.DROPPED_OUT}
