"""行政区划 codes of 6, 9 or 12 digits: a department may be a township's or street's office (9 digits).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 13:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column('department', 'region_code', type_=sa.String(length=12), existing_type=sa.String(length=6),
                    existing_nullable=False)


def downgrade() -> None:
    # refuses (value too long) rather than cut a township's or village's code down to its county's
    op.alter_column('department', 'region_code', type_=sa.String(length=6), existing_type=sa.String(length=12),
                    existing_nullable=False)
