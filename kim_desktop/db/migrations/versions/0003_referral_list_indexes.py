"""referral list indexes

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 01:10:00
"""

from collections.abc import Sequence

from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The Vermittlungen list (newest first, at most 2,000 rows) sorted every referral before: 250 ms at county
    # scale. With these indexes it walks the newest rows, filtered by state or not, and stops at the limit.
    op.create_index('ix_referrals_created_at', 'referrals', ['created_at', 'id'], unique=False)
    op.create_index('ix_referrals_state_created', 'referrals', ['state', 'created_at', 'id'], unique=False)
    op.drop_index('ix_referrals_state', table_name='referrals')


def downgrade() -> None:
    op.create_index('ix_referrals_state', 'referrals', ['state'], unique=False)
    op.drop_index('ix_referrals_state_created', table_name='referrals')
    op.drop_index('ix_referrals_created_at', table_name='referrals')
