"""Initial schema: catalog, personnel, versioned lists, usage, idempotency, outbox/inbox/dead letters.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 11:17:40.779111
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
    op.create_table('department',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('sector', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('responsibilities', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by', sa.String(length=100), server_default='system', nullable=False),
    sa.Column('updated_by', sa.String(length=100), server_default='system', nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_department'))
    )
    op.create_index(op.f('ix_department_region_code'), 'department', ['region_code'], unique=False)
    op.create_index(op.f('ix_department_sector'), 'department', ['sector'], unique=False)
    op.create_table('idempotency_key',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('scope', sa.String(length=100), nullable=False),
    sa.Column('resource_id', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('key', 'scope', name=op.f('pk_idempotency_key'))
    )
    op.create_table('inbox_message',
    sa.Column('consumer_group', sa.String(length=200), nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('event_type', sa.String(length=200), nullable=False),
    sa.Column('handled_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('consumer_group', 'event_id', name=op.f('pk_inbox_message'))
    )
    op.create_table('matter_usage',
    sa.Column('matter_code', sa.String(length=60), nullable=False),
    sa.Column('case_id', sa.String(length=64), nullable=False),
    sa.Column('used_on', sa.Date(), nullable=False),
    sa.Column('source_event_id', sa.String(length=64), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('matter_code', 'case_id', name=op.f('pk_matter_usage'))
    )
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
    op.create_table('list_version',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('series_key', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('department_code', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=True),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.Column('body', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('filing_status', sa.String(length=20), server_default='not_filed', nullable=False),
    sa.Column('filing_note', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by', sa.String(length=100), server_default='system', nullable=False),
    sa.Column('updated_by', sa.String(length=100), server_default='system', nullable=False),
    sa.ForeignKeyConstraint(['department_code'], ['department.code'], name=op.f('fk_list_version_department_code_department')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_list_version')),
    sa.UniqueConstraint('series_key', 'version', name=op.f('uq_list_version_series_key_version'))
    )
    op.create_index(op.f('ix_list_version_department_code'), 'list_version', ['department_code'], unique=False)
    op.create_index(op.f('ix_list_version_kind'), 'list_version', ['kind'], unique=False)
    op.create_index(op.f('ix_list_version_series_key'), 'list_version', ['series_key'], unique=False)
    op.create_index(op.f('ix_list_version_status'), 'list_version', ['status'], unique=False)
    op.create_table('matter',
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('department_code', sa.String(length=40), nullable=False),
    sa.Column('matter_type', sa.String(length=10), nullable=False),
    sa.Column('legal_basis', sa.Text(), nullable=False),
    sa.Column('keywords', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('active', sa.Boolean(), server_default='true', nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by', sa.String(length=100), server_default='system', nullable=False),
    sa.Column('updated_by', sa.String(length=100), server_default='system', nullable=False),
    sa.ForeignKeyConstraint(['department_code'], ['department.code'], name=op.f('fk_matter_department_code_department')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_matter'))
    )
    op.create_index(op.f('ix_matter_department_code'), 'matter', ['department_code'], unique=False)
    op.create_index(op.f('ix_matter_matter_type'), 'matter', ['matter_type'], unique=False)
    op.create_table('officer',
    sa.Column('person_no', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('department_code', sa.String(length=40), nullable=False),
    sa.Column('certificate_no', sa.String(length=40), nullable=True),
    sa.Column('certificate_type', sa.String(length=40), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('enforcement_areas', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('legal_professional_qualification', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('auxiliary', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by', sa.String(length=100), server_default='system', nullable=False),
    sa.Column('updated_by', sa.String(length=100), server_default='system', nullable=False),
    sa.ForeignKeyConstraint(['department_code'], ['department.code'], name=op.f('fk_officer_department_code_department')),
    sa.PrimaryKeyConstraint('person_no', name=op.f('pk_officer')),
    sa.UniqueConstraint('certificate_no', name=op.f('uq_officer_certificate_no'))
    )
    op.create_index(op.f('ix_officer_department_code'), 'officer', ['department_code'], unique=False)
    op.create_table('certificate_status_change',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('person_no', sa.String(length=40), nullable=False),
    sa.Column('previous_status', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('recorded_by', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['person_no'], ['officer.person_no'], name=op.f('fk_certificate_status_change_person_no_officer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_status_change'))
    )
    op.create_index(op.f('ix_certificate_status_change_person_no'), 'certificate_status_change', ['person_no'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_certificate_status_change_person_no'), table_name='certificate_status_change')
    op.drop_table('certificate_status_change')
    op.drop_index(op.f('ix_officer_department_code'), table_name='officer')
    op.drop_table('officer')
    op.drop_index(op.f('ix_matter_matter_type'), table_name='matter')
    op.drop_index(op.f('ix_matter_department_code'), table_name='matter')
    op.drop_table('matter')
    op.drop_index(op.f('ix_list_version_status'), table_name='list_version')
    op.drop_index(op.f('ix_list_version_series_key'), table_name='list_version')
    op.drop_index(op.f('ix_list_version_kind'), table_name='list_version')
    op.drop_index(op.f('ix_list_version_department_code'), table_name='list_version')
    op.drop_table('list_version')
    op.drop_index('ix_outbox_message_unsent', table_name='outbox_message', postgresql_where=sa.text('sent_at IS NULL'))
    op.drop_table('outbox_message')
    op.drop_table('matter_usage')
    op.drop_table('inbox_message')
    op.drop_table('idempotency_key')
    op.drop_index(op.f('ix_department_sector'), table_name='department')
    op.drop_index(op.f('ix_department_region_code'), table_name='department')
    op.drop_table('department')
    op.drop_table('dead_letter')
