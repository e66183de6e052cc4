"""Read side: work orders as integrators see them — the requester's phone masked (rules K-7, H-4)."""

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from hotline_ingestion.adapters import intake_sql
from hotline_ingestion.adapters import tables as t
from hotline_ingestion.application.clocks import state_now
from hotline_ingestion.domain.confidentiality import masked_requester
from platform_db import page


async def work_order(engine: AsyncEngine, work_order_id: str) -> dict | None:
    async with engine.connect() as conn:
        row = (await conn.execute(select(t.work_order).where(t.work_order.c.id == work_order_id))).mappings().first()
        if row is None:
            return None
        hist = t.work_order_history.c
        history = (await conn.execute(select(t.work_order_history).where(hist.work_order_id == work_order_id)
                                      .order_by(hist.id))).mappings().all()
        c = t.work_order.c
        repeats = (await conn.execute(select(c.id, c.order_no, c.received_at, c.merged_at, c.requester)
                                      .where(c.parent_id == work_order_id).order_by(c.received_at))).mappings().all()
    return present(dict(row), [dict(h) for h in history], [dict(r) for r in repeats])


def just_received(written: dict) -> dict:
    """What `work_order` would read back for an order intake has just written: answered without reading it."""
    row = _UNSET_AT_INTAKE | {name: written[name] for name in _WRITTEN_AT_INTAKE}
    entry = {"id": written["history_id"], "work_order_id": written["id"], "action": written["entry_action"],
             "from_status": None, "to_status": written["status"], "actor": written["created_by"],
             "reason": written["entry_reason"], "rule_ids": written["entry_rule_ids"], "details": {},
             "at": written["created_at"]}
    return present(row, [entry], [])


def present(row: dict, history: list[dict], repeats: list[dict]) -> dict:
    now = datetime.now(UTC)
    return row | {"requester": masked_requester(row["requester"]), "history": history,
                  "clock_state": state_now(row["clock"], now),
                  # repeat requests merged into this one: each requester is a party to it (dedupe)
                  "repeats": [r | {"requester": masked_requester(r["requester"])} for r in repeats]}


# Every column in table order, as a fresh order holds it: what intake leaves to defaults, then what it writes.
_UNSET_AT_INTAKE = {str(c.name): None for c in t.work_order.columns} | {"lifecycle": {}}  # plain str keys
_WRITTEN_AT_INTAKE = [name for name, _ in intake_sql.ORDER_COLUMNS]


async def work_orders(engine: AsyncEngine, *, status: str | None, request_type: str | None, region_code: str | None,
                      received_from: datetime | None, received_to: datetime | None, limit: int,
                      cursor: str | None) -> tuple[list[dict], str | None]:
    c = t.work_order.c
    stmt = select(t.work_order)
    for col, value in ((c.status, status), (c.request_type, request_type), (c.region_code, region_code)):
        if value is not None:
            stmt = stmt.where(col == value)
    if received_from is not None:
        stmt = stmt.where(c.received_at >= received_from)
    if received_to is not None:
        stmt = stmt.where(c.received_at < received_to)
    found = await page(engine, stmt, c.order_no, limit=limit, cursor=cursor)
    return [r | {"requester": masked_requester(r["requester"])} for r in found.items], found.next_cursor
