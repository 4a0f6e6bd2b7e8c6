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
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ags', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('retired', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.create_unique_constraint(batch_op.f('uq_municipalities_ags'), ['ags'])


def downgrade() -> None:
    with op.batch_alter_table('municipalities', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_municipalities_ags'), type_='unique')
        batch_op.drop_column('retired')
        batch_op.drop_column('ags')
