"""Dedupe looks repeats up by party or address within a time window: one (key, received_at) index per key.

Revision ID: 0008
Revises: 0007

They replace the single-column key indexes (the leading column still serves a lookup by key alone), so the
candidate query is three index range scans whatever the planner's statistics say.
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

KEYS = ("reported_party_credit_code", "reported_party_name", "address_key")


def upgrade() -> None:
    for key in KEYS:
        op.drop_index(op.f(f"ix_work_order_{key}"), table_name="work_order")
        op.create_index(op.f(f"ix_work_order_{key}_received_at"), "work_order", [key, "received_at"])


def downgrade() -> None:
    for key in KEYS:
        op.drop_index(op.f(f"ix_work_order_{key}_received_at"), table_name="work_order")
        op.create_index(op.f(f"ix_work_order_{key}"), "work_order", [key])
