"""outreach decisions: fields changed offline and at the office, open for the advisor

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 06:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Issue 19: the same field of a person changed offline and at the office is kept open at the office until the
    # advisor picks a value (so closing the window loses nothing).
    op.create_table('outreach_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('copy_id', sa.String(length=36), nullable=False),
    sa.Column('operation_id', sa.String(length=36), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('office_value', sa.Text(), nullable=False),
    sa.Column('laptop_value', sa.Text(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('choice', sa.String(length=10), nullable=True),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_outreach_decisions_person_id_people'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outreach_decisions'))
    )
    op.create_index(op.f('ix_outreach_decisions_copy_id'), 'outreach_decisions', ['copy_id'], unique=False)
    op.create_index(op.f('ix_outreach_decisions_person_id'), 'outreach_decisions', ['person_id'], unique=False)
    op.create_index(op.f('ix_outreach_decisions_partner_id'), 'outreach_decisions', ['partner_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_outreach_decisions_partner_id'), table_name='outreach_decisions')
    op.drop_index(op.f('ix_outreach_decisions_person_id'), table_name='outreach_decisions')
    op.drop_index(op.f('ix_outreach_decisions_copy_id'), table_name='outreach_decisions')
    op.drop_table('outreach_decisions')
