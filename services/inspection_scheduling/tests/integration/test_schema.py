"""The migrations build exactly the schema the code declares: no column the code expects is missing."""

from inspection_scheduling.adapters import tables
from platform_db.migrations import schema_drift


async def test_migrated_database_matches_the_declared_tables(inspection):
    _, runtime = inspection
    assert await schema_drift(runtime.engine, tables.metadata) == []
