"""Alembic environment of inspection_scheduling (its own history only)."""

from alembic import context

from inspection_scheduling.adapters.tables import metadata
from platform_db.migrations import run_alembic_env

run_alembic_env(context, metadata)
