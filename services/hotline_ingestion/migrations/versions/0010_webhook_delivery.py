"""Feedback moves onto the HTTP outbox of platform_messaging: `webhook_delivery` replaces `feedback_delivery`, its
rows carried over (same delivery ids, so receivers still dedupe; status, attempts and errors kept).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

UNFINISHED = sa.text("status IN ('pending', 'send_failed')")


def upgrade() -> None:
    op.create_table(
        "webhook_delivery",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("webhook_id", sa.String(length=64), nullable=False),
        sa.Column("endpoint", sa.String(length=100), nullable=False),
        sa.Column("aggregate_key", sa.String(length=200), nullable=False),
        sa.Column("event_type", sa.String(length=200), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=20), server_default="pending", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("replayed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("replay_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_delivery")),
        sa.UniqueConstraint("webhook_id", name=op.f("uq_webhook_delivery_webhook_id")),
    )
    op.create_index("ix_webhook_delivery_due", "webhook_delivery", ["next_attempt_at"],
                    postgresql_where=sa.text("status = 'pending'"))
    op.create_index("ix_webhook_delivery_unfinished", "webhook_delivery", ["endpoint", "aggregate_key", "id"],
                    postgresql_where=UNFINISHED)
    op.create_index(op.f("ix_webhook_delivery_aggregate_key_id"), "webhook_delivery", ["aggregate_key", "id"])
    op.create_index(op.f("ix_webhook_delivery_status_id"), "webhook_delivery", ["status", "id"])
    # the earlier body was the same compact, key-sorted JSON; jsonb's text is equally valid JSON to receivers
    op.execute("INSERT INTO webhook_delivery (webhook_id, endpoint, aggregate_key, event_type, body, status, attempts,"
               " next_attempt_at, last_error, created_at, sent_at)"
               " SELECT id, 'feedback', work_order_id, 'workorder.feedback', convert_to(payload::text, 'UTF8'),"
               " status, attempts, next_attempt_at, last_error, created_at, sent_at"
               " FROM feedback_delivery ORDER BY created_at, id")
    op.drop_table("feedback_delivery")


def downgrade() -> None:
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
    # a skipped delivery was never sent: the earlier table knew no such state, so it reads as send_failed there
    op.execute("INSERT INTO feedback_delivery (id, work_order_id, payload, status, attempts, last_error,"
               " next_attempt_at, created_at, sent_at)"
               " SELECT webhook_id, aggregate_key, convert_from(body, 'UTF8')::jsonb,"
               " CASE status WHEN 'skipped' THEN 'send_failed' ELSE status END, attempts, last_error,"
               " next_attempt_at, created_at, sent_at"
               " FROM webhook_delivery WHERE endpoint = 'feedback' ORDER BY id")
    op.drop_index(op.f("ix_webhook_delivery_status_id"), table_name="webhook_delivery")
    op.drop_index(op.f("ix_webhook_delivery_aggregate_key_id"), table_name="webhook_delivery")
    op.drop_index("ix_webhook_delivery_unfinished", table_name="webhook_delivery")
    op.drop_index("ix_webhook_delivery_due", table_name="webhook_delivery")
    op.drop_table("webhook_delivery")
