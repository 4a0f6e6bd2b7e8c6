"""municipality keys

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 01:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Municipalities carry the official key (AGS) so that a re-import of the Gemeindeverzeichnis updates instead of
    # duplicating, and can be retired (kept on old records, no longer offered). Existing rows: no key, not retired.
    # Plain ADD COLUMN and a unique index, not batch mode: SQLite's batch mode copies and drops the table, which
    # people, course locations and travel times refer to (with foreign keys on, the drop fails or cascades).
    op.add_column('municipalities', sa.Column('ags', sa.String(length=8), nullable=True))
    op.add_column('municipalities', sa.Column('retired', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_index('uq_municipalities_ags', 'municipalities', ['ags'], unique=True)


def downgrade() -> None:
    op.drop_index('uq_municipalities_ags', table_name='municipalities')
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.drop_column('retired')
        batch_op.drop_column('ags')
