"""The life cycle of a referral as data: allowed transitions, which need a reason, which take a seat."""

from collections.abc import Mapping
from types import MappingProxyType

from kim_desktop.domain.enums import ReferralState
from kim_desktop.domain.errors import KimError

R = ReferralState

TRANSITIONS: Mapping[ReferralState, frozenset[ReferralState]] = MappingProxyType(
    {
        R.PROPOSED: frozenset({R.RESERVED, R.DECLINED, R.CANCELLED}),
        R.RESERVED: frozenset({R.REGISTERED, R.DECLINED, R.CANCELLED, R.HOLD_EXPIRED}),
        # Re-reserving an expired hold needs a free seat again, like a first reservation.
        R.HOLD_EXPIRED: frozenset({R.RESERVED}),
        R.REGISTERED: frozenset({R.STARTED, R.NO_SHOW, R.CANCELLED}),
        R.STARTED: frozenset({R.DROPPED_OUT}),
        R.DECLINED: frozenset(),
        R.NO_SHOW: frozenset(),
        R.DROPPED_OUT: frozenset(),
        R.CANCELLED: frozenset(),
    }
)

TERMINAL_STATES = frozenset(state for state, targets in TRANSITIONS.items() if not targets)
# Ending a referral against the plan must say why (kept in the referral's history).
REASON_REQUIRED = frozenset({R.DECLINED, R.CANCELLED, R.NO_SHOW, R.DROPPED_OUT})
# Entering these states takes a seat of the course (a hold or a booking).
SEAT_TAKING_STATES = frozenset({R.RESERVED, R.REGISTERED, R.STARTED})

# German names of the states for messages; the UI shows its own translated labels.
STATE_NAMES: Mapping[ReferralState, str] = MappingProxyType(
    {
        R.PROPOSED: "vorgeschlagen",
        R.RESERVED: "Platz reserviert",
        R.REGISTERED: "beim Träger angemeldet",
        R.STARTED: "Kurs begonnen",
        R.DECLINED: "abgelehnt",
        R.NO_SHOW: "nicht erschienen",
        R.DROPPED_OUT: "abgebrochen",
        R.CANCELLED: "storniert",
        R.HOLD_EXPIRED: "Reservierung abgelaufen",
    }
)


class TransitionRefused(KimError):  # noqa: N818 - reads better at the call site than TransitionRefusedError
    """A referral cannot move from its current state to the one asked for."""

    def __init__(self, from_state: ReferralState, to_state: ReferralState) -> None:
        self.from_state = from_state
        self.to_state = to_state
        super().__init__(
            f"Eine Vermittlung im Stand „{STATE_NAMES[from_state]}“ kann nicht auf "
            f"„{STATE_NAMES[to_state]}“ gesetzt werden."
        )


def allowed_transitions(state: ReferralState) -> frozenset[ReferralState]:
    """The states a referral in this state may move to."""
    return TRANSITIONS[state]


def can_transition(from_state: ReferralState, to_state: ReferralState) -> bool:
    """Whether the move is allowed."""
    return to_state in TRANSITIONS[from_state]


def check_transition(from_state: ReferralState, to_state: ReferralState) -> None:
    """Raise TransitionRefused unless the move is allowed."""
    if not can_transition(from_state, to_state):
        raise TransitionRefused(from_state, to_state)


def needs_reason(to_state: ReferralState) -> bool:
    """Whether moving into this state must give a reason."""
    return to_state in REASON_REQUIRED


def is_terminal(state: ReferralState) -> bool:
    """Whether nothing can follow this state."""
    return state in TERMINAL_STATES
