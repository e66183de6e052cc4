"""Verified actors: each link of the case record names the OAuth client (and the system acting for the person)
its act came through, beside the verified subject in `actor`; a clue may keep its reporter's identity (K-7,
confidential: answered only to cleared callers).

Links written before this revision keep a NULL client and verify as they were hashed (domain/record_chain.py).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 09:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('case_record', sa.Column('client_id', sa.String(length=200), nullable=True))
    op.add_column('case_record', sa.Column('acting_client', sa.String(length=200), nullable=True))
    op.add_column('clue', sa.Column('reporter', postgresql.JSONB(astext_type=sa.Text()), nullable=True))


def downgrade() -> None:
    op.drop_column('clue', 'reporter')
    op.drop_column('case_record', 'acting_client')
    op.drop_column('case_record', 'client_id')
