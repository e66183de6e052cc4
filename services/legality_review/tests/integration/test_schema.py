"""The migrations build exactly the schema the code declares."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from legality_review.adapters import tables


async def test_migrated_database_matches_the_declared_tables(legality_review):
    _, runtime = legality_review

    def differences(conn) -> list:  # noqa: ANN001 - a sync connection
        return compare_metadata(MigrationContext.configure(conn, opts={"compare_server_default": False}),
                                tables.metadata)

    async with runtime.engine.connect() as conn:
        assert await conn.run_sync(differences) == []
