"""The review period moves to the platform's shared clock table (platform_db.clocks): one row per round, with the
state every API shows, its history and the provisional flag; the round keeps its receipt date and extensions.

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


def upgrade() -> None:
    op.create_table(
        'clock',
        sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column('subject_type', sa.String(length=20), nullable=False),
        sa.Column('subject_id', sa.String(length=36), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('rule_ids', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('warn_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('provisional', sa.Boolean(), server_default='false', nullable=False),
        sa.Column('calendar_version', sa.String(length=200), nullable=True),
        sa.Column('paused_since', sa.DateTime(timezone=True), nullable=True),
        sa.Column('basis', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column('extensions', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
        sa.Column('history', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
        sa.Column('warned_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('breached_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_clock')),
        sa.UniqueConstraint('subject_type', 'subject_id', 'kind', name=op.f('uq_clock_subject_type_subject_id_kind')),
    )
    op.create_index('ix_clock_running_due', 'clock', ['due_at'], postgresql_where=sa.text("status = 'running'"))
    op.create_index('ix_clock_provisional', 'clock', ['calendar_version'],
                    postgresql_where=sa.text("provisional AND status = 'running'"))
    # Each round's period as it stood: in time through due_on (Shanghai), approaching from warn_on.
    op.execute("""
        INSERT INTO clock (subject_type, subject_id, kind, rule_ids, status, due_at, warn_at, due_on, provisional,
                           calendar_version, extensions, history, warned_at, breached_at)
        SELECT 'review', id, 'review', '["L-6", "G-1"]'::jsonb,
               CASE WHEN status <> 'concluded' THEN 'running'
                    WHEN concluded_on <= due_on THEN 'met' ELSE 'late' END,
               (due_on + 1)::timestamp AT TIME ZONE 'UTC' - interval '8 hours',
               warn_on::timestamp AT TIME ZONE 'UTC' - interval '8 hours', due_on,
               provisional_due, NULL, extensions, '[]'::jsonb, warned_at, breached_at
        FROM review""")
    for column in ('due_on', 'warn_on', 'provisional_due', 'warned_at', 'breached_at'):
        op.drop_column('review', column)


def downgrade() -> None:
    op.add_column('review', sa.Column('due_on', sa.Date(), nullable=True))
    op.add_column('review', sa.Column('warn_on', sa.Date(), nullable=True))
    op.add_column('review', sa.Column('provisional_due', sa.Boolean(), server_default='false', nullable=False))
    op.add_column('review', sa.Column('warned_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('review', sa.Column('breached_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("""
        UPDATE review SET due_on = k.due_on, warn_on = ((k.warn_at + interval '8 hours') AT TIME ZONE 'UTC')::date,
               provisional_due = k.provisional, warned_at = k.warned_at, breached_at = k.breached_at
        FROM clock k WHERE k.subject_type = 'review' AND k.subject_id = review.id""")
    op.alter_column('review', 'due_on', nullable=False)
    op.alter_column('review', 'warn_on', nullable=False)
    op.drop_table('clock')
