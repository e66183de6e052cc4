"""Initial schema: the matter list and the two pools, plans and their tasks, draws with their frozen rosters and
proofs, visits with their tasks and 伴随执法 invitations, the publicity clock, webhooks, outbox/inbox/dead letters.

Revision ID: 0001
Revises: (none)
Create Date: 2026-12-03 18:37:09.125118
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
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
    op.create_table('clock',
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
    sa.UniqueConstraint('subject_type', 'subject_id', 'kind', name=op.f('uq_clock_subject_type_subject_id_kind'))
    )
    op.create_index('ix_clock_provisional', 'clock', ['calendar_version'], unique=False, postgresql_where=sa.text("provisional AND status = 'running'"))
    op.create_index('ix_clock_running_due', 'clock', ['due_at'], unique=False, postgresql_where=sa.text("status = 'running'"))
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
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('sector', sa.String(length=40), nullable=False),
    sa.Column('source_event_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_department_copy'))
    )
    op.create_table('entity',
    sa.Column('credit_code', sa.String(length=18), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('industry', sa.String(length=20), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('address', sa.Text(), server_default='', nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('credit_class', sa.String(length=1), nullable=False),
    sa.Column('credit_as_of', sa.Date(), nullable=False),
    sa.Column('risk_level', sa.String(length=10), server_default='一般', nullable=False),
    sa.Column('special_sectors', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('import_id', sa.String(length=36), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('credit_code', name=op.f('pk_entity'))
    )
    op.create_index('ix_entity_region_class', 'entity', ['region_code', 'credit_class'], unique=False)
    op.create_table('entity_import',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=True),
    sa.Column('format', sa.String(length=10), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('inserted', sa.Integer(), server_default='0', nullable=False),
    sa.Column('updated', sa.Integer(), server_default='0', nullable=False),
    sa.Column('problems', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by', sa.String(length=100), server_default='system', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entity_import'))
    )
    op.create_table('inbox_message',
    sa.Column('consumer_group', sa.String(length=200), nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('event_type', sa.String(length=200), nullable=False),
    sa.Column('handled_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('consumer_group', 'event_id', name=op.f('pk_inbox_message'))
    )
    op.create_table('inspection_matter',
    sa.Column('series_key', sa.String(length=120), nullable=False),
    sa.Column('matter_code', sa.String(length=60), nullable=False),
    sa.Column('sub_item', sa.String(length=200), server_default='', nullable=False),
    sa.Column('department_code', sa.String(length=40), nullable=False),
    sa.Column('list_id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.Column('basis', sa.Text(), nullable=False),
    sa.Column('objects', sa.Text(), nullable=False),
    sa.Column('ratio_percent', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('frequency_per_year', sa.SmallInteger(), nullable=False),
    sa.Column('method', sa.String(length=40), nullable=False),
    sa.Column('inspector_requirements', sa.Text(), server_default='', nullable=False),
    sa.Column('source_event_id', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('series_key', 'matter_code', 'sub_item', name=op.f('pk_inspection_matter'))
    )
    op.create_index(op.f('ix_inspection_matter_department_code'), 'inspection_matter', ['department_code'], unique=False)
    op.create_table('inspector_conflict',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('person_no', sa.String(length=40), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('declared_on', sa.Date(), nullable=False),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by', sa.String(length=100), server_default='system', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspector_conflict')),
    sa.UniqueConstraint('person_no', 'credit_code', name=op.f('uq_inspector_conflict_person_no_credit_code'))
    )
    op.create_index(op.f('ix_inspector_conflict_credit_code'), 'inspector_conflict', ['credit_code'], unique=False)
    op.create_index(op.f('ix_inspector_conflict_person_no'), 'inspector_conflict', ['person_no'], unique=False)
    op.create_table('inspector_profile',
    sa.Column('person_no', sa.String(length=40), nullable=False),
    sa.Column('specialties', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('max_objects_per_draw', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), server_default='true', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by', sa.String(length=100), server_default='system', nullable=False),
    sa.Column('updated_by', sa.String(length=100), server_default='system', nullable=False),
    sa.PrimaryKeyConstraint('person_no', name=op.f('pk_inspector_profile'))
    )
    op.create_table('officer_copy',
    sa.Column('person_no', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('department_code', sa.String(length=40), nullable=False),
    sa.Column('certificate_no', sa.String(length=40), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('auxiliary', sa.Boolean(), nullable=False),
    sa.Column('areas', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
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
    op.create_index('ix_outbox_message_created_at', 'outbox_message', ['created_at'], unique=False)
    op.create_index('ix_outbox_message_unsent', 'outbox_message', ['id'], unique=False, postgresql_where=sa.text('sent_at IS NULL'))
    op.create_table('plan',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('initiating_department', sa.String(length=40), nullable=False),
    sa.Column('cooperating_departments', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('quota', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('approved_by', sa.String(length=100), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('filing_due_on', sa.Date(), nullable=True),
    sa.Column('filed_with', sa.String(length=100), nullable=True),
    sa.Column('filed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by', sa.String(length=100), server_default='system', nullable=False),
    sa.Column('updated_by', sa.String(length=100), server_default='system', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan'))
    )
    op.create_index(op.f('ix_plan_initiating_department'), 'plan', ['initiating_department'], unique=False)
    op.create_index(op.f('ix_plan_status'), 'plan', ['status'], unique=False)
    op.create_table('visit',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('visit_code', sa.String(length=16), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=False),
    sa.Column('entity_name', sa.String(length=200), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('lead_department', sa.String(length=40), nullable=False),
    sa.Column('departments', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('inspection_type', sa.String(length=10), nullable=False),
    sa.Column('trigger', sa.String(length=20), nullable=True),
    sa.Column('trigger_ref', sa.String(length=100), nullable=True),
    sa.Column('window_from', sa.Date(), nullable=False),
    sa.Column('window_to', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('approved_by', sa.String(length=100), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('visited_on', sa.Date(), nullable=True),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('onsite_record', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('rating', sa.SmallInteger(), nullable=True),
    sa.Column('rating_comment', sa.Text(), nullable=True),
    sa.Column('rated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checked_in_by', sa.String(length=100), nullable=True),
    sa.Column('results_published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('publication', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by', sa.String(length=100), server_default='system', nullable=False),
    sa.Column('updated_by', sa.String(length=100), server_default='system', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit')),
    sa.UniqueConstraint('visit_code', name=op.f('uq_visit_visit_code'))
    )
    op.create_index(op.f('ix_visit_credit_code'), 'visit', ['credit_code'], unique=False)
    op.create_index('ix_visit_entity_year', 'visit', ['credit_code', 'year'], unique=False)
    op.create_index(op.f('ix_visit_lead_department'), 'visit', ['lead_department'], unique=False)
    op.create_index(op.f('ix_visit_status'), 'visit', ['status'], unique=False)
    op.create_table('webhook_delivery',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('webhook_id', sa.String(length=64), nullable=False),
    sa.Column('endpoint', sa.String(length=100), nullable=False),
    sa.Column('aggregate_key', sa.String(length=200), nullable=False),
    sa.Column('event_type', sa.String(length=200), nullable=False),
    sa.Column('body', sa.LargeBinary(), nullable=False),
    sa.Column('status', sa.String(length=20), server_default='pending', nullable=False),
    sa.Column('attempts', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('last_status', sa.Integer(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('replayed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('replay_count', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_delivery')),
    sa.UniqueConstraint('webhook_id', name=op.f('uq_webhook_delivery_webhook_id'))
    )
    op.create_index(op.f('ix_webhook_delivery_aggregate_key_id'), 'webhook_delivery', ['aggregate_key', 'id'], unique=False)
    op.create_index('ix_webhook_delivery_due', 'webhook_delivery', ['next_attempt_at'], unique=False, postgresql_where=sa.text("status = 'pending'"))
    op.create_index(op.f('ix_webhook_delivery_status_id'), 'webhook_delivery', ['status', 'id'], unique=False)
    op.create_index('ix_webhook_delivery_unfinished', 'webhook_delivery', ['endpoint', 'aggregate_key', 'id'], unique=False, postgresql_where=sa.text("status IN ('pending', 'send_failed')"))
    op.create_table('visit_request',
    sa.Column('key', sa.String(length=36), nullable=False),
    sa.Column('visit_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_visit_request_visit_id_visit')),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_visit_request'))
    )
    op.create_table('invitation',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('visit_id', sa.String(length=36), nullable=False),
    sa.Column('invitee', sa.String(length=100), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=40), nullable=False),
    sa.Column('feedback', sa.Text(), nullable=True),
    sa.Column('feedback_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('feedback_by', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by', sa.String(length=100), server_default='system', nullable=False),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_invitation_visit_id_visit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation'))
    )
    op.create_index(op.f('ix_invitation_visit_id'), 'invitation', ['visit_id'], unique=False)
    op.create_table('plan_task',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('plan_id', sa.String(length=36), nullable=False),
    sa.Column('seq', sa.SmallInteger(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('inspection_type', sa.String(length=10), nullable=False),
    sa.Column('departments', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('matter_codes', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('region_codes', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('industries', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('entity_kinds', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('ratio_by_class', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('window_from', sa.Date(), nullable=False),
    sa.Column('window_to', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_plan_task_plan_id_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_task')),
    sa.UniqueConstraint('plan_id', 'seq', name=op.f('uq_plan_task_plan_id_seq'))
    )
    op.create_index(op.f('ix_plan_task_plan_id'), 'plan_task', ['plan_id'], unique=False)
    op.create_table('draw',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('plan_id', sa.String(length=36), nullable=False),
    sa.Column('task_id', sa.String(length=36), nullable=False),
    sa.Column('region_code', sa.String(length=12), nullable=False),
    sa.Column('department_code', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('redraw_of', sa.String(length=36), nullable=True),
    sa.Column('redraw_reason', sa.Text(), nullable=True),
    sa.Column('drawn_on', sa.Date(), nullable=False),
    sa.Column('commitment', sa.String(length=64), nullable=False),
    sa.Column('frozen', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('parties', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('reveals', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('public_value', sa.Text(), nullable=True),
    sa.Column('proof', sa.LargeBinary(), nullable=True),
    sa.Column('proof_sha256', sa.String(length=64), nullable=True),
    sa.Column('selected', sa.Integer(), nullable=True),
    sa.Column('matter_departments', postgresql.JSONB(astext_type=sa.Text()), server_default='{}', nullable=False),
    sa.Column('unscheduled', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('committed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by', sa.String(length=100), server_default='system', nullable=False),
    sa.Column('updated_by', sa.String(length=100), server_default='system', nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_draw_plan_id_plan')),
    sa.ForeignKeyConstraint(['redraw_of'], ['draw.id'], name=op.f('fk_draw_redraw_of_draw')),
    sa.ForeignKeyConstraint(['task_id'], ['plan_task.id'], name=op.f('fk_draw_task_id_plan_task')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draw')),
    sa.UniqueConstraint('commitment', name=op.f('uq_draw_commitment'))
    )
    op.create_index(op.f('ix_draw_plan_id'), 'draw', ['plan_id'], unique=False)
    op.create_index(op.f('ix_draw_task_id'), 'draw', ['task_id'], unique=False)
    op.create_table('draw_roster',
    sa.Column('draw_id', sa.String(length=36), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('lines_gz', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['draw_id'], ['draw.id'], name=op.f('fk_draw_roster_draw_id_draw')),
    sa.PrimaryKeyConstraint('draw_id', name=op.f('pk_draw_roster'))
    )
    op.create_table('visit_task',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('visit_id', sa.String(length=36), nullable=False),
    sa.Column('draw_id', sa.String(length=36), nullable=True),
    sa.Column('plan_id', sa.String(length=36), nullable=True),
    sa.Column('department_code', sa.String(length=40), nullable=False),
    sa.Column('matter_code', sa.String(length=60), nullable=False),
    sa.Column('stratum', sa.String(length=120), nullable=True),
    sa.Column('inspectors', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('result', sa.String(length=20), nullable=True),
    sa.Column('finding', sa.Text(), nullable=True),
    sa.Column('result_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('result_by', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['draw_id'], ['draw.id'], name=op.f('fk_visit_task_draw_id_draw')),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_visit_task_plan_id_plan')),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_visit_task_visit_id_visit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_task')),
    sa.UniqueConstraint('draw_id', 'department_code', 'matter_code', 'visit_id', name=op.f('uq_visit_task_draw_id_department_code_matter_code_visit_id'))
    )
    op.create_index(op.f('ix_visit_task_department_code'), 'visit_task', ['department_code'], unique=False)
    op.create_index(op.f('ix_visit_task_draw_id'), 'visit_task', ['draw_id'], unique=False)
    op.create_index(op.f('ix_visit_task_visit_id'), 'visit_task', ['visit_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_visit_task_visit_id'), table_name='visit_task')
    op.drop_index(op.f('ix_visit_task_draw_id'), table_name='visit_task')
    op.drop_index(op.f('ix_visit_task_department_code'), table_name='visit_task')
    op.drop_table('visit_task')
    op.drop_table('draw_roster')
    op.drop_index(op.f('ix_draw_task_id'), table_name='draw')
    op.drop_index(op.f('ix_draw_plan_id'), table_name='draw')
    op.drop_table('draw')
    op.drop_index(op.f('ix_plan_task_plan_id'), table_name='plan_task')
    op.drop_table('plan_task')
    op.drop_index(op.f('ix_invitation_visit_id'), table_name='invitation')
    op.drop_table('invitation')
    op.drop_table('visit_request')
    op.drop_index('ix_webhook_delivery_unfinished', table_name='webhook_delivery', postgresql_where=sa.text("status IN ('pending', 'send_failed')"))
    op.drop_index(op.f('ix_webhook_delivery_status_id'), table_name='webhook_delivery')
    op.drop_index('ix_webhook_delivery_due', table_name='webhook_delivery', postgresql_where=sa.text("status = 'pending'"))
    op.drop_index(op.f('ix_webhook_delivery_aggregate_key_id'), table_name='webhook_delivery')
    op.drop_table('webhook_delivery')
    op.drop_index(op.f('ix_visit_status'), table_name='visit')
    op.drop_index(op.f('ix_visit_lead_department'), table_name='visit')
    op.drop_index('ix_visit_entity_year', table_name='visit')
    op.drop_index(op.f('ix_visit_credit_code'), table_name='visit')
    op.drop_table('visit')
    op.drop_index(op.f('ix_plan_status'), table_name='plan')
    op.drop_index(op.f('ix_plan_initiating_department'), table_name='plan')
    op.drop_table('plan')
    op.drop_index('ix_outbox_message_unsent', table_name='outbox_message', postgresql_where=sa.text('sent_at IS NULL'))
    op.drop_index('ix_outbox_message_created_at', table_name='outbox_message')
    op.drop_table('outbox_message')
    op.drop_index(op.f('ix_officer_copy_department_code'), table_name='officer_copy')
    op.drop_table('officer_copy')
    op.drop_table('inspector_profile')
    op.drop_index(op.f('ix_inspector_conflict_person_no'), table_name='inspector_conflict')
    op.drop_index(op.f('ix_inspector_conflict_credit_code'), table_name='inspector_conflict')
    op.drop_table('inspector_conflict')
    op.drop_index(op.f('ix_inspection_matter_department_code'), table_name='inspection_matter')
    op.drop_table('inspection_matter')
    op.drop_table('inbox_message')
    op.drop_table('entity_import')
    op.drop_index('ix_entity_region_class', table_name='entity')
    op.drop_table('entity')
    op.drop_table('department_copy')
    op.drop_table('dead_letter')
    op.drop_index('ix_clock_running_due', table_name='clock', postgresql_where=sa.text("status = 'running'"))
    op.drop_index('ix_clock_provisional', table_name='clock', postgresql_where=sa.text("provisional AND status = 'running'"))
    op.drop_table('clock')
    op.drop_index('ix_audit_log_subject_at', table_name='audit_log')
    op.drop_index('ix_audit_log_client_id_at', table_name='audit_log')
    op.drop_table('audit_log')
