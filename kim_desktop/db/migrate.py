"""Schema migrations run from code: backup before an upgrade, refuse databases from a newer version."""

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from kim_desktop.db.backup import backup_sqlite_file, timestamped_name
from kim_desktop.db.engine import sqlite_path
from kim_desktop.domain.errors import DatabaseTooNew, DatabaseUnavailable

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic is imported inside the functions below: start-up pays for it only when a migration is due.
# The newest revision this version knows; a test checks it equals Alembic's head.
SCHEMA_HEAD = "0012"
SCRIPT_LOCATION = Path(__file__).parent / "migrations"


@dataclass(frozen=True)
class MigrationResult:
    """What happened when the database was opened."""

    before: str | None
    after: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        """Whether the schema was created or upgraded."""
        return self.before != self.after


def alembic_config(connection: Connection | None = None, script_location: Path | None = None) -> "Config":
    """An Alembic Config built in code, pointing at the migrations inside the package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location or SCRIPT_LOCATION))
    config.attributes["connection"] = connection
    return config


def current_revision(engine: Engine) -> str | None:
    """The revision stamped in the database, or None for an empty database."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            if sa.inspect(conn).get_table_names():
                raise DatabaseUnavailable(
                    "Die Datenbank enthält Tabellen, aber keine KIM-Desktop-Versionsangabe; sie wird nicht verändert."
                )
            return None
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one_or_none()


def known_revisions(script_location: Path | None = None) -> set[str]:
    """Every revision this version of the application ships."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config(None, script_location))
    return {rev.revision for rev in scripts.walk_revisions()}


def head_revision(script_location: Path | None = None) -> str:
    """The newest revision of the shipped migrations."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(None, script_location)).get_current_head()
    assert head is not None
    return head


def upgrade_database(
    engine: Engine, backup_dir: Path | None, script_location: Path | None = None, head: str = SCHEMA_HEAD
) -> MigrationResult:
    """Bring the database to the newest schema; copy a SQLite file to backup_dir before changing it."""
    before = current_revision(engine)
    if before == head and script_location is None:
        return MigrationResult(before, before, None)
    if before is not None and before not in known_revisions(script_location):
        raise DatabaseTooNew(
            f"Die Datenbank stammt aus einer neueren Version von KIM Desktop (Schema {before}). "
            "Bitte aktualisieren Sie das Programm; die Datenbank wurde nicht verändert."
        )
    target = head_revision(script_location)
    if before == target:
        return MigrationResult(before, before, None)
    backup = None
    path = sqlite_path(engine.url)
    if before is not None and path is not None and backup_dir is not None:
        backup = backup_sqlite_file(path, backup_dir / timestamped_name(f"vor-update-{before}"))
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(alembic_config(conn, script_location), "head")
    return MigrationResult(before, target, backup)
