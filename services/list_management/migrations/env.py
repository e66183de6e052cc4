"""Alembic environment of list_management (its own history only)."""

from alembic import context

from list_management.adapters.tables import metadata
from platform_db.migrations import run_alembic_env

run_alembic_env(context, metadata)
