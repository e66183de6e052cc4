"""Read side: work orders as the caller may see them — only orders in its data scope, the requester's name and
phone only for a caller cleared for confidential data, and every such read audited (rules K-7, H-4)."""

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import Select, and_, exists, select
from sqlalchemy.ext.asyncio import AsyncEngine

from hotline_ingestion.adapters import intake_sql
from hotline_ingestion.adapters import tables as t
from hotline_ingestion.application import access
from hotline_ingestion.application.intake import Received
from hotline_ingestion.domain.confidentiality import identifies, redact_numbers, requester_for
from platform_db import clocks as shared
from platform_db import page
from platform_db.audit import record_read
from platform_db.clocks import ClockState, shown, shown_columns, state_sql
from platform_errors import Conflict
from platform_identity import Caller


async def work_order(engine: AsyncEngine, work_order_id: str, caller: Caller, *, scoped: bool = True) -> dict | None:
    """One order with its history and repeats; None when it does not exist or the caller may not see it.
    `scoped=False` only right after the caller's own act on it (a unit that returned an order sees it no more)."""
    async with engine.connect() as conn:
        row = (await conn.execute(_with_clock(t.work_order.c.id == work_order_id))).mappings().first()
        if row is None or (scoped and not access.sees(caller, row)):
            return None
        hist = t.work_order_history.c
        history = (await conn.execute(select(t.work_order_history).where(hist.work_order_id == work_order_id)
                                      .order_by(hist.id))).mappings().all()
        c = t.work_order.c
        repeats = (await conn.execute(select(c.id, c.order_no, c.received_at, c.merged_at, c.requester)
                                      .where(c.parent_id == work_order_id).order_by(c.received_at))).mappings().all()
    await _audit_disclosure(engine, caller, [row, *repeats])
    return present(dict(row), [dict(h) for h in history], [dict(r) for r in repeats], caller)


async def received(engine: AsyncEngine, intake: Received, caller: Caller) -> dict:
    """The answer to an intake: the order as written (no read), or the stored one for a repeat."""
    if intake.written is not None:
        return just_received(intake.written, caller)
    found = await work_order(engine, intake.work_order_id, caller)
    if found is None:  # the same order_no was stored for a region this caller does not cover
        raise Conflict(("该工单编号（order_no）已被调用方数据范围以外的工单使用",
                        "this order_no is already used by an order outside the caller's data scope"))
    return found


def just_received(written: dict, caller: Caller) -> dict:
    """What `work_order` would read back for an order intake has just written: answered without reading it.
    The requester is what the caller itself just sent: echoing it is no confidential read."""
    row = _UNSET_AT_INTAKE | {name: written[name] for name in _WRITTEN_AT_INTAKE}
    entry = {"id": written["history_id"], "work_order_id": written["id"], "action": written["entry_action"],
             "from_status": None, "to_status": written["status"], "actor": written["created_by"],
             "reason": written["entry_reason"], "rule_ids": written["entry_rule_ids"], "details": {},
             "at": written["created_at"]}
    return present(row, [entry], [], caller)


def _with_clock(*where: object) -> Select:
    k, c = t.clock.c, t.work_order.c
    on = and_(k.subject_type == "work_order", k.subject_id == c.id, k.kind == "handling")
    return select(t.work_order, *shown_columns(t.clock)).select_from(t.work_order.outerjoin(t.clock, on)).where(*where)


def _clock_of(row: dict, now: datetime) -> dict | None:
    """The handling clock as every API shows clocks; one just written at intake is running (or approaching)."""
    if "clock_status" in row:
        return shown(row, now)
    if row.get("warn_at") is None:
        return None
    return {"kind": "handling", "state": shared.clock_state(shared.RUNNING, None, row["due_at"], row["warn_at"], now),
            "due_on": row["due_on"], "due_at": row["due_at"], "provisional": row["due_provisional"],
            "calendar_version": row["calendar_version"], "rule_ids": row["clock_rule_ids"], "paused_since": None,
            "extensions": [], "history": []}


def present(row: dict, history: list[dict], repeats: list[dict], caller: Caller) -> dict:
    now = datetime.now(UTC)
    clock = _clock_of(row, now)
    row = {name: value for name, value in row.items() if not name.startswith("clock_") and name not in _CLOCK_ONLY}
    if not caller.cleared:  # a reason or reply note may carry a number too (K-7, H-4)
        history = [_history_shown(h) for h in history]
    return _shown(row, caller) | {"history": history, "clock": clock, "clock_state": clock and clock["state"],
                                  # repeat requests merged into this one: each requester is a party to it (dedupe)
                                  "repeats": [_shown(r, caller) for r in repeats]}


def _shown(row: dict, caller: Caller) -> dict:
    """Name and phone of the requester for a cleared caller only; for others, numbers typed into the content are
    masked too (a requester often gives a call-back number there)."""
    shown = row | {"requester": requester_for(row["requester"], cleared=caller.cleared)}
    if not caller.cleared:
        for name in ("content", "address", "address_key"):
            if name in row:
                shown[name] = redact_numbers(row[name])
    return shown


def _history_shown(entry: dict) -> dict:
    """A history entry for an uncleared caller: personal numbers in its reason and text details masked."""
    details = entry.get("details")
    return entry | {"reason": redact_numbers(entry.get("reason")),
                    "details": {k: redact_numbers(v) if isinstance(v, str) else v for k, v in details.items()}
                    if isinstance(details, dict) else details}


async def _audit_disclosure(engine: AsyncEngine, caller: Caller, rows: Sequence) -> None:
    """A cleared caller shown who called: one `confidential_read` audit row naming the orders (K-7, H-4)."""
    shown = [r["id"] for r in rows if identifies(r["requester"])] if caller.cleared else []
    if shown:
        await record_read(engine, t.audit_log, resource="work_order/" + ",".join(shown))


# Every column in table order, as a fresh order holds it: what intake leaves to defaults, then what it writes.
_UNSET_AT_INTAKE = {str(c.name): None for c in t.work_order.columns} | {"lifecycle": {}}  # plain str keys
_CLOCK_ONLY = {name for name, _ in intake_sql.CLOCK_COLUMNS}  # shown inside `clock`, not beside the order's fields
_WRITTEN_AT_INTAKE = [name for name, _ in intake_sql.ORDER_COLUMNS + intake_sql.CLOCK_COLUMNS]


async def work_orders(engine: AsyncEngine, caller: Caller, *, status: str | None, request_type: str | None,
                      region_code: str | None, received_from: datetime | None, received_to: datetime | None,
                      limit: int, cursor: str | None, clock_state: ClockState | None = None,
                      provisional: bool | None = None, order_no: str | None = None) -> tuple[list[dict], str | None]:
    """The orders the caller may see, filtered in SQL, in order_no order from the cursor; by the hotline's own
    number (exact), the state of their handling clock, or whether its due date is provisional (§1.2)."""
    c, k = t.work_order.c, t.clock.c
    stmt = select(t.work_order).where(*access.visible(caller))
    mine = (k.subject_type == "work_order") & (k.subject_id == c.id)
    if clock_state is not None:
        stmt = stmt.where(exists(select(k.id).where(mine, state_sql(t.clock, datetime.now(UTC)) == clock_state)))
    if provisional is not None:
        stmt = stmt.where(c.due_provisional.is_(provisional))
    for col, value in ((c.order_no, order_no), (c.status, status), (c.request_type, request_type)):
        if value is not None:
            stmt = stmt.where(col == value)
    if region_code is not None:  # the region and every township and village inside it
        stmt = stmt.where(c.region_code.startswith(region_code))
    if received_from is not None:
        stmt = stmt.where(c.received_at >= received_from)
    if received_to is not None:
        stmt = stmt.where(c.received_at < received_to)
    found = await page(engine, stmt, c.order_no, limit=limit, cursor=cursor)
    await _audit_disclosure(engine, caller, found.items)
    return [_shown(r, caller) for r in found.items], found.next_cursor
