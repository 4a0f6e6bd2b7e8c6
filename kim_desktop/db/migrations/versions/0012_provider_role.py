"""provider role

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 06:40:00
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = "role IN ('admin', 'advisor', 'reader')"
NEW = "role IN ('admin', 'advisor', 'reader', 'provider')"


def _sqlite_check(old: str, new: str) -> None:
    # SQLite cannot alter a CHECK, and batch mode would copy and drop advisors, which half the tables refer to
    # (with foreign keys on, the drop cascades or fails). Widening a CHECK leaves every stored row valid, so the
    # table's definition is edited in place, as SQLite's documentation allows for CHECK constraints
    # ("Making Other Kinds Of Table Schema Changes"), with the schema version raised so connections re-read it.
    bind = op.get_bind()
    version = int(bind.exec_driver_sql("PRAGMA schema_version").scalar_one())
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = 'advisors'", (old, new)
    )
    stored = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'advisors'")
    if new not in stored.scalar_one():  # a definition written otherwise: stop (the transaction undoes the edit)
        raise RuntimeError(f"advisors' role check not found as {old!r}; the database was not changed")
    bind.exec_driver_sql(f"PRAGMA schema_version = {version + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def _postgres_check(definition: str) -> None:
    op.execute("ALTER TABLE advisors DROP CONSTRAINT ck_advisors_role")
    op.execute(f"ALTER TABLE advisors ADD CONSTRAINT ck_advisors_role CHECK ({definition})")


def upgrade() -> None:
    # Issue 18: a course provider's staff sign in with their own role (Kursträger).
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_check(OLD, NEW)
    else:
        _postgres_check(NEW)


def downgrade() -> None:
    # Going back, a provider's account becomes a switched-off reader (the older version has no provider role).
    op.execute("UPDATE advisors SET role = 'reader', active = false WHERE role = 'provider'")
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_check(NEW, OLD)
    else:
        _postgres_check(OLD)
