"""outreach copies and operation journal

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 04:21:03.266843
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Issue 19: the laptop's copy marker and journal of use cases done offline; the office's record of replayed
    # operations (written in the same transaction as the use case, so replaying twice changes nothing).
    op.create_table('outreach_applied',
    sa.Column('operation_id', sa.String(length=36), nullable=False),
    sa.Column('copy_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('laptop', sa.String(length=100), nullable=False),
    sa.Column('advisor_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('applied_at', sa.DateTime(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('created', sa.Text(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('operation_id', name=op.f('pk_outreach_applied'))
    )
    op.create_index(op.f('ix_outreach_applied_copy_id'), 'outreach_applied', ['copy_id'], unique=False)

    op.create_table('outreach_copy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('copy_id', sa.String(length=36), nullable=False),
    sa.Column('office', sa.String(length=200), nullable=False),
    sa.Column('laptop', sa.String(length=100), nullable=False),
    sa.Column('taken_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('taken_by_id', sa.Integer(), nullable=True),
    sa.Column('municipality_ids', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outreach_copy')),
    sa.UniqueConstraint('copy_id', name=op.f('uq_outreach_copy_copy_id'))
    )
    op.create_table('outreach_operations',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('params', sa.Text(), nullable=False),
    sa.Column('created', sa.Text(), nullable=False),
    sa.Column('advisor_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('laptop', sa.String(length=100), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outreach_operations')),
    sa.UniqueConstraint('seq', name=op.f('uq_outreach_operations_seq'))
    )


    # On a network server the outreach records belong to a partner like the case files they concern (0009).
    for table in ('outreach_applied', 'outreach_copy', 'outreach_operations'):
        op.add_column(table, sa.Column('partner_id', sa.Integer(), nullable=True))
        op.create_index(op.f(f'ix_{table}_partner_id'), table, ['partner_id'], unique=False)


def downgrade() -> None:
    op.drop_table('outreach_operations')
    op.drop_table('outreach_copy')
    op.drop_index(op.f('ix_outreach_applied_copy_id'), table_name='outreach_applied')
    op.drop_table('outreach_applied')
