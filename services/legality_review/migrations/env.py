"""Alembic environment of legality_review (its own history only)."""

from alembic import context

from legality_review.adapters.tables import metadata
from platform_db.migrations import run_alembic_env

run_alembic_env(context, metadata)
