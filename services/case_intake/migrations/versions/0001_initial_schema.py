"""Initial schema: clues, cases and their hash-chained full-process record, clocks, publicity, flexible measures,
local copies of list_management's catalog and personnel, outbox/inbox/dead letters.

Revision ID: 0001
Revises: (none)
Create Date: 2026-12-01 18:48:50.882144
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_number',
    sa.Column('department_code', sa.String(length=40), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_no', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('department_code', 'year', name=op.f('pk_case_number'))
    )
    op.create_table('certificate_status',
    sa.Column('person_no', sa.String(length=40), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('source_event_id', sa.String(length=64), nullable=False),
    sa.UniqueConstraint('source_event_id', name=op.f('uq_certificate_status_source_event_id'))
    )
    op.create_index('ix_certificate_status_person', 'certificate_status', ['person_no', 'effective_on'], unique=False)
    op.create_table('clock',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('subject_type', sa.String(length=20), nullable=False),
    sa.Column('subject_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('rule_ids', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('warn_on', sa.Date(), nullable=False),
    sa.Column('provisional', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('calendar_version', sa.String(length=120), nullable=False),
    sa.Column('paused', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('warned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('breached_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clock')),
    sa.UniqueConstraint('subject_type', 'subject_id', 'kind', name=op.f('uq_clock_subject_type_subject_id_kind'))
    )
    op.create_index('ix_clock_running_due', 'clock', ['due_on'], unique=False, postgresql_where=sa.text("status = 'running'"))
    op.create_table('clue',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('source_ref', sa.String(length=100), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('department_code', sa.String(length=40), nullable=False),
    sa.Column('matter_code', sa.String(length=60), nullable=True),
    sa.Column('party', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('act_date', sa.Date(), nullable=True),
    sa.Column('real_name_reporter', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('not_filed_ground', sa.String(length=60), nullable=True),
    sa.Column('not_filed_reason', sa.Text(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('case_id', sa.String(length=36), nullable=True),
    sa.Column('pauses', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('extensions', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by', sa.String(length=100), server_default='system', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clue')),
    sa.UniqueConstraint('source', 'source_ref', name=op.f('uq_clue_source_source_ref'))
    )
    op.create_index(op.f('ix_clue_department_code'), 'clue', ['department_code'], unique=False)
    op.create_index(op.f('ix_clue_received_at'), 'clue', ['received_at'], unique=False)
    op.create_index(op.f('ix_clue_source'), 'clue', ['source'], unique=False)
    op.create_index(op.f('ix_clue_status'), 'clue', ['status'], unique=False)
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
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('source_event_id', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_department_copy'))
    )
    op.create_table('guidance_copy',
    sa.Column('series_key', sa.String(length=120), nullable=False),
    sa.Column('department_code', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('items', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('source_event_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('series_key', name=op.f('pk_guidance_copy'))
    )
    op.create_index(op.f('ix_guidance_copy_department_code'), 'guidance_copy', ['department_code'], unique=False)
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
    sa.Column('legal_basis', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('source_event_id', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_matter_copy'))
    )
    op.create_index(op.f('ix_matter_copy_department_code'), 'matter_copy', ['department_code'], unique=False)
    op.create_table('officer_copy',
    sa.Column('person_no', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('department_code', sa.String(length=40), nullable=False),
    sa.Column('certificate_no', sa.String(length=40), nullable=True),
    sa.Column('certificate_type', sa.String(length=40), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('auxiliary', sa.Boolean(), nullable=False),
    sa.Column('legal_qualification', sa.Boolean(), nullable=False),
    sa.Column('source_event_id', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
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
    op.create_table('enforcement_case',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('case_no', sa.String(length=60), nullable=False),
    sa.Column('procedure', sa.String(length=10), nullable=False),
    sa.Column('stage', sa.String(length=10), nullable=False),
    sa.Column('department_code', sa.String(length=40), nullable=False),
    sa.Column('matter_code', sa.String(length=60), nullable=False),
    sa.Column('party_name', sa.String(length=200), nullable=False),
    sa.Column('party_credit_code', sa.String(length=18), nullable=True),
    sa.Column('clue_id', sa.String(length=36), nullable=True),
    sa.Column('filed_on', sa.Date(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('state', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('record_seq', sa.Integer(), server_default='0', nullable=False),
    sa.Column('record_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by', sa.String(length=100), server_default='system', nullable=False),
    sa.ForeignKeyConstraint(['clue_id'], ['clue.id'], name=op.f('fk_enforcement_case_clue_id_clue')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enforcement_case')),
    sa.UniqueConstraint('case_no', name=op.f('uq_enforcement_case_case_no'))
    )
    op.create_index(op.f('ix_enforcement_case_department_code'), 'enforcement_case', ['department_code'], unique=False)
    op.create_index(op.f('ix_enforcement_case_filed_on'), 'enforcement_case', ['filed_on'], unique=False)
    op.create_index(op.f('ix_enforcement_case_matter_code'), 'enforcement_case', ['matter_code'], unique=False)
    op.create_index(op.f('ix_enforcement_case_party_credit_code'), 'enforcement_case', ['party_credit_code'], unique=False)
    op.create_index(op.f('ix_enforcement_case_stage'), 'enforcement_case', ['stage'], unique=False)
    op.create_table('case_record',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('act', sa.String(length=40), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('content', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['enforcement_case.id'], name=op.f('fk_case_record_case_id_enforcement_case')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_record')),
    sa.UniqueConstraint('case_id', 'seq', name=op.f('uq_case_record_case_id_seq'))
    )
    op.create_table('flexible_measure',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('form', sa.String(length=10), nullable=True),
    sa.Column('department_code', sa.String(length=40), nullable=False),
    sa.Column('matter_code', sa.String(length=60), nullable=True),
    sa.Column('case_id', sa.String(length=36), nullable=True),
    sa.Column('party', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('measure_on', sa.Date(), nullable=False),
    sa.Column('officers', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('concluded_on', sa.Date(), nullable=True),
    sa.Column('details', postgresql.JSONB(astext_type=sa.Text()), server_default='{}', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by', sa.String(length=100), server_default='system', nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['enforcement_case.id'], name=op.f('fk_flexible_measure_case_id_enforcement_case')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flexible_measure'))
    )
    op.create_index(op.f('ix_flexible_measure_department_code'), 'flexible_measure', ['department_code'], unique=False)
    op.create_index(op.f('ix_flexible_measure_kind'), 'flexible_measure', ['kind'], unique=False)
    op.create_index(op.f('ix_flexible_measure_measure_on'), 'flexible_measure', ['measure_on'], unique=False)
    op.create_table('publicity',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('summary', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('redaction_version', sa.String(length=40), nullable=True),
    sa.Column('system', sa.String(length=20), nullable=True),
    sa.Column('credit_class', sa.String(length=10), nullable=True),
    sa.Column('regime', sa.String(length=40), nullable=True),
    sa.Column('repair_from', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('withdrawal_due', sa.Date(), nullable=True),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('withdrawn_reason', sa.Text(), nullable=True),
    sa.Column('rule_ids', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('details', postgresql.JSONB(astext_type=sa.Text()), server_default='{}', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by', sa.String(length=100), server_default='system', nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['enforcement_case.id'], name=op.f('fk_publicity_case_id_enforcement_case')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publicity')),
    sa.UniqueConstraint('case_id', name=op.f('uq_publicity_case_id'))
    )
    op.create_index(op.f('ix_publicity_status'), 'publicity', ['status'], unique=False)
    # The full-process record is append-only (P-13): no role the service uses may rewrite or remove an act.
    op.execute("""
        CREATE FUNCTION case_record_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'case_record is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
        END $$""")
    op.execute("CREATE TRIGGER case_record_append_only BEFORE UPDATE OR DELETE ON case_record"
               " FOR EACH ROW EXECUTE FUNCTION case_record_append_only()")


def downgrade() -> None:
    op.execute("DROP TRIGGER case_record_append_only ON case_record")
    op.execute("DROP FUNCTION case_record_append_only()")
    op.drop_index(op.f('ix_publicity_status'), table_name='publicity')
    op.drop_table('publicity')
    op.drop_index(op.f('ix_flexible_measure_measure_on'), table_name='flexible_measure')
    op.drop_index(op.f('ix_flexible_measure_kind'), table_name='flexible_measure')
    op.drop_index(op.f('ix_flexible_measure_department_code'), table_name='flexible_measure')
    op.drop_table('flexible_measure')
    op.drop_table('case_record')
    op.drop_index(op.f('ix_enforcement_case_stage'), table_name='enforcement_case')
    op.drop_index(op.f('ix_enforcement_case_party_credit_code'), table_name='enforcement_case')
    op.drop_index(op.f('ix_enforcement_case_matter_code'), table_name='enforcement_case')
    op.drop_index(op.f('ix_enforcement_case_filed_on'), table_name='enforcement_case')
    op.drop_index(op.f('ix_enforcement_case_department_code'), table_name='enforcement_case')
    op.drop_table('enforcement_case')
    op.drop_index('ix_outbox_message_unsent', table_name='outbox_message', postgresql_where=sa.text('sent_at IS NULL'))
    op.drop_table('outbox_message')
    op.drop_index(op.f('ix_officer_copy_department_code'), table_name='officer_copy')
    op.drop_table('officer_copy')
    op.drop_index(op.f('ix_matter_copy_department_code'), table_name='matter_copy')
    op.drop_table('matter_copy')
    op.drop_table('inbox_message')
    op.drop_index(op.f('ix_guidance_copy_department_code'), table_name='guidance_copy')
    op.drop_table('guidance_copy')
    op.drop_table('department_copy')
    op.drop_table('dead_letter')
    op.drop_index(op.f('ix_clue_status'), table_name='clue')
    op.drop_index(op.f('ix_clue_source'), table_name='clue')
    op.drop_index(op.f('ix_clue_received_at'), table_name='clue')
    op.drop_index(op.f('ix_clue_department_code'), table_name='clue')
    op.drop_table('clue')
    op.drop_index('ix_clock_running_due', table_name='clock', postgresql_where=sa.text("status = 'running'"))
    op.drop_table('clock')
    op.drop_index('ix_certificate_status_person', table_name='certificate_status')
    op.drop_table('certificate_status')
    op.drop_table('case_number')
