"""The 12345 work-order loop (H-2), returns and designation (H-9), call-back, rating, 督办 and 重办 (H-10)."""

from datetime import datetime, timedelta, timezone

import pytest

from hotline_ingestion.domain.lifecycle import (
    ALLOWED,
    Action,
    Evaluation,
    InvalidTransition,
    RuleViolation,
    SupervisionTrigger,
    WorkOrderState,
    WrongUnit,
    allowed_actions,
    call_back,
    close,
    decide_extension,
    dispatch,
    evaluate,
    refuse,
    rehandle,
    reply,
    request_extension,
    return_order,
    sign,
    start_handling,
    supervise,
)
from hotline_ingestion.domain.vocabulary import Status
from platform_errors import InvalidInput

AT = datetime(2026, 3, 2, 9, 0, tzinfo=timezone(timedelta(hours=8)))
CENTRE = "12345-centre"
MARKET, HOUSING, ENVIRONMENT = "DG-SCJG", "DG-ZJJ", "DG-STHJ"


def _in_handling(state: WorkOrderState = WorkOrderState(), unit: str = MARKET) -> WorkOrderState:
    state, _ = dispatch(state, lead_unit=unit, actor=CENTRE, at=AT)
    state, _ = sign(state, unit=unit, at=AT)
    state, _ = start_handling(state, unit=unit, at=AT)
    return state


def _closed(state: WorkOrderState = WorkOrderState()) -> WorkOrderState:
    state, _ = reply(_in_handling(state), unit=MARKET, text="已责令商户下架过期食品", at=AT)
    state, _ = close(state, actor=CENTRE, at=AT)
    return state


def _evaluated(evaluation: Evaluation) -> WorkOrderState:
    state, _ = call_back(_closed(), actor=CENTRE, result="市民确认已处理", at=AT)
    state, _ = evaluate(state, evaluation=evaluation, actor="requester", at=AT)
    return state


def test_h2_an_order_runs_the_whole_loop_from_acceptance_to_evaluation():
    state, history = WorkOrderState(), []
    steps = [
        lambda s: dispatch(s, lead_unit=MARKET, actor=CENTRE, at=AT),
        lambda s: sign(s, unit=MARKET, at=AT),
        lambda s: start_handling(s, unit=MARKET, at=AT),
        lambda s: reply(s, unit=MARKET, text="已处理", at=AT),
        lambda s: close(s, actor=CENTRE, at=AT),
        lambda s: call_back(s, actor=CENTRE, result="已解决", at=AT),
        lambda s: evaluate(s, evaluation=Evaluation.satisfied, actor="requester", at=AT),
    ]
    for step in steps:
        state, entry = step(state)
        history.append(entry)
    assert [e.to_status for e in history] == ["派单", "签收", "办理", "回复", "办结", "回访", "评价"]
    assert [e.from_status for e in history[1:]] == [e.to_status for e in history[:-1]]
    assert state.evaluation == Evaluation.satisfied


def test_h2_the_transition_table_covers_every_status_and_lists_what_may_happen_next():
    assert set(ALLOWED) == set(Status)
    assert allowed_actions(Status.accepted) == [Action.dispatch, Action.refuse, Action.merge, Action.supervise]
    assert allowed_actions(Status.merged) == [Action.split]


def test_h2_an_invalid_action_is_refused_naming_the_allowed_actions():
    with pytest.raises(InvalidTransition) as refused:
        reply(WorkOrderState(), unit=MARKET, text="已处理", at=AT)
    assert refused.value.slug == "invalid-transition"
    assert refused.value.extra["allowed"] == ["派单", "不予受理", "合并", "督办"]


def test_h2_a_step_returns_a_new_state_and_leaves_the_old_one_unchanged():
    before = WorkOrderState()
    after, entry = dispatch(before, lead_unit=MARKET, actor=CENTRE, at=AT, reason="按职责派单")
    assert before.status == Status.accepted and after.status == Status.dispatched
    assert (entry.action, entry.actor, entry.reason, entry.at) == (Action.dispatch, CENTRE, "按职责派单", AT)
    assert entry.rule_ids == ("H-2",)


def test_h8_not_accepting_is_terminal_and_needs_a_reason():
    with pytest.raises(InvalidInput):
        refuse(WorkOrderState(), actor=CENTRE, reason=" ", at=AT)
    state, entry = refuse(WorkOrderState(), actor=CENTRE, reason="属于诉讼事项，请向人民法院提起诉讼", at=AT)
    assert state.status == Status.not_accepted and entry.rule_ids == ("H-8",)
    assert allowed_actions(Status.not_accepted) == []
    with pytest.raises(InvalidTransition):
        dispatch(state, lead_unit=MARKET, actor=CENTRE, at=AT)


def test_h9_a_joint_matter_has_one_lead_and_distinct_co_units():
    state, entry = dispatch(WorkOrderState(), lead_unit=MARKET, co_units=(HOUSING, MARKET, HOUSING, ENVIRONMENT),
                            actor=CENTRE, at=AT)
    assert state.lead_unit == MARKET and state.co_units == (HOUSING, ENVIRONMENT)
    assert entry.rule_ids == ("H-2", "H-9")


def test_h9_only_the_lead_unit_signs_or_returns_the_order():
    state, _ = dispatch(WorkOrderState(), lead_unit=MARKET, co_units=(HOUSING,), actor=CENTRE, at=AT)
    with pytest.raises(WrongUnit):
        sign(state, unit=HOUSING, at=AT)
    with pytest.raises(WrongUnit):
        return_order(state, unit=HOUSING, reason="不属于本单位职责", at=AT)


def test_h9_a_unit_returns_an_order_outside_its_duties_with_a_reason_and_the_centre_redispatches():
    state, _ = dispatch(WorkOrderState(), lead_unit=MARKET, actor=CENTRE, at=AT)
    with pytest.raises(InvalidInput):
        return_order(state, unit=MARKET, reason="", at=AT)
    state, entry = return_order(state, unit=MARKET, reason="噪声扰民不属于市场监管职责", at=AT)
    assert state.status == Status.returned and state.returns_by_unit == {MARKET: 1}
    assert state.lead_unit is None and entry.rule_ids == ("H-9",)
    assert allowed_actions(Status.returned) == [Action.dispatch, Action.merge, Action.supervise]
    state, _ = dispatch(state, lead_unit=ENVIRONMENT, actor=CENTRE, at=AT)
    assert state.lead_unit == ENVIRONMENT and not state.designated


def test_h9_a_designated_unit_cannot_return_the_same_order_twice():
    state, _ = dispatch(WorkOrderState(), lead_unit=MARKET, actor=CENTRE, at=AT)
    state, _ = return_order(state, unit=MARKET, reason="不属于本单位职责", at=AT)
    state, entry = dispatch(state, lead_unit=MARKET, actor=CENTRE, at=AT, reason="经研究仍由市场监管局办理")
    assert state.designated and "H-9" in entry.rule_ids
    with pytest.raises(RuleViolation) as refused:
        return_order(state, unit=MARKET, reason="仍不属于本单位职责", at=AT)
    assert refused.value.rule == "H-9" and refused.value.extra["returns"] == 1


def test_h9_a_unit_the_centre_designates_after_a_return_cannot_return_it_either():
    state, _ = dispatch(WorkOrderState(), lead_unit=MARKET, actor=CENTRE, at=AT)
    state, _ = return_order(state, unit=MARKET, reason="不属于本单位职责", at=AT)
    state, _ = dispatch(state, lead_unit=HOUSING, designated=True, actor=CENTRE, at=AT)
    with pytest.raises(RuleViolation):
        return_order(state, unit=HOUSING, reason="不属于本单位职责", at=AT)


def test_h7_an_approved_extension_adds_the_requested_working_days():
    state, _ = request_extension(_in_handling(), unit=MARKET, days=5, reason="需现场检测", at=AT)
    assert state.status == Status.handling and state.pending_extension_days == 5
    state, entry = decide_extension(state, approve=True, actor=CENTRE, at=AT)
    assert (state.extension_days, state.pending_extension_days) == (5, 0)
    assert entry.from_status == entry.to_status == Status.handling and entry.rule_ids == ("H-7",)


def test_h7_a_rejected_extension_leaves_the_clock_unchanged():
    state, _ = request_extension(_in_handling(), unit=MARKET, days=3, reason="人手不足", at=AT)
    state, entry = decide_extension(state, approve=False, actor=CENTRE, at=AT, reason="理由不充分")
    assert (state.extension_days, state.pending_extension_days) == (0, 0)
    assert entry.action == Action.reject_extension


def test_h7_one_extension_request_at_a_time_and_none_decided_without_a_request():
    with pytest.raises(InvalidTransition):
        decide_extension(_in_handling(), approve=True, actor=CENTRE, at=AT)
    state, _ = request_extension(_in_handling(), unit=MARKET, days=3, reason="需现场检测", at=AT)
    with pytest.raises(InvalidTransition) as refused:
        request_extension(state, unit=MARKET, days=2, reason="再延", at=AT)
    assert refused.value.extra["allowed"] == ["延期批准", "延期驳回"]
    with pytest.raises(InvalidInput):
        request_extension(_in_handling(), unit=MARKET, days=0, reason="需现场检测", at=AT)


def test_h10_call_back_is_mandatory_before_evaluation():
    with pytest.raises(RuleViolation) as refused:
        evaluate(_closed(), evaluation=Evaluation.satisfied, actor="requester", at=AT)
    assert refused.value.rule == "H-10" and refused.value.extra["allowed"] == ["回访"]
    assert Action.evaluate not in allowed_actions(Status.closed)


def test_h10_where_call_back_is_configured_off_the_requester_may_rate_straight_after_closing():
    state, _ = evaluate(_closed(WorkOrderState(callback_required=False)), evaluation=Evaluation.basically_satisfied,
                        actor="requester", at=AT)
    assert state.status == Status.evaluated
    assert Action.evaluate in allowed_actions(Status.closed, callback_required=False)


def test_h10_supervision_flags_the_order_without_moving_it_and_is_recorded():
    state, entry = supervise(_in_handling(), trigger=SupervisionTrigger.overdue, actor=CENTRE, at=AT, note="超期2日")
    assert state.supervised and state.status == Status.handling
    assert (entry.from_status, entry.to_status) == (Status.handling, Status.handling)
    assert entry.reason == "超期：超期2日" and entry.rule_ids == ("H-10",)


def test_h10_a_refused_order_cannot_be_supervised():
    state, _ = refuse(WorkOrderState(), actor=CENTRE, reason="属于信访事项", at=AT)
    with pytest.raises(InvalidTransition):
        supervise(state, trigger=SupervisionTrigger.refusal, actor=CENTRE, at=AT)


def test_h10_a_dissatisfied_rating_sends_the_order_back_to_handling_and_counts_it():
    state, entry = rehandle(_evaluated(Evaluation.dissatisfied), actor=CENTRE, reason="市民不满意", at=AT)
    assert state.status == Status.handling and state.rehandle_count == 1 and state.evaluation is None
    assert (entry.action, entry.from_status) == (Action.rehandle, Status.evaluated)
    state, _ = reply(state, unit=MARKET, text="再次处理", at=AT)
    assert state.status == Status.replied


def test_h10_a_satisfied_order_is_not_rehandled():
    with pytest.raises(InvalidTransition):
        rehandle(_evaluated(Evaluation.satisfied), actor=CENTRE, reason="复查", at=AT)
