"""The 12345 work-order loop as one explicit transition table, so every refusal can name what is allowed (H-2)."""

from dataclasses import dataclass, field, replace
from datetime import datetime

from hotline_ingestion.domain.vocabulary import Status
from platform_errors import FieldProblem, InvalidInput, InvalidTransition, NotPermitted, RuleViolation
from platform_events import CodedEnum


class WrongUnit(NotPermitted):
    """Only the lead unit (主办) the order is dispatched to signs, returns, handles and replies (H-9)."""

    slug = "wrong-unit"
    title = "非本工单的主办单位"
    title_en = "Not the lead unit of this order"


class Action(CodedEnum):
    dispatch = "派单"
    refuse = "不予受理"
    sign = "签收"
    return_order = "退单"
    handle = "办理"
    reply = "回复"
    close = "办结"
    call_back = "回访"
    evaluate = "评价"
    request_extension = "延期申请"
    approve_extension = "延期批准"
    reject_extension = "延期驳回"
    supervise = "督办"
    rehandle = "重办"
    pause = "暂停计时"
    resume = "恢复计时"
    merge = "合并"
    split = "拆分"


class Evaluation(CodedEnum):
    satisfied = "满意"
    basically_satisfied = "基本满意"
    dissatisfied = "不满意"


class SupervisionTrigger(CodedEnum):  # rule H-10: 督办 follows delay, refusal, non-resolution, poor handling
    overdue = "超期"
    refusal = "拒办"
    unresolved = "未解决"
    dissatisfied = "不满意"


S, A = Status, Action
_EXTENSION = (A.request_extension, A.approve_extension, A.reject_extension)
_CLOCK = (A.pause, A.resume)  # the handling clock stops and restarts; the status stays (§11.1 stored pauses)


def _stay(status: Status, *actions: Action) -> dict[Action, Status]:
    """Side actions (延期, 督办) are recorded in history but keep the main status (H-10)."""
    return {action: status for action in actions}


ALLOWED: dict[Status, dict[Action, Status]] = {
    S.accepted: {A.dispatch: S.dispatched, A.refuse: S.not_accepted, A.merge: S.merged,
                 **_stay(S.accepted, A.supervise)},
    S.dispatched: {A.sign: S.signed, A.return_order: S.returned, **_stay(S.dispatched, *_CLOCK, A.supervise)},
    S.signed: {A.handle: S.handling, A.return_order: S.returned,
               **_stay(S.signed, *_EXTENSION, *_CLOCK, A.supervise)},
    S.handling: {A.reply: S.replied, **_stay(S.handling, *_EXTENSION, *_CLOCK, A.supervise)},
    S.replied: {A.close: S.closed, **_stay(S.replied, A.supervise)},
    S.closed: {A.call_back: S.called_back, A.evaluate: S.evaluated, **_stay(S.closed, A.supervise)},
    S.called_back: {A.evaluate: S.evaluated, **_stay(S.called_back, A.supervise)},
    S.evaluated: {A.rehandle: S.handling, **_stay(S.evaluated, A.supervise)},
    S.returned: {A.dispatch: S.dispatched, A.merge: S.merged, **_stay(S.returned, A.supervise)},  # centre (H-9)
    S.not_accepted: {},  # terminal (H-8)
    S.merged: {A.split: S.accepted},  # a repeat follows its parent; split it off if the link was wrong
}


@dataclass(frozen=True)
class WorkOrderState:
    status: Status = Status.accepted
    callback_required: bool = True  # config hotline.callback_required, rule H-10
    lead_unit: str | None = None  # 主办
    co_units: tuple[str, ...] = ()  # 协办
    returns_by_unit: dict[str, int] = field(default_factory=dict)
    designated: bool = False  # 指定: the lead unit may not return the order (H-9)
    pending_extension_days: int = 0
    extension_days: int = 0  # approved; added to the handling clock (sla.handling_due)
    supervised: bool = False
    rehandle_count: int = 0
    evaluation: Evaluation | None = None
    paused_since: datetime | None = None  # the handling clock is stopped since then
    pauses: tuple[tuple[datetime, datetime], ...] = ()  # closed pause intervals, added to the clock (§11.1)


@dataclass(frozen=True)
class HistoryEntry:
    action: Action
    from_status: Status
    to_status: Status
    actor: str
    reason: str
    at: datetime
    rule_ids: tuple[str, ...]


Step = tuple[WorkOrderState, HistoryEntry]


def allowed_actions(status: Status, *, callback_required: bool = True, paused: bool = False) -> list[Action]:
    """What may happen next, for menus and for naming alternatives in a refusal."""
    actions = list(ALLOWED[status])
    if callback_required and status == S.closed:
        actions.remove(A.evaluate)  # rule H-10: 回访 comes before 评价
    if A.pause in actions:
        actions.remove(A.resume if not paused else A.pause)
    return actions


def dispatch(state: WorkOrderState, *, lead_unit: str, co_units: tuple[str, ...] = (), designated: bool = False,
             actor: str, at: datetime, reason: str = "") -> Step:
    """Send to one lead and any co-units; sending back to a unit that returned it designates it (H-9)."""
    _target(state, A.dispatch)
    if not lead_unit:
        raise InvalidInput(("派单须指定一个主办单位", "a dispatch names one lead unit (主办)"), rule="H-9")
    co = tuple(dict.fromkeys(unit for unit in co_units if unit != lead_unit))
    designated = designated or lead_unit in state.returns_by_unit  # rule H-9: the centre overruled its return
    rules = ("H-2", "H-9") if co or designated else ("H-2",)
    return _move(state, A.dispatch, actor, at, reason, rules, lead_unit=lead_unit, co_units=co, designated=designated)


def refuse(state: WorkOrderState, *, actor: str, reason: str, at: datetime) -> Step:
    """不予受理 is final and must tell the requester why and where to go instead (H-8)."""
    _target(state, A.refuse)
    _require_reason(reason, "H-8")
    return _move(state, A.refuse, actor, at, reason, ("H-8",))


def sign(state: WorkOrderState, *, unit: str, at: datetime) -> Step:
    """签收 starts the unit's responsibility for the order (H-2)."""
    _require_lead(state, A.sign, unit)
    return _move(state, A.sign, unit, at, "", ("H-2",))


def return_order(state: WorkOrderState, *, unit: str, reason: str, at: datetime) -> Step:
    """A unit returns a matter outside its duties, once; a designated unit may not (H-9)."""
    _require_lead(state, A.return_order, unit)
    _require_reason(reason, "H-9")
    if state.designated:
        raise RuleViolation((f"{unit} 为本工单的指定办理单位，不得退单",
                             f"{unit} was designated (指定) to handle this order and cannot return it"), rule="H-9",
                            unit=unit, returns=state.returns_by_unit.get(unit, 0))
    returns = {**state.returns_by_unit, unit: state.returns_by_unit.get(unit, 0) + 1}
    return _move(state, A.return_order, unit, at, reason, ("H-9",), returns_by_unit=returns, lead_unit=None,
                 co_units=(), designated=False, pending_extension_days=0, **_end_pause(state, at))


def start_handling(state: WorkOrderState, *, unit: str, at: datetime) -> Step:
    """办理 begins after 签收 (H-2)."""
    _require_lead(state, A.handle, unit)
    return _move(state, A.handle, unit, at, "", ("H-2",))


def reply(state: WorkOrderState, *, unit: str, text: str, at: datetime) -> Step:
    """The lead unit reports the result, or explains and proposes a solution (H-7)."""
    _require_lead(state, A.reply, unit)
    _require_reason(text, "H-7")
    return _move(state, A.reply, unit, at, text, ("H-2", "H-7"), pending_extension_days=0, **_end_pause(state, at))


def close(state: WorkOrderState, *, actor: str, at: datetime) -> Step:
    """The centre closes (办结) once it accepts the reply (H-2)."""
    return _move(state, A.close, actor, at, "", ("H-2",))


def call_back(state: WorkOrderState, *, actor: str, result: str, at: datetime) -> Step:
    """回访 is mandatory where configured, and records what the requester said (H-10)."""
    return _move(state, A.call_back, actor, at, result, ("H-10",))


def evaluate(state: WorkOrderState, *, evaluation: Evaluation, actor: str, at: datetime, remark: str = "") -> Step:
    """The requester rates the result (H-10); 不满意 opens 重办 and is a 督办 trigger."""
    if state.status == S.closed and state.callback_required:
        raise RuleViolation(("评价前须先完成回访", "回访 is mandatory before 评价"), rule="H-10",
                            allowed=[A.call_back.value])
    return _move(state, A.evaluate, actor, at, remark, ("H-10",), evaluation=evaluation)


def rehandle(state: WorkOrderState, *, actor: str, reason: str, at: datetime) -> Step:
    """A 不满意 rating sends the order back to 办理 and is counted (H-10)."""
    _target(state, A.rehandle)
    if state.evaluation != Evaluation.dissatisfied:
        raise InvalidTransition((f"评价为不满意的工单方可重办，本工单的评价为 {state.evaluation}",
                                 f"重办 follows a 不满意 evaluation, this order was rated {state.evaluation}"),
                                rule="H-10", allowed=[A.supervise.value])
    return _move(state, A.rehandle, actor, at, reason, ("H-10",), rehandle_count=state.rehandle_count + 1,
                 evaluation=None)


def request_extension(state: WorkOrderState, *, unit: str, days: int, reason: str, at: datetime) -> Step:
    """A unit that cannot finish in time explains and asks for working days (H-7)."""
    _require_lead(state, A.request_extension, unit)
    _require_reason(reason, "H-7")
    if days < 1:
        raise InvalidInput((f"延期至少 1 个工作日，本次申请为 {days} 个工作日", f"an extension is at least 1 working day, got {days}"),
                           rule="H-7")
    if state.pending_extension_days:
        raise InvalidTransition(("已有待审批的延期申请", "an extension request is already pending"), rule="H-7",
                                allowed=[A.approve_extension.value, A.reject_extension.value])
    return _move(state, A.request_extension, unit, at, reason, ("H-7",), pending_extension_days=days)


def decide_extension(state: WorkOrderState, *, approve: bool, actor: str, at: datetime, reason: str = "") -> Step:
    """The centre grants the requested days, which the SLA clock adds, or refuses them (H-7)."""
    action = A.approve_extension if approve else A.reject_extension
    _target(state, action)
    if not state.pending_extension_days:
        raise InvalidTransition(("没有待审批的延期申请", "no extension request is pending"), rule="H-7",
                                allowed=[A.request_extension.value])
    granted = state.pending_extension_days if approve else 0
    return _move(state, action, actor, at, reason, ("H-7",), extension_days=state.extension_days + granted,
                 pending_extension_days=0)


def supervise(state: WorkOrderState, *, trigger: SupervisionTrigger, actor: str, at: datetime,
              note: str = "") -> Step:
    """督办 flags the order without moving it; history keeps why (H-10)."""
    reason = f"{trigger.value}：{note}" if note else trigger.value
    return _move(state, A.supervise, actor, at, reason, ("H-10",), supervised=True)


def pause(state: WorkOrderState, *, actor: str, reason: str, at: datetime) -> Step:
    """The centre stops the handling clock, e.g. while a test or appraisal is pending (H-3 local clock, §11.1)."""
    _target(state, A.pause)
    _require_reason(reason, "H-3")
    return _move(state, A.pause, actor, at, reason, ("H-3",), paused_since=at)


def resume(state: WorkOrderState, *, actor: str, at: datetime, reason: str = "") -> Step:
    """The clock runs again; the pause is kept as an interval the due date is derived from (§11.1)."""
    _target(state, A.resume)
    return _move(state, A.resume, actor, at, reason, ("H-3",), **_end_pause(state, at))


def merge(state: WorkOrderState, *, parent_order_no: str, actor: str, at: datetime, reason: str) -> Step:
    """A repeat request follows its parent (重复件): no own clock, the parent's feedback reaches its requester."""
    _target(state, A.merge)
    _require_reason(reason, None)
    return _move(state, A.merge, actor, at, f"并入 {parent_order_no}：{reason}", (), paused_since=None)


def split(state: WorkOrderState, *, actor: str, at: datetime, reason: str) -> Step:
    """A wrongly linked request becomes an order of its own again, its clock counted from its own receipt."""
    _target(state, A.split)
    _require_reason(reason, None)
    return _move(state, A.split, actor, at, reason, ())


def _target(state: WorkOrderState, action: Action) -> Status:
    """The status the action leads to, or a refusal naming the allowed actions."""
    allowed = allowed_actions(state.status, callback_required=state.callback_required,
                              paused=state.paused_since is not None)
    if action not in allowed:
        raise InvalidTransition((f"工单当前状态为 {state.status.value}，不允许 {action.value}",
                                 f"{action.value} is not allowed while the order is {state.status.value}"), rule="H-2",
                                allowed=[a.value for a in allowed], current_status=state.status.value)
    return ALLOWED[state.status][action]


def _move(state: WorkOrderState, action: Action, actor: str, at: datetime, reason: str,
          rule_ids: tuple[str, ...], **changes: object) -> Step:
    to = _target(state, action)
    entry = HistoryEntry(action, state.status, to, actor, reason, at, rule_ids)
    return replace(state, status=to, **changes), entry


def _end_pause(state: WorkOrderState, at: datetime) -> dict:
    """Close an open pause (恢复计时, or a return or reply while paused): it becomes a stored interval."""
    since = state.paused_since
    if since is None:
        return {}
    return {"paused_since": None, "pauses": (*state.pauses, (since, max(since, at)))}


def _require_lead(state: WorkOrderState, action: Action, unit: str) -> None:
    _target(state, action)
    if unit != state.lead_unit:
        raise WrongUnit((f"{unit} 不是本工单的主办单位", f"{unit} is not the lead unit (主办) of this order"), rule="H-9",
                        lead_unit=state.lead_unit)


def _require_reason(reason: str, rule: str | None) -> None:
    if not reason.strip():
        raise InvalidInput(("须填写理由", "a reason is required"), rule=rule, errors=[FieldProblem("reason", "required")])

