"""Initial schema: review rounds and their assignments, reviewer experience, 案卷评查 campaigns, files and
rectification items, local copies of agencies, personnel and cases, outbox/inbox/dead letters.

Revision ID: 0001
Revises: (none)
Create Date: 2026-12-01 21:16:26.525647
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_copy',
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('case_no', sa.String(length=80), nullable=True),
    sa.Column('department_code', sa.String(length=40), nullable=False),
    sa.Column('matter_code', sa.String(length=60), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.String(length=40), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('closed_reason', sa.String(length=100), nullable=True),
    sa.Column('changes', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('case_id', name=op.f('pk_case_copy'))
    )
    op.create_index(op.f('ix_case_copy_closed_on'), 'case_copy', ['closed_on'], unique=False)
    op.create_index(op.f('ix_case_copy_department_code'), 'case_copy', ['department_code'], unique=False)
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
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('source_event_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_department_copy'))
    )
    op.create_table('file_review_campaign',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('organiser', sa.String(length=100), nullable=False),
    sa.Column('closed_from', sa.Date(), nullable=False),
    sa.Column('closed_to', sa.Date(), nullable=False),
    sa.Column('department_codes', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('random_count', sa.Integer(), nullable=False),
    sa.Column('include_changed', sa.Boolean(), nullable=False),
    sa.Column('submitted_case_ids', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('seed', sa.BigInteger(), nullable=False),
    sa.Column('rubric', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('drawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by', sa.String(length=100), server_default='system', nullable=False),
    sa.Column('updated_by', sa.String(length=100), server_default='system', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_file_review_campaign'))
    )
    op.create_table('inbox_message',
    sa.Column('consumer_group', sa.String(length=200), nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('event_type', sa.String(length=200), nullable=False),
    sa.Column('handled_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('consumer_group', 'event_id', name=op.f('pk_inbox_message'))
    )
    op.create_table('officer_copy',
    sa.Column('person_no', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('department_code', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('auxiliary', sa.Boolean(), nullable=False),
    sa.Column('legal_qualification', sa.Boolean(), nullable=False),
    sa.Column('areas', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('source_event_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('person_no', name=op.f('pk_officer_copy'))
    )
    op.create_index(op.f('ix_officer_copy_department_code'), 'officer_copy', ['department_code'], unique=False)
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
    op.create_table('review',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('case_no', sa.String(length=80), nullable=True),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('previous_review_id', sa.String(length=36), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('department_code', sa.String(length=40), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=True),
    sa.Column('matter_code', sa.String(length=60), nullable=True),
    sa.Column('party_type', sa.String(length=20), nullable=True),
    sa.Column('party_name', sa.String(length=200), nullable=True),
    sa.Column('grounds', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('officers', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('snapshot', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('warn_on', sa.Date(), nullable=False),
    sa.Column('extended_wd', sa.Integer(), server_default='0', nullable=False),
    sa.Column('extensions', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('provisional_due', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reviewer', sa.String(length=40), nullable=True),
    sa.Column('assigned_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('items', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('opinion', sa.Text(), nullable=True),
    sa.Column('signed_by', sa.String(length=100), nullable=True),
    sa.Column('concluded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('concluded_on', sa.Date(), nullable=True),
    sa.Column('warned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('breached_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by', sa.String(length=100), server_default='system', nullable=False),
    sa.Column('updated_by', sa.String(length=100), server_default='system', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review')),
    sa.UniqueConstraint('case_id', 'round', name=op.f('uq_review_case_id_round'))
    )
    op.create_index(op.f('ix_review_department_code'), 'review', ['department_code'], unique=False)
    op.create_index('ix_review_open_by_reviewer', 'review', ['reviewer', 'status'], unique=False)
    op.create_index('ix_review_received_on', 'review', ['received_on'], unique=False)
    op.create_index(op.f('ix_review_status'), 'review', ['status'], unique=False)
    op.create_table('reviewer_experience',
    sa.Column('person_no', sa.String(length=40), nullable=False),
    sa.Column('reviewing_since', sa.Date(), nullable=False),
    sa.Column('basis', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by', sa.String(length=100), server_default='system', nullable=False),
    sa.Column('updated_by', sa.String(length=100), server_default='system', nullable=False),
    sa.PrimaryKeyConstraint('person_no', name=op.f('pk_reviewer_experience'))
    )
    op.create_table('file_review',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('campaign_id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('case_no', sa.String(length=80), nullable=True),
    sa.Column('department_code', sa.String(length=40), nullable=False),
    sa.Column('selection', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('scores', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('total', sa.Float(), nullable=True),
    sa.Column('grade', sa.String(length=10), nullable=True),
    sa.Column('reviewer', sa.String(length=100), nullable=True),
    sa.Column('remarks', sa.Text(), nullable=True),
    sa.Column('graded_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by', sa.String(length=100), server_default='system', nullable=False),
    sa.Column('updated_by', sa.String(length=100), server_default='system', nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['file_review_campaign.id'], name=op.f('fk_file_review_campaign_id_file_review_campaign')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_file_review')),
    sa.UniqueConstraint('campaign_id', 'case_id', name=op.f('uq_file_review_campaign_id_case_id'))
    )
    op.create_index(op.f('ix_file_review_campaign_id'), 'file_review', ['campaign_id'], unique=False)
    op.create_index(op.f('ix_file_review_department_code'), 'file_review', ['department_code'], unique=False)
    op.create_table('review_assignment',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('review_id', sa.String(length=36), nullable=False),
    sa.Column('reviewer', sa.String(length=40), nullable=False),
    sa.Column('previous_reviewer', sa.String(length=40), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('assigned_on', sa.Date(), nullable=False),
    sa.Column('how', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by', sa.String(length=100), server_default='system', nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_review_assignment_review_id_review')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_assignment'))
    )
    op.create_index(op.f('ix_review_assignment_review_id'), 'review_assignment', ['review_id'], unique=False)
    op.create_table('rectification',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('campaign_id', sa.String(length=36), nullable=False),
    sa.Column('file_review_id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('department_code', sa.String(length=40), nullable=False),
    sa.Column('dimension', sa.String(length=40), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('result', sa.Text(), nullable=True),
    sa.Column('accepted_by', sa.String(length=100), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('overdue', sa.Boolean(), nullable=True),
    sa.Column('overdue_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by', sa.String(length=100), server_default='system', nullable=False),
    sa.Column('updated_by', sa.String(length=100), server_default='system', nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['file_review_campaign.id'], name=op.f('fk_rectification_campaign_id_file_review_campaign')),
    sa.ForeignKeyConstraint(['file_review_id'], ['file_review.id'], name=op.f('fk_rectification_file_review_id_file_review')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rectification'))
    )
    op.create_index(op.f('ix_rectification_campaign_id'), 'rectification', ['campaign_id'], unique=False)
    op.create_index(op.f('ix_rectification_department_code'), 'rectification', ['department_code'], unique=False)
    op.create_index(op.f('ix_rectification_file_review_id'), 'rectification', ['file_review_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_rectification_file_review_id'), table_name='rectification')
    op.drop_index(op.f('ix_rectification_department_code'), table_name='rectification')
    op.drop_index(op.f('ix_rectification_campaign_id'), table_name='rectification')
    op.drop_table('rectification')
    op.drop_index(op.f('ix_review_assignment_review_id'), table_name='review_assignment')
    op.drop_table('review_assignment')
    op.drop_index(op.f('ix_file_review_department_code'), table_name='file_review')
    op.drop_index(op.f('ix_file_review_campaign_id'), table_name='file_review')
    op.drop_table('file_review')
    op.drop_table('reviewer_experience')
    op.drop_index(op.f('ix_review_status'), table_name='review')
    op.drop_index('ix_review_received_on', table_name='review')
    op.drop_index('ix_review_open_by_reviewer', table_name='review')
    op.drop_index(op.f('ix_review_department_code'), table_name='review')
    op.drop_table('review')
    op.drop_index('ix_outbox_message_unsent', table_name='outbox_message', postgresql_where=sa.text('sent_at IS NULL'))
    op.drop_table('outbox_message')
    op.drop_index(op.f('ix_officer_copy_department_code'), table_name='officer_copy')
    op.drop_table('officer_copy')
    op.drop_table('inbox_message')
    op.drop_table('file_review_campaign')
    op.drop_table('department_copy')
    op.drop_table('dead_letter')
    op.drop_index(op.f('ix_case_copy_department_code'), table_name='case_copy')
    op.drop_index(op.f('ix_case_copy_closed_on'), table_name='case_copy')
    op.drop_table('case_copy')
