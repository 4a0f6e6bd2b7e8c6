"""One partner's desk in its own process, reserving a seat as soon as the other desk is ready too."""

from datetime import date
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier

from kim_desktop.domain.errors import Conflict
from kim_desktop.services.database import open_database
from kim_desktop.services.referrals import reserve_seat


def reserve_when_ready(url: str, person_id: int, course_ids: list[int], today: date, ready: Barrier,
                       results: "Queue[tuple[int, int, str]]") -> None:  # fmt: skip
    """For each course: wait for the other desk, reserve, report (course, person, 'ok' or 'conflict')."""
    db = open_database(url, None)
    try:
        for course_id in course_ids:
            ready.wait(timeout=60)
            try:
                with db.sessions() as session:
                    reserve_seat(session, person_id, course_id, today=today)
                results.put((course_id, person_id, "ok"))
            except Conflict:
                results.put((course_id, person_id, "conflict"))
    finally:
        db.close()
