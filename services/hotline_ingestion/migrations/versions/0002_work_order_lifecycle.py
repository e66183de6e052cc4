"""Work-order lifecycle state (lead/co units, returns per unit, extensions, supervision, re-handling).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("work_order", sa.Column("lifecycle", postgresql.JSONB(astext_type=sa.Text()), server_default="{}",
                                          nullable=False))


def downgrade() -> None:
    op.drop_column("work_order", "lifecycle")
