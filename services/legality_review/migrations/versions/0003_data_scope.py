"""Data scope: 案卷评查 campaigns, files and rectification items carry a 行政区划, so that each caller reads only its
region's (and an agency only its own) records.

A campaign's region is that of the 司法局 that organised it; a file's and an item's, their agency's at the draw.
Rows made before this revision keep NULL: bounded by their agency alone (platform_identity.Caller.sees).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('file_review_campaign', sa.Column('region_code', sa.String(length=12), nullable=True))
    op.add_column('file_review', sa.Column('region_code', sa.String(length=12), nullable=True))
    op.add_column('rectification', sa.Column('region_code', sa.String(length=12), nullable=True))


def downgrade() -> None:
    op.drop_column('rectification', 'region_code')
    op.drop_column('file_review', 'region_code')
    op.drop_column('file_review_campaign', 'region_code')
