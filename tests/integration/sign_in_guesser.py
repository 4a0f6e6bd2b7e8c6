"""A sign-in guesser for the parallel lockout tests: runs in its own process, starts at a shared barrier."""

from datetime import datetime
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier


def guess(url: str, username: str, passwords: list[str], now: datetime, barrier: Barrier, out: Queue) -> None:
    """Open the database, wait for the others, then try each password in turn; put one outcome per attempt."""
    from kim_desktop.db.engine import make_engine, make_session_factory
    from kim_desktop.services.accounts import SignInRefused, sign_in

    engine = make_engine(url)
    sessions = make_session_factory(engine)
    with engine.connect():  # connected before the start, so the attempts really start together
        pass
    outcomes: list[str] = []
    barrier.wait(timeout=120)
    for password in passwords:
        try:
            with sessions() as session:
                sign_in(session, username, password, now, sleep=lambda _s: None)
            outcomes.append("signed_in")
        except SignInRefused:
            outcomes.append("refused")
    engine.dispose()
    out.put(outcomes)
