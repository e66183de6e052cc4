"""Lifecycle actions on a stored work order: load its state, apply one domain step, store state + history + event."""

from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import UTC, datetime

from pydantic import BaseModel, Field
from sqlalchemy import select, update

from hotline_ingestion.adapters import tables as t
from hotline_ingestion.application import feedback
from hotline_ingestion.application.clocks import Clocks, stored
from hotline_ingestion.domain import lifecycle as lc
from hotline_ingestion.domain.errors import InvalidInput, NotFound
from hotline_ingestion.domain.lifecycle import Action, Evaluation, SupervisionTrigger, WorkOrderState
from hotline_ingestion.domain.vocabulary import Status
from platform_db import UnitOfWorkFactory
from platform_errors import FieldProblem
from platform_events.contracts.hotline_ingestion import WorkOrderStatusChanged


class ActionCommand(BaseModel):
    action: Action = Field(description="派单/签收/退单/办理/回复/办结/回访/评价/延期申请/延期批准/延期驳回/督办/重办")
    unit: str | None = Field(None, description="acting unit (签收/退单/办理/回复/延期申请)")
    lead_unit: str | None = Field(None, description="主办单位 (派单)")
    co_units: list[str] = Field(default_factory=list, description="协办单位 (派单)")
    designated: bool = Field(False, description="指定办理：不得退单 (H-9)")
    reason: str = Field("", max_length=2000, description="理由 / 回复内容 / 回访结果 / 评价说明")
    days: int | None = Field(None, ge=1, le=60, description="延期工作日数")
    evaluation: Evaluation | None = None
    trigger: SupervisionTrigger | None = None


def _need(value, field: str):  # noqa: ANN001, ANN202 - any required command field
    if value is None:
        raise InvalidInput(f"{field} is required for this action", errors=[FieldProblem(field, "required")])
    return value


Step = Callable[[WorkOrderState, ActionCommand, str, datetime], lc.Step]
STEPS: dict[Action, Step] = {
    Action.dispatch: lambda s, c, who, at: lc.dispatch(s, lead_unit=_need(c.lead_unit, "lead_unit"),
                                                       co_units=tuple(c.co_units), designated=c.designated,
                                                       actor=who, at=at, reason=c.reason),
    Action.refuse: lambda s, c, who, at: lc.refuse(s, actor=who, reason=c.reason, at=at),
    Action.sign: lambda s, c, who, at: lc.sign(s, unit=_need(c.unit, "unit"), at=at),
    Action.return_order: lambda s, c, who, at: lc.return_order(s, unit=_need(c.unit, "unit"), reason=c.reason, at=at),
    Action.handle: lambda s, c, who, at: lc.start_handling(s, unit=_need(c.unit, "unit"), at=at),
    Action.reply: lambda s, c, who, at: lc.reply(s, unit=_need(c.unit, "unit"), text=c.reason, at=at),
    Action.close: lambda s, c, who, at: lc.close(s, actor=who, at=at),
    Action.call_back: lambda s, c, who, at: lc.call_back(s, actor=who, result=c.reason, at=at),
    Action.evaluate: lambda s, c, who, at: lc.evaluate(s, evaluation=_need(c.evaluation, "evaluation"), actor=who,
                                                       at=at, remark=c.reason),
    Action.request_extension: lambda s, c, who, at: lc.request_extension(
        s, unit=_need(c.unit, "unit"), days=_need(c.days, "days"), reason=c.reason, at=at),
    Action.approve_extension: lambda s, c, who, at: lc.decide_extension(s, approve=True, actor=who, at=at,
                                                                        reason=c.reason),
    Action.reject_extension: lambda s, c, who, at: lc.decide_extension(s, approve=False, actor=who, at=at,
                                                                       reason=c.reason),
    Action.supervise: lambda s, c, who, at: lc.supervise(s, trigger=_need(c.trigger, "trigger"), actor=who, at=at,
                                                         note=c.reason),
    Action.rehandle: lambda s, c, who, at: lc.rehandle(s, actor=who, reason=c.reason, at=at),
}


async def act(uows: UnitOfWorkFactory, work_order_id: str, command: ActionCommand, actor: str,
              callback_required: bool, clocks: Clocks) -> None:
    """One lifecycle step in one transaction: state, append-only history and the event together."""
    async with uows() as uow:
        stmt = select(t.work_order).where(t.work_order.c.id == work_order_id).with_for_update()
        row = (await uow.session.execute(stmt)).mappings().first()
        if row is None:
            raise NotFound(f"work order {work_order_id} does not exist")
        state = _state(row, callback_required)
        new, entry = STEPS[command.action](state, command, actor, datetime.now(UTC))
        changes = {"status": new.status.value, "lifecycle": _stored(new), "updated_at": entry.at}
        if new.extension_days != state.extension_days:  # an approved extension moves the clock (H-7)
            clock = clocks.handling(row["received_at"], row["request_type"], row["urgency"], new.extension_days)
            changes |= {"due_at": clock.expires_at, "clock": stored(clock), "warned_at": None, "breached_at": None}
        await uow.session.execute(update(t.work_order).where(t.work_order.c.id == work_order_id).values(**changes))
        await uow.session.execute(t.work_order_history.insert().values(
            work_order_id=work_order_id, action=entry.action.value, from_status=entry.from_status.value,
            to_status=entry.to_status.value, actor=entry.actor, reason=entry.reason, rule_ids=list(entry.rule_ids),
            at=entry.at))
        await feedback.stage(uow, work_order_id, {
            "order_no": row["order_no"], "action": entry.action.value, "status": entry.to_status.value,
            "reason": entry.reason, "at": entry.at.isoformat(), "lead_unit": new.lead_unit})
        uow.publish(WorkOrderStatusChanged(
            work_order_id=work_order_id, order_no=row["order_no"], action=entry.action.value,
            from_status=entry.from_status.value, to_status=entry.to_status.value, lead_unit=new.lead_unit,
            co_units=list(new.co_units), at=entry.at, rule_ids=list(entry.rule_ids)), subject=work_order_id)
        await uow.commit()


def _state(row, callback_required: bool) -> WorkOrderState:  # noqa: ANN001 - a row mapping
    saved = dict(row["lifecycle"] or {})
    saved["co_units"] = tuple(saved.get("co_units", ()))
    if saved.get("evaluation"):
        saved["evaluation"] = Evaluation(saved["evaluation"])
    return replace(WorkOrderState(**saved), status=Status(row["status"]), callback_required=callback_required)


def _stored(state: WorkOrderState) -> dict:
    data = asdict(state)
    data.pop("status"), data.pop("callback_required")
    data["co_units"] = list(state.co_units)
    data["evaluation"] = state.evaluation.value if state.evaluation else None
    return data
