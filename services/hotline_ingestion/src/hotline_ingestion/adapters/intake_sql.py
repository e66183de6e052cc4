"""Intake's statements in plain SQL on the unit of work's driver: a bulk of 1,000 orders in a handful of round trips.

Each statement takes one array per column (`unnest`), so it is prepared once per connection and costs the same
for 1 order or 1,000 — where SQLAlchemy spent more CPU compiling and binding a bulk than PostgreSQL spent
storing it (bench/README.md).
"""

from collections.abc import Sequence
from datetime import datetime

import asyncpg
import orjson

#: (column, PostgreSQL type) of what intake writes to work_order; jsonb travels as text and is cast in SQL.
ORDER_COLUMNS = (
    ("id", "text"), ("order_no", "text"), ("received_at", "timestamptz"), ("channel", "text"),
    ("request_type", "text"), ("urgency", "text"), ("content", "text"), ("address", "text"),
    ("address_key", "text"), ("region_code", "text"), ("requester", "jsonb"), ("reported_party_name", "text"),
    ("reported_party_credit_code", "text"), ("attachments", "jsonb"), ("status", "text"),
    ("not_accepted_reason", "text"), ("proper_channel", "text"), ("matter_code", "text"), ("due_at", "timestamptz"),
    ("due_provisional", "boolean"), ("created_by", "text"), ("created_at", "timestamptz"), ("updated_at", "timestamptz"),
)
#: (column, type) of the order's handling clock (platform_db.clocks: kind `handling`), written with it when accepted.
CLOCK_COLUMNS = (("clock_rule_ids", "jsonb"), ("warn_at", "timestamptz"), ("due_on", "date"),
                 ("calendar_version", "text"))
#: (column, type) of each order's first history entry (受理, or 不予受理 under H-8), written with it.
ENTRY_COLUMNS = (("entry_action", "text"), ("entry_reason", "text"), ("entry_rule_ids", "jsonb"))


def _array_type(sql_type: str) -> str:
    return "text[]" if sql_type == "jsonb" else f"{sql_type}[]"


def _value(name: str, sql_type: str) -> str:
    return f"i.{name}::jsonb" if sql_type == "jsonb" else f"i.{name}"


_INCOMING = ORDER_COLUMNS + ENTRY_COLUMNS + CLOCK_COLUMNS
INSERT_ORDERS = f"""
WITH incoming AS (
    SELECT * FROM unnest({", ".join(f"${n}::{_array_type(t)}" for n, (_, t) in enumerate(_INCOMING, 1))})
        AS i({", ".join(name for name, _ in _INCOMING)})
), stored AS (
    INSERT INTO work_order ({", ".join(name for name, _ in ORDER_COLUMNS)})
    SELECT {", ".join(_value(name, t) for name, t in ORDER_COLUMNS)} FROM incoming i
    ON CONFLICT (order_no) DO NOTHING
    RETURNING id
), first_entry AS (
    INSERT INTO work_order_history (work_order_id, action, from_status, to_status, actor, reason, rule_ids, at)
    SELECT i.id, i.entry_action, NULL, i.status, i.created_by, i.entry_reason, i.entry_rule_ids::jsonb, i.created_at
    FROM incoming i JOIN stored s ON s.id = i.id
    RETURNING work_order_id, id
), handling_clock AS (
    INSERT INTO clock (subject_type, subject_id, kind, rule_ids, status, due_at, warn_at, due_on, provisional,
                       calendar_version)
    SELECT 'work_order', i.id, 'handling', i.clock_rule_ids::jsonb, 'running', i.due_at, i.warn_at, i.due_on,
           i.due_provisional, i.calendar_version
    FROM incoming i JOIN stored s ON s.id = i.id WHERE i.warn_at IS NOT NULL
)
SELECT work_order_id, id AS history_id FROM first_entry
"""

# Stored orders sharing a party or address key with an arriving one, received within the dedupe window: a
# BitmapOr of the (key, received_at) indexes. Status, region and parent are checked by the caller on the few rows
# found, so nothing here tempts the planner towards an index that matches most orders (status, received_at alone).
CANDIDATES = """
SELECT id, order_no, received_at, region_code, reported_party_name, reported_party_credit_code, address_key,
       content, status, parent_id
FROM work_order
WHERE (reported_party_credit_code = ANY($1::text[]) OR reported_party_name = ANY($2::text[])
       OR address_key = ANY($3::text[]))
  AND received_at BETWEEN $4 AND $5
LIMIT $6
"""

IDS_OF = "SELECT order_no, id FROM work_order WHERE order_no = ANY($1::text[])"


async def insert_orders(db: asyncpg.Connection, rows: Sequence[dict]) -> dict[str, int]:
    """Store the rows not stored yet (by order_no) with their first history entry: {work_order_id: entry id}."""
    columns = [[_json(row[name]) for row in rows] if sql_type == "jsonb" else [row[name] for row in rows]
               for name, sql_type in _INCOMING]
    return {r["work_order_id"]: r["history_id"] for r in await db.fetch(INSERT_ORDERS, *columns)}


def _json(value: object) -> str | None:
    return None if value is None else orjson.dumps(value).decode()


async def candidates(db: asyncpg.Connection, *, credit_codes: set[str], party_names: set[str],
                     address_keys: set[str], received_from: datetime, received_to: datetime,
                     limit: int) -> list[asyncpg.Record]:
    """Rows by key within the window, oldest first."""
    rows = await db.fetch(CANDIDATES, list(credit_codes), list(party_names), list(address_keys), received_from,
                          received_to, limit)
    return sorted(rows, key=lambda r: r["received_at"])


async def ids_of(db: asyncpg.Connection, order_nos: Sequence[str]) -> dict[str, str]:
    return {r["order_no"]: r["id"] for r in await db.fetch(IDS_OF, list(order_nos))} if order_nos else {}
