"""network partners: an owning partner on every table with personal data

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 04:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every table with personal data: people and everything hanging off a person, the accounts and the audit trail.
PARTNER_TABLES = ('advisors', 'people', 'permissions', 'availability', 'children', 'counselling_sessions',
                  'session_topics', 'follow_ups', 'referrals', 'referral_events', 'waiting_list', 'consents',
                  'consent_recipients', 'consent_data', 'issued_documents', 'audit_events')


def upgrade() -> None:
    # A nullable column and an index, no foreign key: plain ALTER TABLE on SQLite (no batch copy of tables that
    # others reference). In a single-office database the column stays empty (every row is the office's own);
    # `network init` makes it NOT NULL with the connecting partner as default and adds the composite keys, and
    # moving an office into the network fills it with that partner (services/network_move.py).
    for table in PARTNER_TABLES:
        op.add_column(table, sa.Column('partner_id', sa.Integer(), nullable=True))
        op.create_index(op.f(f'ix_{table}_partner_id'), table, ['partner_id'], unique=False)


def downgrade() -> None:
    for table in reversed(PARTNER_TABLES):
        op.drop_index(op.f(f'ix_{table}_partner_id'), table_name=table)
        op.execute(f'ALTER TABLE {table} DROP COLUMN partner_id')
