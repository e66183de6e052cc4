"""Audit log: every change with the verified caller (client, subject, scopes, request id), and every read of
confidential data (platform_db.audit).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 09:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('client_id', sa.String(length=200), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('acting_client', sa.String(length=200), nullable=True),
    sa.Column('scopes', postgresql.ARRAY(sa.Text()), nullable=False),
    sa.Column('agencies', postgresql.ARRAY(sa.Text()), nullable=False),
    sa.Column('region', sa.String(length=12), nullable=False),
    sa.Column('request_id', sa.String(length=128), nullable=True),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('route', sa.String(length=300), nullable=False),
    sa.Column('resource', sa.Text(), nullable=True),
    sa.Column('event_types', postgresql.ARRAY(sa.Text()), nullable=False),
    sa.Column('event_count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    op.create_index('ix_audit_log_client_id_at', 'audit_log', ['client_id', 'at'], unique=False)
    op.create_index('ix_audit_log_subject_at', 'audit_log', ['subject', 'at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_audit_log_subject_at', table_name='audit_log')
    op.drop_index('ix_audit_log_client_id_at', table_name='audit_log')
    op.drop_table('audit_log')
