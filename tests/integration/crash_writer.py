"""Crash-test writer: on each "go" line it forks a process that opens the database and commits until killed.

The parent test process SIGKILLs each forked writer at a random moment. Forking from this one process, which has
already imported SQLAlchemy and the models, lets each writer start in milliseconds, so hundreds of kills fit in a
test; every writer still opens its own engine (open_database) on the file, as the application does at start.
Protocol on stdout (one os.write per line, so lines from the two processes never mix):
  pid N      this process forked writer N
  ready N    writer N has opened the database
  ack ID     writer committed the pair of rows whose first id is ID (printed only after commit returned)
  reaped N S writer N is gone (wait status S)
"""

import os
import random
import sys

from kim_desktop.db.models import AuditEvent
from kim_desktop.services.database import open_database


def say(text: str) -> None:
    os.write(1, (text + "\n").encode())


def write_until_killed(url: str, seed: int) -> None:
    db = open_database(url, None)
    rnd = random.Random(seed)
    say(f"ready {os.getpid()}")
    while True:
        with db.sessions() as session, session.begin():
            first = AuditEvent(actor="crash", action="pair", entity_type="crash", details="a" * rnd.randint(0, 300))
            session.add(first)
            session.flush()
            first.entity_id = first.id
            session.add(
                AuditEvent(
                    actor="crash",
                    action="pair",
                    entity_type="crash",
                    entity_id=first.id,
                    details="b" * rnd.randint(0, 300),
                )
            )
        say(f"ack {first.id}")


def warm_up() -> None:
    """Do the lazy work (dialect import, mapper configuration) once here, on a throwaway in-memory database."""
    db = open_database("sqlite://", None)
    with db.sessions() as session, session.begin():
        session.add(AuditEvent(actor="warm-up", action="pair", entity_type="crash"))
    db.close()


def main() -> None:
    url = sys.argv[1]
    warm_up()
    while True:
        line = sys.stdin.readline()
        if not line or line.strip() == "quit":
            return
        seed = int(line.split()[1])
        pid = os.fork()
        if pid == 0:
            try:
                write_until_killed(url, seed)
            finally:
                os._exit(3)  # only reached if the writer failed: the parent sees status 3
        say(f"pid {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"reaped {pid} {status}")


if __name__ == "__main__":
    main()
