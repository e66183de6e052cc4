"""The object pool written by PostgreSQL COPY: one import, one transaction, whatever its size.

Imports take the pool's table in SHARE ROW EXCLUSIVE mode for their transaction: one import at a time, and no
single-entity update in between, so the count of rows already present (read first, under the lock) is exactly the
number the import updates. When none is present — a first load, or new entities only — the rows are copied
straight into `entity` (the fastest path: bench/inspection_import.py). Otherwise they are copied into a temporary
table dropped at commit and merged with INSERT … ON CONFLICT (credit_code) DO UPDATE.
"""

import asyncpg

from inspection_scheduling.domain.entities import FIELDS

COLUMNS = (*FIELDS, "import_id")
_LOCK = "LOCK TABLE entity IN SHARE ROW EXCLUSIVE MODE"
_PRESENT = "SELECT count(*) FROM entity WHERE credit_code = ANY($1::text[])"
_STAGE = "CREATE TEMPORARY TABLE entity_incoming (LIKE entity INCLUDING DEFAULTS) ON COMMIT DROP"
_MERGE = (f"INSERT INTO entity ({', '.join(COLUMNS)}) SELECT {', '.join(COLUMNS)} FROM entity_incoming"
          " ON CONFLICT (credit_code) DO UPDATE SET "
          + ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS[1:]) + ", updated_at = now()")


async def lock(driver: asyncpg.Connection) -> None:
    await driver.execute(_LOCK)


async def write(driver: asyncpg.Connection, records: list[tuple]) -> tuple[int, int]:
    """(inserted, updated): `records` in `COLUMNS` order, inside the caller's transaction, after `lock`."""
    present = await driver.fetchval(_PRESENT, [r[0] for r in records])
    if present == 0:
        await driver.copy_records_to_table("entity", records=records, columns=COLUMNS)
        return len(records), 0
    await driver.execute(_STAGE)
    await driver.copy_records_to_table("entity_incoming", records=records, columns=COLUMNS)
    await driver.execute(_MERGE)
    return len(records) - present, present
