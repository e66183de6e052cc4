"""The migrations build exactly the schema the code declares: no column the code expects is missing."""

from list_management.adapters import tables
from platform_db.migrations import schema_drift


async def test_migrated_database_matches_the_declared_tables(container):
    assert await schema_drift(container.engine, tables.metadata) == []
