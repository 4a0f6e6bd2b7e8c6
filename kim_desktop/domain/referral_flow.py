"""The life cycle of a referral as data: allowed transitions, which need a reason, which take a seat."""

from collections.abc import Mapping
from types import MappingProxyType

from kim_desktop.domain.enums import ReferralState
from kim_desktop.domain.errors import KimError
from kim_desktop.domain.text import N_, Text

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

# Names of the states for messages (translatable); the UI's tables show their own labels.
STATE_NAMES: Mapping[ReferralState, Text] = MappingProxyType(
    {
        R.PROPOSED: Text(N_("vorgeschlagen")),
        R.RESERVED: Text(N_("Platz reserviert")),
        R.REGISTERED: Text(N_("beim Träger angemeldet")),
        R.STARTED: Text(N_("Kurs begonnen")),
        R.DECLINED: Text(N_("abgelehnt")),
        R.NO_SHOW: Text(N_("nicht erschienen")),
        R.DROPPED_OUT: Text(N_("abgebrochen")),
        R.CANCELLED: Text(N_("storniert")),
        R.HOLD_EXPIRED: Text(N_("Reservierung abgelaufen")),
    }
)


class TransitionRefused(KimError):  # noqa: N818 - reads better at the call site than TransitionRefusedError
    """A referral cannot move from its current state to the one asked for."""

    def __init__(self, from_state: ReferralState, to_state: ReferralState) -> None:
        self.from_state = from_state
        self.to_state = to_state
        super().__init__(
            Text(
                N_("Eine Vermittlung im Stand „{old}“ kann nicht auf „{new}“ gesetzt werden."),
                old=STATE_NAMES[from_state],
                new=STATE_NAMES[to_state],
            )
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
