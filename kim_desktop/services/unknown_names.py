"""Failed sign-ins under unknown user names, counted in memory like an account's so both slow down and lock alike."""

import hashlib
import hmac
import secrets
import threading
from collections import OrderedDict
from datetime import datetime

from kim_desktop.domain.lockout_policy import LockoutPolicy, LoginState, after_failure, is_locked

DEFAULT_CAPACITY = 10_000


class UnknownNameTally:
    """Per unknown user name: failures and lock, as the database keeps them for a real account.

    Names are kept only as a keyed hash (HMAC-SHA256 with a key made at start and never stored), so the table
    holds no mistyped name or password typed into the name field. It lives in this process: a restart or
    another desk starts afresh, while a real account's count is in the database (docs/data-protection.md).
    The oldest entries go first once `capacity` names are held, so a flood of names cannot fill the memory.
    """

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self._key = secrets.token_bytes(32)
        self._capacity = capacity
        self._states: OrderedDict[bytes, LoginState] = OrderedDict()
        self._lock = threading.Lock()

    def _digest(self, username: str) -> bytes:
        return hmac.new(
            self._key, username.strip().casefold().encode("utf-8", "surrogatepass"), hashlib.sha256
        ).digest()

    def count_failure(self, username: str, now: datetime, policy: LockoutPolicy) -> LoginState | None:
        """Count one attempt as a failure; the state including it, or None while the name is 'locked'."""
        digest = self._digest(username)
        with self._lock:
            state = self._states.pop(digest, LoginState(0, None))
            if is_locked(state, now):
                self._states[digest] = state
                return None
            state = after_failure(state, now, policy)
            self._states[digest] = state
            while len(self._states) > self._capacity:
                self._states.popitem(last=False)
            return state

    def __len__(self) -> int:
        """How many names are held (for tests)."""
        with self._lock:
            return len(self._states)
