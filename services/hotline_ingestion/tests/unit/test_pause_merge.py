"""Clock pauses (H-3 local clock, DOMAIN §11.1 stored pauses) and linking repeat requests to a parent."""

from datetime import datetime, timedelta, timezone

import pytest

from hotline_ingestion.domain.lifecycle import (
    Action,
    InvalidTransition,
    WorkOrderState,
    allowed_actions,
    dispatch,
    merge,
    pause,
    reply,
    resume,
    return_order,
    sign,
    split,
    start_handling,
)
from hotline_ingestion.domain.vocabulary import Status
from platform_errors import InvalidInput

CST = timezone(timedelta(hours=8))
AT = datetime(2026, 3, 2, 9, 0, tzinfo=CST)
CENTRE, MARKET = "12345-centre", "DG-SCJG"


def _handling() -> WorkOrderState:
    state, _ = dispatch(WorkOrderState(), lead_unit=MARKET, actor=CENTRE, at=AT)
    state, _ = sign(state, unit=MARKET, at=AT)
    state, _ = start_handling(state, unit=MARKET, at=AT)
    return state


def test_h3_a_pause_and_its_resumption_become_one_stored_interval():
    state, entry = pause(_handling(), actor=CENTRE, reason="等待检测报告", at=AT)
    assert state.paused_since == AT and state.status == Status.handling
    assert entry.action == Action.pause and entry.rule_ids == ("H-3",)
    later = AT + timedelta(days=3)
    state, _ = resume(state, actor=CENTRE, at=later)
    assert state.paused_since is None and state.pauses == ((AT, later),)


def test_h3_a_pause_needs_a_reason_and_cannot_be_doubled():
    with pytest.raises(InvalidInput) as no_reason:
        pause(_handling(), actor=CENTRE, reason=" ", at=AT)
    assert no_reason.value.errors[0].field == "reason"
    paused, _ = pause(_handling(), actor=CENTRE, reason="等待鉴定", at=AT)
    with pytest.raises(InvalidTransition) as twice:
        pause(paused, actor=CENTRE, reason="再暂停", at=AT)
    assert Action.resume.value in twice.value.extra["allowed"]
    assert Action.pause not in allowed_actions(Status.handling, paused=True)
    assert Action.resume not in allowed_actions(Status.handling, paused=False)


def test_h3_resume_without_a_pause_is_refused():
    with pytest.raises(InvalidTransition):
        resume(_handling(), actor=CENTRE, at=AT)


def test_h3_a_reply_or_return_while_paused_closes_the_pause():
    paused, _ = pause(_handling(), actor=CENTRE, reason="等待检测报告", at=AT)
    replied, _ = reply(paused, unit=MARKET, text="已处理", at=AT + timedelta(hours=5))
    assert replied.paused_since is None and replied.pauses == ((AT, AT + timedelta(hours=5)),)
    signed, _ = sign(dispatch(WorkOrderState(), lead_unit=MARKET, actor=CENTRE, at=AT)[0], unit=MARKET, at=AT)
    paused, _ = pause(signed, actor=CENTRE, reason="联系不上诉求人", at=AT)
    returned, _ = return_order(paused, unit=MARKET, reason="不属于本单位职责", at=AT + timedelta(hours=1))
    assert returned.status == Status.returned and returned.paused_since is None


def test_a_repeat_request_is_merged_into_its_parent_and_can_be_split_off_again():
    merged, entry = merge(WorkOrderState(), parent_order_no="12345-001", actor=CENTRE, at=AT, reason="同一烧烤店油烟")
    assert merged.status == Status.merged and entry.reason.startswith("并入 12345-001")
    assert allowed_actions(Status.merged) == [Action.split]
    with pytest.raises(InvalidTransition):
        dispatch(merged, lead_unit=MARKET, actor=CENTRE, at=AT)
    back, _ = split(merged, actor=CENTRE, at=AT, reason="不是同一事项")
    assert back.status == Status.accepted


def test_only_an_order_not_yet_with_a_unit_can_be_merged():
    dispatched, _ = dispatch(WorkOrderState(), lead_unit=MARKET, actor=CENTRE, at=AT)
    with pytest.raises(InvalidTransition):
        merge(dispatched, parent_order_no="12345-001", actor=CENTRE, at=AT, reason="重复")
