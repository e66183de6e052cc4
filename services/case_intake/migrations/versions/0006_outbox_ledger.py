"""The outbox is a ledger kept for a retention (outbox.retention_h): digests, re-publication and pruning select
sent events by their commit time.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 16:30:00
"""

from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_outbox_message_created_at', 'outbox_message', ['created_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_outbox_message_created_at', table_name='outbox_message')
