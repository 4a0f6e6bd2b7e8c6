"""Small helpers shared by the data-safety tests: add rows, count rows."""

import sqlite3
from pathlib import Path

import sqlalchemy as sa

from kim_desktop.db.models import AuditEvent, Person
from kim_desktop.services.database import OpenDatabase


def add_people(db: OpenDatabase, count: int, prefix: str = "Muster") -> list[int]:
    with db.sessions() as session, session.begin():
        people = [
            Person(family_name=f"{prefix}{n}", given_names="Anna", search_key=f"{prefix.lower()}{n} anna")
            for n in range(count)
        ]
        session.add_all(people)
        session.flush()
        return [p.id for p in people]


def add_audit_rows(db: OpenDatabase, count: int) -> None:
    with db.engine.begin() as conn:
        conn.execute(
            sa.insert(AuditEvent),
            [{"actor": "test", "action": "write", "entity_type": "test", "entity_id": n} for n in range(count)],
        )


def count_rows(path: Path, table: str) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
    finally:
        conn.close()
