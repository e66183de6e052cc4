"""Alembic environment of hotline_ingestion (its own history only)."""

from alembic import context

from hotline_ingestion.adapters.tables import metadata
from platform_db.migrations import run_alembic_env

run_alembic_env(context, metadata)
