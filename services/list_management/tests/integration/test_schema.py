"""The migrations build exactly the schema the code declares: no column the code expects is missing."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from list_management.adapters import tables


async def test_migrated_database_matches_the_declared_tables(container):  # noqa: ANN001
    def differences(conn) -> list:  # noqa: ANN001 - a sync connection
        return compare_metadata(MigrationContext.configure(conn, opts={"compare_server_default": False}),
                                tables.metadata)

    async with container.engine.connect() as conn:
        assert await conn.run_sync(differences) == []
