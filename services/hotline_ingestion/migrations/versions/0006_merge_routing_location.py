"""Dedupe/merge, routing decisions, classification and location for analytics and the Open311 facade.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("work_order", sa.Column("matter_code", sa.String(length=60), nullable=True))
    op.add_column("work_order", sa.Column("address_key", sa.String(length=500), nullable=True))
    op.add_column("work_order", sa.Column("merged_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("work_order", sa.Column("latitude", sa.Float(), nullable=True))
    op.add_column("work_order", sa.Column("longitude", sa.Float(), nullable=True))
    op.add_column("work_order", sa.Column("service_code", sa.String(length=40), nullable=True))
    op.create_index(op.f("ix_work_order_matter_code"), "work_order", ["matter_code"], unique=False)
    op.create_index(op.f("ix_work_order_address_key"), "work_order", ["address_key"], unique=False)
    op.create_index(op.f("ix_work_order_parent_id"), "work_order", ["parent_id"], unique=False)
    op.create_index(op.f("ix_work_order_reported_party_name"), "work_order", ["reported_party_name"], unique=False)
    op.create_index(op.f("ix_work_order_reported_party_credit_code"), "work_order", ["reported_party_credit_code"],
                    unique=False)
    op.add_column("work_order_history", sa.Column("details", postgresql.JSONB(astext_type=sa.Text()),
                                                  server_default="{}", nullable=False))


def downgrade() -> None:
    op.drop_column("work_order_history", "details")
    for index in ("reported_party_credit_code", "reported_party_name", "parent_id", "address_key", "matter_code"):
        op.drop_index(op.f(f"ix_work_order_{index}"), table_name="work_order")
    for column in ("service_code", "longitude", "latitude", "merged_at", "address_key", "matter_code"):
        op.drop_column("work_order", column)
