"""SIGKILL a writer hundreds of times mid-stream: the database stays intact and every acknowledged write is there."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kim_desktop.db.engine import sqlite_url
from kim_desktop.services.database import open_database

WRITER = Path(__file__).with_name("crash_writer.py")
ITERATIONS = 250
REPO = Path(__file__).resolve().parents[2]


def _check(path: Path, acked: list[int]) -> None:
    conn = sqlite3.connect(path, isolation_level=None)  # read-write: replays the WAL the killed writer left
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        placeholders = ",".join("?" * len(acked))
        if acked:
            found = {row[0] for row in conn.execute(f"SELECT id FROM audit_events WHERE id IN ({placeholders})", acked)}
            assert found == set(acked), f"acknowledged but missing: {sorted(set(acked) - found)[:10]}"
        torn = conn.execute(
            "SELECT count(*) FROM (SELECT entity_id FROM audit_events WHERE action = 'pair' "
            "GROUP BY entity_id HAVING count(*) != 2)"
        ).fetchone()[0]
        assert torn == 0, "a transaction was half written"
    finally:
        conn.close()


@pytest.mark.slow
def test_sigkill_during_writes_loses_nothing_acknowledged(tmp_path: Path) -> None:
    path = tmp_path / "kim.sqlite"
    open_database(sqlite_url(path), None).close()
    rnd = random.Random(20261123)
    stderr = (tmp_path / "writer-stderr.txt").open("w")
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), sqlite_url(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        bufsize=1,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    watchdog = threading.Timer(150, proc.kill)  # a hung writer fails the test instead of hanging it
    watchdog.start()
    assert proc.stdin is not None and proc.stdout is not None
    all_acked: list[int] = []
    kills_mid_stream = 0
    started = time.monotonic()
    try:
        for iteration in range(ITERATIONS):
            proc.stdin.write(f"go {iteration}\n")
            proc.stdin.flush()
            pid = None
            ready = False
            acked: list[int] = []
            while pid is None or not ready:
                word, value, *_ = proc.stdout.readline().split() or ["eof", "0"]
                assert word in ("pid", "ready"), f"writer failed early ({word}); see {stderr.name}"
                pid = int(value) if word == "pid" else pid
                ready = ready or word == "ready"
            # The kill lands in a running stream of writes however loaded the machine is: wait for the first
            # acknowledged commit, then let the writer go on for a random while.
            word, value, *_ = proc.stdout.readline().split() or ["eof", "0"]
            assert word == "ack", f"writer failed before its first commit ({word}); see {stderr.name}"
            acked.append(int(value))
            time.sleep(rnd.uniform(0.005, 0.060))
            os.kill(pid, signal.SIGKILL)
            while True:
                word, value, *rest = proc.stdout.readline().split() or ["eof", "0"]
                if word == "ack":
                    acked.append(int(value))
                    continue
                assert word == "reaped", f"unexpected {word}; see {stderr.name}"
                assert os.WIFSIGNALED(int(rest[0])) and os.WTERMSIG(int(rest[0])) == signal.SIGKILL
                break
            kills_mid_stream += len(acked) > 1  # more commits were acknowledged after the first one
            _check(path, acked)
            all_acked.extend(acked)
    finally:
        if proc.poll() is None:
            proc.stdin.write("quit\n")
            proc.stdin.close()
            proc.wait(timeout=10)
        proc.stdout.close()
        watchdog.cancel()
        stderr.close()
    elapsed = time.monotonic() - started
    _check(path, all_acked)  # nothing acknowledged earlier went missing by a later crash
    db = open_database(sqlite_url(path), None)  # and the application opens it as usual
    db.close()
    print(f"{ITERATIONS} kills, {len(all_acked)} acknowledged transactions, {elapsed:.1f} s")
    assert kills_mid_stream >= ITERATIONS * 0.5, "most kills hit a writer that was still committing"
    assert len(all_acked) > ITERATIONS * 5
