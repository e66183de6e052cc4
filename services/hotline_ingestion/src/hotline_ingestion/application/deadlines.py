"""Deadline watcher: due-soon and breached signals, each sent exactly once per clock (§11.1, H-10)."""

import asyncio
from datetime import UTC, datetime

from sqlalchemy import cast, update
from sqlalchemy.dialects.postgresql import TIMESTAMP

from hotline_ingestion.adapters import tables as t
from hotline_ingestion.application import lifecycle
from hotline_ingestion.application.policies import Policies
from hotline_ingestion.domain import lifecycle as lc
from hotline_ingestion.domain.lifecycle import SupervisionTrigger
from hotline_ingestion.domain.sla import SHANGHAI
from hotline_ingestion.domain.vocabulary import Status
from platform_db import UnitOfWork, UnitOfWorkFactory
from platform_events.contracts.hotline_ingestion import (
    WorkOrderDeadlineApproaching,
    WorkOrderDeadlineBreached,
)
from platform_logging import get_logger
from platform_runtime import every

log = get_logger(__name__)

#: The handling clock runs until the unit replies (H-7); a returned order still waits for re-dispatch.
CLOCK_RUNS = [s.value for s in (Status.accepted, Status.dispatched, Status.signed, Status.handling, Status.returned)]


async def signal_deadlines(uows: UnitOfWorkFactory, now: datetime, policies: Policies) -> tuple[int, int]:
    """One scan in one transaction; the `IS NULL` guards make a concurrent second watcher a no-op.

    A breach also raises 督办 on the order when `auto_supervise` lists 超期 (rule H-10), in the same transaction.
    """
    wo = t.work_order.c
    async with uows() as uow:
        breached = await _mark(uow, wo.breached_at, wo.due_at < now, now)
        warn_at = cast(wo.clock["warn_at"].astext, TIMESTAMP(timezone=True))
        approaching = await _mark(uow, wo.warned_at, (warn_at <= now) & wo.breached_at.is_(None), now)
        for row in breached:
            uow.publish(_signal(WorkOrderDeadlineBreached, row, ["H-10"]), subject=row.id)
            if SupervisionTrigger.overdue in policies.auto_supervise:
                await _supervise(uow, row._mapping, now, policies)
        for row in approaching:
            uow.publish(_signal(WorkOrderDeadlineApproaching, row, []), subject=row.id)
        await uow.commit()
    return len(approaching), len(breached)


async def _supervise(uow: UnitOfWork, row, now: datetime, policies: Policies) -> None:  # noqa: ANN001 - a row
    state = lifecycle.load_state(row, policies.callback_required)
    note = f"办理时限 {row['due_at'].astimezone(SHANGHAI):%Y-%m-%d %H:%M} 已过，自动督办"
    step = lc.supervise(state, trigger=SupervisionTrigger.overdue, actor="system:deadline-watcher", at=now, note=note)
    await lifecycle.record(uow, row, state, step, policies)


async def _mark(uow: UnitOfWork, column, condition, now: datetime) -> list:  # noqa: ANN001 - SQL expressions
    wo = t.work_order.c
    stmt = (update(t.work_order)
            .where(wo.status.in_(CLOCK_RUNS), wo.due_at.is_not(None), column.is_(None), condition)
            .values({column.name: now})
            .returning(*t.work_order.c))
    return (await uow.session.execute(stmt)).all()


def _signal(cls, row, extra_rules: list[str]):  # noqa: ANN001, ANN202 - a deadline event class and a row
    rules = list(row.clock.get("rule_ids", [])) + extra_rules
    return cls(work_order_id=row.id, order_no=row.order_no, lead_unit=(row.lifecycle or {}).get("lead_unit"),
               due_at=row.due_at, rule_ids=rules)


def deadline_watcher(interval_s: float):  # noqa: ANN201 - a runtime extra worker
    async def watch(runtime, stop: asyncio.Event) -> None:  # noqa: ANN001 - the service runtime
        policies = Policies.from_settings(runtime.settings)

        async def round_() -> None:
            approaching, breached = await signal_deadlines(runtime.uow, datetime.now(UTC), policies)
            if approaching or breached:
                log.info("deadlines_signalled", approaching=approaching, breached=breached)

        await every(interval_s, stop, round_, name="deadline_scan")

    return watch
