"""The case's clocks take the platform's shared clock shape (platform_db.clocks): due and warning instants beside the
due date, a pause as the instant it began, `cancelled` read as `stopped`, the count that made the date (to count it
again when a holiday notice arrives), approved extensions and a history of every move.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 12:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

JSONB = postgresql.JSONB(astext_type=sa.Text())


def upgrade() -> None:
    op.add_column('clock', sa.Column('due_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('clock', sa.Column('warn_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('clock', sa.Column('paused_since', sa.DateTime(timezone=True), nullable=True))
    op.add_column('clock', sa.Column('basis', JSONB, nullable=True))
    op.add_column('clock', sa.Column('extensions', JSONB, server_default='[]', nullable=False))
    op.add_column('clock', sa.Column('history', JSONB, server_default='[]', nullable=False))
    # In time through due_on (a Shanghai date), approaching from the start of warn_on.
    op.execute("""
        UPDATE clock SET due_at = (due_on + 1)::timestamp AT TIME ZONE 'UTC' - interval '8 hours',
                         warn_at = warn_on::timestamp AT TIME ZONE 'UTC' - interval '8 hours',
                         paused_since = CASE WHEN paused THEN updated_at END,
                         status = CASE status WHEN 'cancelled' THEN 'stopped' ELSE status END""")
    op.alter_column('clock', 'due_at', nullable=False)
    op.alter_column('clock', 'warn_at', nullable=False)
    op.alter_column('clock', 'due_on', nullable=True)
    op.alter_column('clock', 'calendar_version', type_=sa.String(length=200), nullable=True)
    op.drop_column('clock', 'warn_on')
    op.drop_column('clock', 'paused')
    op.drop_index('ix_clock_running_due', table_name='clock', postgresql_where=sa.text("status = 'running'"))
    op.create_index('ix_clock_running_due', 'clock', ['due_at'], postgresql_where=sa.text("status = 'running'"))
    op.create_index('ix_clock_provisional', 'clock', ['calendar_version'],
                    postgresql_where=sa.text("provisional AND status = 'running'"))


def downgrade() -> None:
    op.drop_index('ix_clock_provisional', table_name='clock', postgresql_where=sa.text("provisional AND status = 'running'"))
    op.drop_index('ix_clock_running_due', table_name='clock', postgresql_where=sa.text("status = 'running'"))
    op.create_index('ix_clock_running_due', 'clock', ['due_on'], postgresql_where=sa.text("status = 'running'"))
    op.add_column('clock', sa.Column('paused', sa.Boolean(), server_default='false', nullable=False))
    op.add_column('clock', sa.Column('warn_on', sa.Date(), nullable=True))
    op.execute("""
        UPDATE clock SET warn_on = ((warn_at + interval '8 hours') AT TIME ZONE 'UTC')::date,
                         due_on = COALESCE(due_on, ((due_at + interval '8 hours') AT TIME ZONE 'UTC')::date),
                         paused = paused_since IS NOT NULL, calendar_version = COALESCE(calendar_version, ''),
                         status = CASE status WHEN 'stopped' THEN 'cancelled' WHEN 'late' THEN 'met' ELSE status END""")
    op.alter_column('clock', 'warn_on', nullable=False)
    op.alter_column('clock', 'due_on', nullable=False)
    op.alter_column('clock', 'calendar_version', type_=sa.String(length=120), nullable=False)
    for column in ('history', 'extensions', 'basis', 'paused_since', 'warn_at', 'due_at'):
        op.drop_column('clock', column)
