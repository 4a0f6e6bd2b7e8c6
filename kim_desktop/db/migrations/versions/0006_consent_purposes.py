"""consent purposes

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 02:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PURPOSES = ('course_registration', 'jobcenter_exchange', 'immigration_office_exchange', 'childcare_search',
            'counselling_handover')
CATEGORIES = ('identity', 'address', 'contact', 'permission', 'language_level', 'childcare', 'course_progress',
              'counselling', 'health')


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


def upgrade() -> None:
    # Consents get a structured purpose and data categories. The free texts stay, as the advisor's own words; the
    # existing consents get no purpose and no categories, so they cover nothing until an advisor reviews them and
    # assigns a purpose (the review list). Nothing is guessed from the free text.
    # Plain ALTER TABLE (SQLite >= 3.35 and PostgreSQL alike), not batch mode: batch mode would copy and drop the
    # consents table, and with foreign keys on, SQLite's drop deletes every consent_recipients row by cascade.
    op.execute("ALTER TABLE consents RENAME COLUMN purpose TO purpose_text")
    op.execute("ALTER TABLE consents RENAME COLUMN data_categories TO data_text")
    op.execute(
        "ALTER TABLE consents ADD COLUMN purpose VARCHAR(32) "
        f"CONSTRAINT ck_consents_consent_purpose CHECK (purpose IN ({_in(PURPOSES)}))"
    )
    op.execute("ALTER TABLE consents ADD COLUMN valid_until DATE")
    op.create_table('consent_data',
    sa.Column('consent_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.Enum(*CATEGORIES, name='data_category', native_enum=False, create_constraint=True,
                                  length=32), nullable=False),
    sa.ForeignKeyConstraint(['consent_id'], ['consents.id'], name=op.f('fk_consent_data_consent_id_consents'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('consent_id', 'category', name=op.f('pk_consent_data'))
    )


def downgrade() -> None:
    # Going back loses the structured purpose and categories (the free texts remain).
    op.drop_table('consent_data')
    op.execute("ALTER TABLE consents DROP COLUMN valid_until")
    op.execute("ALTER TABLE consents DROP COLUMN purpose")
    op.execute("ALTER TABLE consents RENAME COLUMN data_text TO data_categories")
    op.execute("ALTER TABLE consents RENAME COLUMN purpose_text TO purpose")
