"""legality_review's delivery promises against the real broker, stopped and restarted (DEVELOPERS.md: nothing lost).

Outbox: outcomes concluded while the broker is down reach a librdkafka subscriber after it restarts, every one,
each under one ce_id. Inbox: a redelivered review request opens one round. Dead letters: a request it cannot read
is parked on `case_intake.case.dlq.legality_review`, listed, and the partition moves on.

The module runs its own legality_review (database `legality_review_delivery`) and publisher on a broker of its own
(`restartable_stack`), so stopping that broker disturbs no other service app of the session.
"""

import asyncio
import json
import uuid
from datetime import date

import pytest
from sqlalchemy import func, select

from legality_review.adapters import tables
from platform_devstack.pytest_plugin import producer_on, read_as_subscriber
from platform_events import new_envelope, to_kafka
from platform_events.contracts.case_intake import CaseReviewRequested
from platform_messaging.metrics import OUTBOX_PUBLISH_FAILURES


@pytest.fixture(scope="module")
async def producer(restartable_stack):
    async with producer_on(restartable_stack) as p:
        yield p


@pytest.fixture(scope="module")
async def legality_review(restartable_stack, app_on):
    async for pair in app_on(restartable_stack, "legality_review_delivery", deadline_scan_interval_s=3600):
        yield pair


def _request(staff, case_id: str, **overrides) -> CaseReviewRequested:
    return CaseReviewRequested(**{
        "case_id": case_id, "case_no": f"{staff.department}罚〔2026〕9号", "department_code": staff.department,
        "record_seq": 7, "record_hash": "ab" * 32, "round": 1, "requested_on": date.today(), "matter_code": "CF-001",
        "party_type": "法人", "party_name": "某某超市", "grounds": ["较大数额罚款"], "proposal": {"outcome": "给予行政处罚"},
        "evidence": [], "officers": [staff.officer], "history": []} | overrides)


async def _rounds(runtime, case_id: str) -> int:
    async with runtime.engine.connect() as conn:
        return (await conn.execute(select(func.count()).where(tables.review.c.case_id == case_id))).scalar_one()


async def test_outcomes_concluded_while_the_broker_is_down_reach_a_subscriber_once_after_it_restarts(
        legality_review, staff, submit, checks, conclude, restartable_stack, eventually):
    client, runtime = legality_review
    reviews = [await submit(staff, officers=[staff.officer]) for _ in range(3)]
    failures = OUTBOX_PUBLISH_FAILURES.labels("legality_review")._value.get()
    await asyncio.to_thread(restartable_stack.broker.stop)
    try:
        for review in reviews:  # each conclusion commits the round and its outcome event together
            concluded = await conclude(staff, review, {"outcome": "同意", "items": checks(),
                                                       "signed_by": "法制科科长 王某"})
            assert concluded.status_code == 200, concluded.text  # the API keeps working while the broker is away
        # The relay fails and drops its producer before the broker returns (the local broker forgets its topics
        # on a restart; a fresh producer declares them first).
        await eventually(lambda: _above(OUTBOX_PUBLISH_FAILURES.labels("legality_review")._value.get(), failures),
                         timeout_s=60)
    finally:
        await asyncio.to_thread(restartable_stack.broker.start)
    cases = {r["case_id"] for r in reviews}
    received = await asyncio.to_thread(read_as_subscriber, restartable_stack.broker.bootstrap,
                                       "legality_review.review", cases)
    approvals: dict[str, set[str]] = {}
    for m in received:
        headers = dict(m.headers())
        if headers["ce_type"] == b"review.approved.v1":
            approvals.setdefault(m.key().decode(), set()).add(headers["ce_id"].decode())
    assert set(approvals) == cases  # every outcome arrived
    assert all(len(ids) == 1 for ids in approvals.values())  # a repeat, if any, is the same event (one ce_id)


async def test_a_redelivered_review_request_opens_one_round(legality_review, staff, producer, eventually):
    _, runtime = legality_review
    case_id = str(uuid.uuid4())
    key, value, headers = to_kafka(new_envelope(_request(staff, case_id), source="/services/case_intake",
                                                subject=case_id))
    for _ in range(3):  # the same ce_id three times: a producer retry, a rebalance
        await producer.send_and_wait(CaseReviewRequested.topic, value=value, key=key, headers=headers)
    await eventually(lambda: _positive(_rounds(runtime, case_id)))
    await asyncio.sleep(1.0)
    assert await _rounds(runtime, case_id) == 1


async def test_a_request_it_cannot_read_is_dead_lettered_and_the_partition_moves_on(
        legality_review, staff, producer, restartable_stack, eventually):
    client, runtime = legality_review
    case_id = str(uuid.uuid4())
    key, value, headers = to_kafka(new_envelope(_request(staff, case_id), source="/services/case_intake",
                                                subject=case_id))
    broken = json.loads(value) | {"round": "first"}  # a producer bug: refused every time
    poison_id = str(uuid.uuid4())
    poison_headers = [(k, v) for k, v in headers if k != "ce_id"] + [("ce_id", poison_id.encode())]
    await producer.send_and_wait(CaseReviewRequested.topic, value=json.dumps(broken).encode(), key=key,
                                 headers=poison_headers)
    await producer.send_and_wait(CaseReviewRequested.topic, value=value, key=key, headers=headers)  # behind it

    async def parked() -> dict | None:
        letters = (await client.get("/api/v1/dead-letters", params={"limit": 500})).json()
        return next((d for d in letters if d["event_id"] == poison_id), None)

    letter = await eventually(parked, timeout_s=60)
    assert letter["error_type"] == "ValidationError"
    await eventually(lambda: _positive(_rounds(runtime, case_id)))  # the request behind it was handled
    dlq = await asyncio.to_thread(read_as_subscriber, restartable_stack.broker.bootstrap,
                                  "case_intake.case.dlq.legality_review", {case_id}, settle_s=0.5)
    assert [dict(m.headers())["ce_id"].decode() for m in dlq] == [poison_id]


async def _above(value: float, floor: float) -> bool:
    return value > floor


async def _positive(count) -> bool:
    return await count > 0
