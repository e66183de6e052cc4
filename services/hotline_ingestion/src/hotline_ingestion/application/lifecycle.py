"""Lifecycle actions on a stored work order: load its state, apply one domain step, store state + history + event."""

from collections.abc import Callable, Mapping
from dataclasses import asdict, replace
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select, update

from hotline_ingestion.adapters import tables as t
from hotline_ingestion.application import access, feedback
from hotline_ingestion.application.clocks import CLOCKS, ref, schedule
from hotline_ingestion.application.policies import Policies
from hotline_ingestion.domain import lifecycle as lc
from hotline_ingestion.domain.dedupe import OPEN_FOR_MERGE
from hotline_ingestion.domain.lifecycle import Action, Evaluation, SupervisionTrigger, WorkOrderState
from hotline_ingestion.domain.routing import suggest_departments
from hotline_ingestion.domain.vocabulary import RequestType, Status
from platform_db import UnitOfWork, UnitOfWorkFactory
from platform_errors import FieldProblem, InvalidInput, NotFound
from platform_events import china_time
from platform_events.contracts.hotline_ingestion import WorkOrderStatusChanged
from platform_identity import Caller

wo = t.work_order.c
#: The handling clock runs until the unit replies (H-7); a returned order still waits for re-dispatch.
CLOCK_RUNS = [s.value for s in (Status.accepted, Status.dispatched, Status.signed, Status.handling, Status.returned)]
Row = Mapping[str, Any]


class ActionCommand(BaseModel):
    action: Action = Field(description="派单/签收/退单/办理/回复/办结/回访/评价/延期申请/延期批准/延期驳回/督办/重办/"
                                       "暂停计时/恢复计时/合并/拆分")
    unit: str | None = Field(None, description="acting unit (签收/退单/办理/回复/延期申请): one of the caller's own "
                                               "agencies (H-9); default the order's lead unit when the caller acts "
                                               "for it")
    lead_unit: str | None = Field(None, description="主办单位 (派单)")
    co_units: list[str] = Field(default_factory=list, description="协办单位 (派单)")
    designated: bool = Field(False, description="指定办理：不得退单 (H-9)")
    reason: str = Field("", max_length=2000, description="理由 / 回复内容 / 回访结果 / 评价说明; 派单 against the "
                                                         "top routing suggestion needs one")
    days: int | None = Field(None, ge=1, le=60, description="延期工作日数")
    evaluation: Evaluation | None = None
    trigger: SupervisionTrigger | None = None
    parent_id: str | None = Field(None, max_length=36, description="合并: the work order this one repeats")


def _need(value, field: str):  # noqa: ANN001, ANN202 - any required command field
    if value is None:
        raise InvalidInput((f"此操作须填写 {field}", f"{field} is required for this action"),
                           errors=[FieldProblem(field, "required")])
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
    Action.pause: lambda s, c, who, at: lc.pause(s, actor=who, reason=c.reason, at=at),
    Action.resume: lambda s, c, who, at: lc.resume(s, actor=who, at=at, reason=c.reason),
    Action.split: lambda s, c, who, at: lc.split(s, actor=who, at=at, reason=c.reason),
}


async def act(uows: UnitOfWorkFactory, work_order_id: str, command: ActionCommand, caller: Caller,
              policies: Policies) -> None:
    """One lifecycle step in one transaction: state, append-only history, feedback and the event together. The
    order is one the caller sees (else 404); a unit's act is done by one of the caller's own agencies (H-9)."""
    async with uows() as uow:
        row = await _locked(uow, work_order_id, caller)
        state = load_state(row, policies.callback_required)
        if command.action in access.UNIT_ACTIONS:  # rule H-9: never a unit the body names for the caller
            command = command.model_copy(update={"unit": access.acting_unit(caller, command.unit, state.lead_unit)})
        now = datetime.now(UTC)
        step, details, changes = await _apply(uow, row, state, command, caller, policies, now)
        new = await record(uow, row, state, step, policies, details=details | {"caller": access.signature(caller)},
                           changes=changes)
        if new.evaluation == Evaluation.dissatisfied and SupervisionTrigger.dissatisfied in policies.auto_supervise:
            supervised = lc.supervise(new, trigger=SupervisionTrigger.dissatisfied, actor="system", at=now,
                                      note="评价不满意，自动督办")  # rule H-10
            await record(uow, row, new, supervised, policies)
        await uow.commit()


async def _apply(uow: UnitOfWork, row: Row, state: WorkOrderState, command: ActionCommand, caller: Caller,
                 policies: Policies, now: datetime) -> tuple[lc.Step, dict, dict]:
    """The domain step, what its history line records besides, and what else changes on the order's row."""
    if command.action == Action.merge:
        return await _merge(uow, row, state, command, caller, now)
    step = STEPS[command.action](state, command, caller.actor, now)
    if command.action == Action.dispatch:
        return step, await _routing_decision(uow, row, step[0].lead_unit, command.reason, policies), {}
    if command.action == Action.evaluate:  # kept on the history line: analytics reads each rating there
        return step, {"evaluation": command.evaluation.value}, {}
    if command.action == Action.split:
        return step, {}, {"parent_id": None, "merged_at": None}
    return step, {}, {}


async def _merge(uow: UnitOfWork, row: Row, state: WorkOrderState, command: ActionCommand, caller: Caller,
                 now: datetime) -> tuple[lc.Step, dict, dict]:
    parent = await _parent(uow, row, _need(command.parent_id, "parent_id"), caller)
    step = lc.merge(state, parent_order_no=parent["order_no"], actor=caller.actor, at=now, reason=command.reason)
    await _adopt_children(uow, row["id"], parent["id"])
    details = {"parent_id": parent["id"], "parent_order_no": parent["order_no"], "by": "dispatcher"}
    return step, details, {"parent_id": parent["id"], "merged_at": now}


async def record(uow: UnitOfWork, row: Row, old: WorkOrderState, step: lc.Step, policies: Policies, *,
                 details: dict | None = None, changes: dict | None = None) -> WorkOrderState:
    """Store one step: the order's state and clock, its history line, feedback to every requester, the event."""
    new, entry = step
    values = {"status": new.status.value, "lifecycle": _stored(new), "updated_at": entry.at, **(changes or {}),
              **await _move_clock(uow, row, old, new, policies, entry.at)}
    await uow.session.execute(update(t.work_order).where(wo.id == row["id"]).values(**values))
    await uow.session.execute(t.work_order_history.insert().values(
        work_order_id=row["id"], action=entry.action.value, from_status=entry.from_status.value,
        to_status=entry.to_status.value, actor=entry.actor, reason=entry.reason, rule_ids=list(entry.rule_ids),
        details=details or {}, at=entry.at))
    parent_id = (changes or {}).get("parent_id")
    due_at, provisional = values.get("due_at", row["due_at"]), values.get("due_provisional", row["due_provisional"])
    payload = {"order_no": row["order_no"], "action": entry.action.value, "status": entry.to_status.value,
               "reason": entry.reason, "at": china_time(entry.at), "lead_unit": new.lead_unit,
               "due_at": china_time(due_at) if due_at else None, "due_provisional": provisional}
    await feedback.stage(uow, row["id"], payload)
    await _feed_repeats(uow, row, payload)
    uow.publish(WorkOrderStatusChanged(
        work_order_id=row["id"], order_no=row["order_no"], action=entry.action.value,
        from_status=entry.from_status.value, to_status=entry.to_status.value, lead_unit=new.lead_unit,
        co_units=list(new.co_units), parent_work_order_id=parent_id, at=entry.at, rule_ids=list(entry.rule_ids)),
        subject=row["id"])
    return new


def load_state(row: Row, callback_required: bool) -> WorkOrderState:
    saved = dict(row["lifecycle"] or {})
    saved["co_units"] = tuple(saved.get("co_units", ()))
    if saved.get("evaluation"):
        saved["evaluation"] = Evaluation(saved["evaluation"])
    if saved.get("paused_since"):
        saved["paused_since"] = datetime.fromisoformat(saved["paused_since"])
    saved["pauses"] = tuple((datetime.fromisoformat(s), datetime.fromisoformat(e)) for s, e in saved.get("pauses", ()))
    return replace(WorkOrderState(**saved), status=Status(row["status"]), callback_required=callback_required)


def _stored(state: WorkOrderState) -> dict:
    data = asdict(state)
    data.pop("status"), data.pop("callback_required")
    data["co_units"] = list(state.co_units)
    data["evaluation"] = state.evaluation.value if state.evaluation else None
    data["paused_since"] = state.paused_since.isoformat() if state.paused_since else None
    data["pauses"] = [[s.isoformat(), e.isoformat()] for s, e in state.pauses]
    return data


async def _move_clock(uow: UnitOfWork, row: Row, old: WorkOrderState, new: WorkOrderState, policies: Policies,
                      at: datetime) -> dict:
    """The handling clock is derived, never edited: extensions (H-7) and stored pauses (§11.1) re-derive it; the
    reply ends it (met, or breached if late); a repeat runs on its parent's clock (stopped)."""
    if new.status == Status.merged:
        await CLOCKS.stop(uow, ref(row["id"]), note="merged")
        return {"due_at": None, "due_provisional": False}
    if old.status.value in CLOCK_RUNS and new.status.value not in CLOCK_RUNS:
        await CLOCKS.finish(uow, ref(row["id"]), at)
        return {}
    if new.paused_since and not old.paused_since:  # the clock stops: no signal while paused
        await CLOCKS.pause(uow, ref(row["id"]), new.paused_since)
        return {"due_at": None}
    restarted = old.status.value not in CLOCK_RUNS and new.status.value in CLOCK_RUNS  # 重办, unmerge
    if not restarted and (new.extension_days, new.pauses) == (old.extension_days, old.pauses):
        return {}
    clock = policies.clocks.handling(row["received_at"], row["request_type"], row["urgency"], row["region_code"],
                                     new.extension_days, paused=new.pauses)
    await CLOCKS.start(uow, ref(row["id"]), schedule(clock), note="re-derived (extension, pause, 重办 or unmerge)")
    return {"due_at": clock.expires_at, "due_provisional": clock.provisional}


async def _locked(uow: UnitOfWork, work_order_id: str, caller: Caller) -> Row:
    """The order, locked for this step; another agency's order does not exist for the caller (404, never 403)."""
    await CLOCKS.lock(uow, ref(work_order_id))  # its clock first, as the deadline watcher locks them
    row = (await uow.session.execute(select(t.work_order).where(wo.id == work_order_id).with_for_update())
           ).mappings().first()
    if row is None or not access.sees(caller, row):
        raise NotFound((f"工单 {work_order_id} 不存在", f"work order {work_order_id} does not exist"))
    return row


async def _parent(uow: UnitOfWork, row: Row, parent_id: str, caller: Caller) -> Row:
    """The order a repeat joins: another open order the caller sees that is not itself a repeat."""
    parent = (await uow.session.execute(select(t.work_order).where(wo.id == parent_id).with_for_update())
              ).mappings().first()
    problem: tuple[str, str] | None = None  # (Chinese, English); the field message keeps the English
    if parent is None or not access.sees(caller, parent):
        problem = ("工单不存在", "no such work order")
    elif parent["id"] == row["id"]:
        problem = ("工单不能并入其自身", "an order cannot be merged into itself")
    elif parent["parent_id"] is not None:
        problem = (f"目标工单本身已并入 {parent['parent_id']}，请直接并入 {parent['parent_id']}",
                   f"that order is itself merged into {parent['parent_id']}; merge into that one")
    elif Status(parent["status"]) not in OPEN_FOR_MERGE:
        problem = (f"目标工单当前状态为 {parent['status']}，只有仍在办理中的工单才能并入重复件",
                   f"that order is {parent['status']}; only an order still being handled takes repeats")
    if problem:
        zh, en = problem
        raise InvalidInput((f"无法并入 {parent_id}：{zh}", f"cannot merge into {parent_id}: {en}"),
                           errors=[FieldProblem("parent_id", en)])
    return parent


async def _adopt_children(uow: UnitOfWork, old_parent: str, new_parent: str) -> None:
    """Repeats of an order merged elsewhere follow it: one level of parents, never a chain."""
    await uow.session.execute(update(t.work_order).where(wo.parent_id == old_parent).values(parent_id=new_parent))


async def _feed_repeats(uow: UnitOfWork, row: Row, payload: dict) -> None:
    """Every requester of a merged repeat hears what happens to the parent, under the hotline's own number."""
    repeats = (await uow.session.execute(select(wo.id, wo.order_no).where(
        wo.parent_id == row["id"], wo.status == Status.merged.value))).all()
    for repeat in repeats:
        await feedback.stage(uow, repeat.id, payload | {"order_no": repeat.order_no, "merged_into": row["order_no"]})


async def _routing_decision(uow: UnitOfWork, row: Row, lead_unit: str | None, reason: str,
                            policies: Policies) -> dict:
    """The dispatcher confirms the top suggestion or overrides it with a recorded reason (H-9)."""
    matters, departments = await policies.catalog.read(uow.driver, fresh=True)  # a dispatch decision: no delay
    ranked = suggest_departments(row["content"], RequestType(row["request_type"]), row["region_code"], departments,
                                 matters, policies.routing_rules, top_n=policies.routing_top_n)
    suggested = [{"department_code": s.department_code, "score": s.score, "matched_rule": s.matched_rule}
                 for s in ranked[:3]]
    if not ranked:
        decision = "manual"  # nothing in the catalog or rule table matched: the dispatcher's own call
    elif ranked[0].department_code == lead_unit:
        decision = "confirmed"
    else:
        decision = "overridden"
        if not reason.strip():
            top = ranked[0].department_code
            raise InvalidInput((f"首选派单建议为 {top}，改派至 {lead_unit} 须说明理由",
                                f"the top routing suggestion is {top}; dispatching to {lead_unit} instead needs a "
                                "reason"), rule="H-9", suggested=suggested,
                               errors=[FieldProblem("reason", f"required when overriding the suggestion {top}")])
    return {"routing": {"decision": decision, "chosen": lead_unit, "suggested": suggested}}
