"""Initial schema: work orders, append-only history, catalog copies, outbox/inbox/dead letters.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 12:36:29.557907
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('dead_letter',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('consumer_group', sa.String(length=200), nullable=False),
    sa.Column('topic', sa.String(length=249), nullable=False),
    sa.Column('partition', sa.Integer(), nullable=False),
    sa.Column('offset', sa.BigInteger(), nullable=False),
    sa.Column('message_key', sa.String(length=200), nullable=True),
    sa.Column('headers', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('payload', sa.LargeBinary(), nullable=False),
    sa.Column('error_type', sa.String(length=200), nullable=False),
    sa.Column('error_message', sa.Text(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('dead_lettered_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('replayed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('replay_count', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dead_letter')),
    sa.UniqueConstraint('consumer_group', 'topic', 'partition', 'offset', name=op.f('uq_dead_letter_consumer_group_topic_partition_offset'))
    )
    op.create_table('department_copy',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('sector', sa.String(length=40), nullable=False),
    sa.Column('responsibilities', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('source_event_id', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_department_copy'))
    )
    op.create_table('inbox_message',
    sa.Column('consumer_group', sa.String(length=200), nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('event_type', sa.String(length=200), nullable=False),
    sa.Column('handled_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('consumer_group', 'event_id', name=op.f('pk_inbox_message'))
    )
    op.create_table('matter_copy',
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('department_code', sa.String(length=40), nullable=False),
    sa.Column('matter_type', sa.String(length=10), nullable=False),
    sa.Column('keywords', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('source_event_id', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_matter_copy'))
    )
    op.create_index(op.f('ix_matter_copy_department_code'), 'matter_copy', ['department_code'], unique=False)
    op.create_table('outbox_message',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('topic', sa.String(length=249), nullable=False),
    sa.Column('message_key', sa.String(length=200), nullable=False),
    sa.Column('headers', postgresql.ARRAY(sa.Text()), nullable=False),
    sa.Column('payload', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message')),
    sa.UniqueConstraint('event_id', name=op.f('uq_outbox_message_event_id'))
    )
    op.create_index('ix_outbox_message_unsent', 'outbox_message', ['id'], unique=False, postgresql_where=sa.text('sent_at IS NULL'))
    op.create_table('work_order',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('order_no', sa.String(length=64), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('request_type', sa.String(length=10), nullable=False),
    sa.Column('urgency', sa.String(length=10), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('requester', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('reported_party_name', sa.String(length=200), nullable=True),
    sa.Column('reported_party_credit_code', sa.String(length=18), nullable=True),
    sa.Column('attachments', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('not_accepted_reason', sa.Text(), nullable=True),
    sa.Column('proper_channel', sa.Text(), nullable=True),
    sa.Column('parent_id', sa.String(length=36), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by', sa.String(length=100), server_default='system', nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['work_order.id'], name=op.f('fk_work_order_parent_id_work_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_order')),
    sa.UniqueConstraint('order_no', name=op.f('uq_work_order_order_no'))
    )
    op.create_index(op.f('ix_work_order_received_at'), 'work_order', ['received_at'], unique=False)
    op.create_index(op.f('ix_work_order_region_code'), 'work_order', ['region_code'], unique=False)
    op.create_index(op.f('ix_work_order_request_type'), 'work_order', ['request_type'], unique=False)
    op.create_index(op.f('ix_work_order_status'), 'work_order', ['status'], unique=False)
    op.create_table('work_order_history',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('work_order_id', sa.String(length=36), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('from_status', sa.String(length=10), nullable=True),
    sa.Column('to_status', sa.String(length=10), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('reason', sa.Text(), server_default='', nullable=False),
    sa.Column('rule_ids', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['work_order_id'], ['work_order.id'], name=op.f('fk_work_order_history_work_order_id_work_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_order_history'))
    )
    op.create_index(op.f('ix_work_order_history_work_order_id'), 'work_order_history', ['work_order_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_work_order_history_work_order_id'), table_name='work_order_history')
    op.drop_table('work_order_history')
    op.drop_index(op.f('ix_work_order_status'), table_name='work_order')
    op.drop_index(op.f('ix_work_order_request_type'), table_name='work_order')
    op.drop_index(op.f('ix_work_order_region_code'), table_name='work_order')
    op.drop_index(op.f('ix_work_order_received_at'), table_name='work_order')
    op.drop_table('work_order')
    op.drop_index('ix_outbox_message_unsent', table_name='outbox_message', postgresql_where=sa.text('sent_at IS NULL'))
    op.drop_table('outbox_message')
    op.drop_index(op.f('ix_matter_copy_department_code'), table_name='matter_copy')
    op.drop_table('matter_copy')
    op.drop_table('inbox_message')
    op.drop_table('department_copy')
    op.drop_table('dead_letter')
