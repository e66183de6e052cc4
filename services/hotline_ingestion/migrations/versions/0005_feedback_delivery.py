"""Feedback deliveries to the hotline platform: staged with each status change, retried, visible when failed.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback_delivery",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("work_order_id", sa.String(length=36), nullable=False),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["work_order_id"], ["work_order.id"],
                                name=op.f("fk_feedback_delivery_work_order_id_work_order")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_delivery")),
    )
    op.create_index(op.f("ix_feedback_delivery_status"), "feedback_delivery", ["status"], unique=False)
    op.create_index(op.f("ix_feedback_delivery_work_order_id"), "feedback_delivery", ["work_order_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_feedback_delivery_work_order_id"), table_name="feedback_delivery")
    op.drop_index(op.f("ix_feedback_delivery_status"), table_name="feedback_delivery")
    op.drop_table("feedback_delivery")
