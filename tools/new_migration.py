"""Write a new Alembic revision by comparing the models with a database migrated to the current head."""

import argparse
import tempfile
from pathlib import Path

from alembic import command

from kim_desktop.db.engine import make_engine, sqlite_url
from kim_desktop.db.migrate import alembic_config


def main() -> None:
    """Autogenerate a revision with the given message and id."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("message")
    parser.add_argument("--rev-id", required=True, help="e.g. 0002")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(sqlite_url(Path(tmp) / "scratch.sqlite"))
        with engine.begin() as conn:
            config = alembic_config(conn)
            command.upgrade(config, "head")
            command.revision(config, message=args.message, autogenerate=True, rev_id=args.rev_id)
    print("Remember to set SCHEMA_HEAD in kim_desktop/db/migrate.py to", args.rev_id)


if __name__ == "__main__":
    main()
