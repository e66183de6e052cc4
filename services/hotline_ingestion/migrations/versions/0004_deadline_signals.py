"""When each order's due-soon and breached signals were sent, so each goes out exactly once per clock.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("work_order", sa.Column("warned_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("work_order", sa.Column("breached_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("work_order", "breached_at")
    op.drop_column("work_order", "warned_at")
