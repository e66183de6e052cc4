"""Insert-or-replace of one row by its key: how a service keeps its local copy of another service's data."""

from collections.abc import Mapping

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession


async def upsert(session: AsyncSession, table: Table, key: str, values: Mapping[str, object]) -> None:
    """Write `values` as the row whose `key` column equals `values[key]`: the whole new state replaces the old."""
    stmt = pg_insert(table).values(**values)
    await session.execute(stmt.on_conflict_do_update(
        index_elements=[key], set_={name: stmt.excluded[name] for name in values if name != key}))
