"""The object pool written by PostgreSQL COPY: one import, one transaction, whatever its size.

Imports take the pool's table in SHARE ROW EXCLUSIVE mode for their transaction: one import at a time, and no
single-entity update in between, so the count of rows already present (read first, under the lock) is exactly the
number the import updates (an empty pool is not asked). When none is present — a first load, or new entities only — the rows are copied
straight into `entity` (the fastest path: bench/inspection_import.py), as COPY text written from the checked columns. Otherwise they are copied into a temporary
table dropped at commit and merged with INSERT … ON CONFLICT (credit_code) DO UPDATE.
"""

import io

import asyncpg

from inspection_scheduling.domain.entities import COPY_COLUMNS as COLUMNS

_LOCK = "LOCK TABLE entity IN SHARE ROW EXCLUSIVE MODE"
_EMPTY = "SELECT NOT EXISTS (SELECT FROM entity)"
_PRESENT = "SELECT count(*) FROM entity WHERE credit_code = ANY($1::text[])"
_STAGE = "CREATE TEMPORARY TABLE entity_incoming (LIKE entity INCLUDING DEFAULTS) ON COMMIT DROP"
_MERGE = (f"INSERT INTO entity ({', '.join(COLUMNS)}) SELECT {', '.join(COLUMNS)} FROM entity_incoming"
          " ON CONFLICT (credit_code) DO UPDATE SET "
          + ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS[1:]) + ", updated_at = now()")


async def lock(driver: asyncpg.Connection) -> None:
    await driver.execute(_LOCK)


async def write(driver: asyncpg.Connection, rows: bytes, codes: list[str]) -> tuple[int, int]:
    """(inserted, updated): `rows` as COPY text in `COLUMNS` order (domain.entities.copy_text) with their `codes`,
    inside the caller's transaction, after `lock`."""
    empty = await driver.fetchval(_EMPTY)  # a first load skips sending every code to be looked up
    present = 0 if empty else await driver.fetchval(_PRESENT, codes)
    if present == 0:
        await driver.copy_to_table("entity", source=io.BytesIO(rows), columns=COLUMNS, format="text")
        return len(codes), 0
    await driver.execute(_STAGE)
    await driver.copy_to_table("entity_incoming", source=io.BytesIO(rows), columns=COLUMNS, format="text")
    await driver.execute(_MERGE)
    return len(codes) - present, present
