"""Search-as-you-type on the 100,000-person county: query latency per keystroke and time to the first page."""

import os
import time
from datetime import date
from functools import partial

from bench.common import BenchResult, median_ms, scaled_database

SCALE = 334  # about 100,000 people
PREFIXES = ("a", "al", "ali", "oez", "oezd", "yil", "mueller", "kar", "ahmad k", "ivan")


def run() -> list[BenchResult]:
    """Median query time over typical keystrokes, and until the list model holds its first page."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import sqlalchemy as sa
    from PySide6.QtWidgets import QApplication

    from kim_desktop.db.models import Permission, Person
    from kim_desktop.services.people_search import search_people
    from kim_desktop.ui.context import UiContext
    from kim_desktop.ui.events import AppEvents
    from kim_desktop.ui.models.people_table_model import PAGE_SIZE, PeopleTableModel
    from kim_desktop.ui.tasks import SyncTaskRunner

    db = scaled_database(SCALE)
    with db.sessions() as session:
        people = session.scalar(sa.select(sa.func.count(Person.id))) or 0
        born = session.scalar(sa.select(Person.birth_date).offset(people // 2).limit(1))
        file_number = session.scalar(sa.select(Permission.file_number).offset(people // 3).limit(1)) or ""
        phone = session.scalar(sa.select(Person.phone).offset(people // 4).limit(1)) or ""
    assert isinstance(born, date)
    queries = [*PREFIXES, born.strftime("%d.%m.%Y"), file_number[:8], file_number, phone[-7:]]
    per_query: dict[str, float] = {}
    for text in queries:
        with db.sessions() as session:
            per_query[text] = median_ms(partial(search_people, session, text, limit=PAGE_SIZE), repeat=7)
    keystroke = sorted(per_query.values())[len(per_query) // 2]
    slowest = max(per_query, key=lambda k: per_query[k])

    app = QApplication.instance() or QApplication([])
    ctx = UiContext(db=db, paths=None, settings=None, tasks=SyncTaskRunner(), events=AppEvents())  # type: ignore[arg-type]
    samples = []
    for text in ("", "a", "oez", born.strftime("%d.%m.%Y")):
        model = PeopleTableModel(ctx)
        start = time.perf_counter()
        model.search(text)
        assert model.rowCount() > 0
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    first_page = samples[len(samples) // 2]
    app.processEvents()
    db.close()
    return [
        BenchResult(
            "people search: query per keystroke (median over names, date, file number, phone)",
            30,
            keystroke,
            "ms",
            f"{people:,} people; slowest: {slowest!r} {per_query[slowest]:.1f} ms",
        ),
        BenchResult("people list: first page in the model", 200, first_page, "ms", f"page of {PAGE_SIZE} rows"),
    ]


if __name__ == "__main__":
    for result in run():
        print(result)
