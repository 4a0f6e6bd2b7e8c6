"""unknown sign-ins

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 02:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Failed sign-ins under names without an account are counted in the database, like an account's, so that an
    # unknown name slows down and locks the same way across restarts, desks and commands (only a keyed hash).
    op.create_table('unknown_sign_ins',
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('last_attempt', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('digest', name=op.f('pk_unknown_sign_ins'))
    )
    op.create_index(op.f('ix_unknown_sign_ins_last_attempt'), 'unknown_sign_ins', ['last_attempt'], unique=False)
    op.create_table('installation_keys',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('value', sa.String(length=128), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_installation_keys'))
    )


def downgrade() -> None:
    op.drop_table('installation_keys')
    op.drop_index(op.f('ix_unknown_sign_ins_last_attempt'), table_name='unknown_sign_ins')
    op.drop_table('unknown_sign_ins')
