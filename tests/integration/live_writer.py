"""Another program writing while a switch runs: opens the database (retrying while refused), saves until told to stop.

Protocol on stdout (one line per event, flushed):
  refused TEXT   opening was refused with a message (a switch holds the database); it tries again
  ready          the database is open
  ack ID         the row ID was committed (printed only after commit returned)
  error TEXT     a save failed with this message (the row was not acknowledged)
  done           it closed the database after "quit" on stdin
"""

import os
import sys
import threading
import time
from pathlib import Path

from kim_desktop.db.cipher import DatabaseKey, remember_key
from kim_desktop.db.engine import sqlite_path
from kim_desktop.db.models import AuditEvent
from kim_desktop.domain.errors import KimError
from kim_desktop.services.database import OpenDatabase, open_database


def say(text: str) -> None:
    sys.stdout.write(text.replace("\n", " ") + "\n")
    sys.stdout.flush()


def open_when_allowed(url: str, stop: threading.Event) -> OpenDatabase | None:
    while not stop.is_set():
        try:
            return open_database(url, None)
        except KimError as exc:
            say(f"refused {exc}")
            time.sleep(0.05)
    return None


def main() -> None:
    url = sys.argv[1]
    passphrase = os.environ.get("KIM_TEST_PASSPHRASE")
    path = sqlite_path(url)
    if passphrase and path is not None:
        remember_key(Path(path), DatabaseKey(passphrase))
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
    db = open_when_allowed(url, stop)
    if db is None:
        say("done")
        return
    say("ready")
    while not stop.is_set():
        try:
            with db.sessions() as session, session.begin():
                row = AuditEvent(actor="writer", action="live", entity_type="live", details="x" * 200)
                session.add(row)
                session.flush()
                row_id = row.id
            say(f"ack {row_id}")
        except Exception as exc:  # every failure is reported to the test, which judges it
            say(f"error {type(exc).__name__}: {exc}")
            time.sleep(0.02)
        time.sleep(0.005)
    db.close()
    say("done")


if __name__ == "__main__":
    main()
