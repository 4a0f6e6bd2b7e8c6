"""Storage: SQLAlchemy models, engine, migrations and backups."""
