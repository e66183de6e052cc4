"""The handling clock moves to the platform's shared clock table (platform_db.clocks): one row per order (kind
`handling`) with the state every API shows, its signals, history and provisional flag. The order keeps its due
instant and provisional flag for Open311 and feedback reads; the clock JSON and the signal columns go.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 12:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

JSONB = postgresql.JSONB(astext_type=sa.Text())
#: the statuses in which the handling clock runs (H-7): until the unit replies; a returned order still waits
RUNNING = "('受理', '派单', '签收', '办理', '退单')"


def upgrade() -> None:
    op.create_table(
        'clock',
        sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column('subject_type', sa.String(length=20), nullable=False),
        sa.Column('subject_id', sa.String(length=36), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('rule_ids', JSONB, nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('warn_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('provisional', sa.Boolean(), server_default='false', nullable=False),
        sa.Column('calendar_version', sa.String(length=200), nullable=True),
        sa.Column('paused_since', sa.DateTime(timezone=True), nullable=True),
        sa.Column('basis', JSONB, nullable=True),
        sa.Column('extensions', JSONB, server_default='[]', nullable=False),
        sa.Column('history', JSONB, server_default='[]', nullable=False),
        sa.Column('warned_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('breached_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_clock')),
        sa.UniqueConstraint('subject_type', 'subject_id', 'kind', name=op.f('uq_clock_subject_type_subject_id_kind')),
    )
    op.create_index('ix_clock_running_due', 'clock', ['due_at'], postgresql_where=sa.text("status = 'running'"))
    op.create_index('ix_clock_provisional', 'clock', ['calendar_version'],
                    postgresql_where=sa.text("provisional AND status = 'running'"))
    op.add_column('work_order', sa.Column('due_provisional', sa.Boolean(), server_default='false', nullable=False))
    op.execute(f"""
        INSERT INTO clock (subject_type, subject_id, kind, rule_ids, status, due_at, warn_at, due_on, provisional,
                           calendar_version, paused_since, warned_at, breached_at)
        SELECT 'work_order', id, 'handling', COALESCE(clock->'rule_ids', '[]'::jsonb),
               CASE WHEN status IN {RUNNING} THEN 'running'
                    WHEN updated_at <= (clock->>'expires_at')::timestamptz THEN 'met' ELSE 'late' END,
               (clock->>'expires_at')::timestamptz, (clock->>'warn_at')::timestamptz,
               CASE WHEN clock->>'unit' = 'WD' THEN (clock->>'due')::date END,
               COALESCE((clock->>'provisional')::boolean, false), clock->>'calendar_version',
               (clock->>'paused_since')::timestamptz, warned_at, breached_at
        FROM work_order WHERE clock->>'expires_at' IS NOT NULL""")
    op.execute("UPDATE work_order SET due_provisional = COALESCE((clock->>'provisional')::boolean, false) "
               "WHERE clock IS NOT NULL")
    for column in ('clock', 'warned_at', 'breached_at'):
        op.drop_column('work_order', column)


def downgrade() -> None:
    op.add_column('work_order', sa.Column('clock', JSONB, nullable=True))
    op.add_column('work_order', sa.Column('warned_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('work_order', sa.Column('breached_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("""
        UPDATE work_order SET warned_at = k.warned_at, breached_at = k.breached_at,
               clock = jsonb_build_object('expires_at', k.due_at, 'warn_at', k.warn_at, 'rule_ids', k.rule_ids,
                                          'provisional', k.provisional, 'calendar_version', k.calendar_version)
        FROM clock k WHERE k.subject_type = 'work_order' AND k.subject_id = work_order.id""")
    op.drop_column('work_order', 'due_provisional')
    op.drop_table('clock')
