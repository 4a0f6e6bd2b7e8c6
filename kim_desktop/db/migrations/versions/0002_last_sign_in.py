"""last sign-in

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 15:18:51.378345
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Accounts remember their last successful sign-in (shown on the Benutzerkonten page); existing ones start empty.
    with op.batch_alter_table('advisors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_sign_in', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('advisors', schema=None) as batch_op:
        batch_op.drop_column('last_sign_in')
