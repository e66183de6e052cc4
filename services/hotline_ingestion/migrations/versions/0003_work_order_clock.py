"""Handling clock on each work order (due_at indexed for overdue queries, the clock as computed).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("work_order", sa.Column("due_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("work_order", sa.Column("clock", postgresql.JSONB(astext_type=sa.Text()), nullable=True))
    op.create_index(op.f("ix_work_order_due_at"), "work_order", ["due_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_work_order_due_at"), table_name="work_order")
    op.drop_column("work_order", "clock")
    op.drop_column("work_order", "due_at")
