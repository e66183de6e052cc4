"""Alembic environment of case_intake (its own history only)."""

from alembic import context

from case_intake.adapters.tables import metadata
from platform_db.migrations import run_alembic_env

run_alembic_env(context, metadata)
