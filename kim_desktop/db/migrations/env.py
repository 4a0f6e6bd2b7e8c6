"""Alembic environment: runs on the connection handed over by kim_desktop.db.migrate."""

from alembic import context

from kim_desktop.db import models  # noqa: F401 - registers the tables on the metadata
from kim_desktop.db.base import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
