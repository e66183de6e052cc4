"""行政区划 codes of 6, 9 or 12 digits: a 12345 order may name the township, street or village it concerns, and
a department copied from list_management may be a township's office.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 13:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column('work_order', 'region_code', type_=sa.String(length=12), existing_type=sa.String(length=6),
                    existing_nullable=False)
    op.alter_column('department_copy', 'region_code', type_=sa.String(length=12), existing_type=sa.String(length=6),
                    existing_nullable=False)


def downgrade() -> None:
    # refuses (value too long) rather than cut a township's or village's code down to its county's
    op.alter_column('work_order', 'region_code', type_=sa.String(length=6), existing_type=sa.String(length=12),
                    existing_nullable=False)
    op.alter_column('department_copy', 'region_code', type_=sa.String(length=6), existing_type=sa.String(length=12),
                    existing_nullable=False)
