"""An order's handling clock (H-3, H-7) on the platform's shared clocks (platform_db.clocks), and the watcher's part
for hotline_ingestion: its due-soon and breached signals (a breach may raise 督办, H-10) and recomputation when a
year's holiday notice arrives, noted in the order's history and announced once (DOMAIN §1.2)."""

from datetime import UTC, datetime

from sqlalchemy import Row, select, update

from hotline_ingestion.adapters import tables as t
from hotline_ingestion.application import lifecycle
from hotline_ingestion.application.clocks import schedule
from hotline_ingestion.application.policies import Policies
from hotline_ingestion.domain import lifecycle as lc
from hotline_ingestion.domain.lifecycle import SupervisionTrigger
from hotline_ingestion.domain.sla import SHANGHAI
from platform_db import UnitOfWork
from platform_db.clocks import Schedule
from platform_events.contracts.hotline_ingestion import (
    WorkOrderDeadlineApproaching,
    WorkOrderDeadlineBreached,
    WorkOrderDeadlineChanged,
)

wo = t.work_order.c


class OrderClockRules:
    """platform_db.clock_watch.ClockRules for work orders."""

    def __init__(self, policies: Policies) -> None:
        self.policies = policies

    async def _order(self, uow: UnitOfWork, clock: Row) -> Row:
        return (await uow.session.execute(select(t.work_order).where(wo.id == clock.subject_id))).mappings().one()

    async def approaching(self, uow: UnitOfWork, clock: Row) -> None:
        order = await self._order(uow, clock)
        uow.publish(_signal(WorkOrderDeadlineApproaching, order, clock, []), subject=order["id"])

    async def breached(self, uow: UnitOfWork, clock: Row) -> None:
        """Rule H-10: a breach raises 督办 on the order when `auto_supervise` lists 超期, in the same transaction."""
        order = await self._order(uow, clock)
        uow.publish(_signal(WorkOrderDeadlineBreached, order, clock, ["H-10"]), subject=order["id"])
        if SupervisionTrigger.overdue in self.policies.auto_supervise and order["status"] in lifecycle.CLOCK_RUNS:
            state = lifecycle.load_state(order, self.policies.callback_required)
            note = f"办理时限 {clock.due_at.astimezone(SHANGHAI):%Y-%m-%d %H:%M} 已过，自动督办"
            step = lc.supervise(state, trigger=SupervisionTrigger.overdue, actor="system:deadline-watcher",
                                at=datetime.now(UTC), note=note)
            await lifecycle.record(uow, order, state, step, self.policies)

    async def reschedule(self, uow: UnitOfWork, clock: Row) -> Schedule | None:
        order = await self._order(uow, clock)
        state = lifecycle.load_state(order, self.policies.callback_required)
        return schedule(self.policies.clocks.handling(order["received_at"], order["request_type"], order["urgency"],
                                                      order["region_code"], state.extension_days, state.pauses))

    async def changed(self, uow: UnitOfWork, clock: Row, new: Schedule) -> None:
        """The order's history gets a line, the order its new due instant, subscribers one event."""
        order = await self._order(uow, clock)
        await uow.session.execute(update(t.work_order).where(wo.id == order["id"]).values(
            due_at=new.due_at, due_provisional=new.provisional))
        await uow.session.execute(t.work_order_history.insert().values(
            work_order_id=order["id"], action="时限重算", from_status=order["status"], to_status=order["status"],
            actor="system:deadline-watcher", reason=f"放假安排更新：办理时限 {_local(clock.due_at)} → {_local(new.due_at)}",
            rule_ids=list(new.rule_ids), details={"calendar_version": new.calendar_version,
                                                  "provisional": new.provisional},
            at=datetime.now(SHANGHAI)))
        uow.publish(WorkOrderDeadlineChanged(
            work_order_id=order["id"], order_no=order["order_no"], lead_unit=(order["lifecycle"] or {}).get("lead_unit"),
            due_at=new.due_at, provisional=new.provisional, previous_due_at=clock.due_at,
            calendar_version=new.calendar_version or "", rule_ids=list(new.rule_ids)), subject=order["id"])

    async def sweep(self, uow: UnitOfWork, now: datetime) -> int:
        return 0  # the handling clock is hotline's only timed transition


def _signal(cls: type, order: Row, clock: Row, extra_rules: list[str]):  # noqa: ANN202 - a deadline event
    return cls(work_order_id=order["id"], order_no=order["order_no"],
               lead_unit=(order["lifecycle"] or {}).get("lead_unit"), due_at=clock.due_at,
               provisional=clock.provisional, rule_ids=list(clock.rule_ids) + extra_rules)


def _local(at: datetime) -> str:
    return f"{at.astimezone(SHANGHAI):%Y-%m-%d %H:%M}"
