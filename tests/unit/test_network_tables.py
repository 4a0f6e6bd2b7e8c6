"""Every table of the models has its place in the network's security: personal, shared with an owner, read-only."""

from kim_desktop.db.base import Base
from kim_desktop.db.network_policies import DESK_BOOKKEEPING, OWNED_SHARED, PARTNER_TABLES, READ_ONLY


def test_every_table_is_classified_exactly_once() -> None:
    """A new table must say who may read and write it on the network's server (db/network_policies.py)."""
    groups = [set(PARTNER_TABLES), set(OWNED_SHARED), set(READ_ONLY) - {"alembic_version"}, set(DESK_BOOKKEEPING)]
    classified = [name for group in groups for name in group]
    assert len(classified) == len(set(classified))
    assert set(classified) == set(Base.metadata.tables)


def test_every_table_with_personal_data_has_the_partner_column() -> None:
    for name in PARTNER_TABLES:
        assert "partner_id" in Base.metadata.tables[name].c, name
    for name, table in Base.metadata.tables.items():
        if "person_id" in table.c:
            assert name in PARTNER_TABLES, name
