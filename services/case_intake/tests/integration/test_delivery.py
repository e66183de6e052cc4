"""case_intake's delivery promises against the real broker, stopped and restarted (DEVELOPERS.md: nothing lost).

Outbox: clues registered while the broker is down reach another department's librdkafka subscriber after it
restarts, every one, each under one ce_id. Inbox: a redelivered lead opens one clue. Dead letters: a lead case_intake cannot read is parked
on `hotline_ingestion.work_order.dlq.case_intake`, listed with its error, and the partition moves on.

The module runs its own case_intake (database `case_intake_delivery`) and publisher on a broker of its own
(`restartable_stack`), so stopping that broker disturbs no other service app of the session.
"""

import asyncio
import json
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from case_intake.adapters import tables
from platform_devstack.pytest_plugin import producer_on, read_as_subscriber
from platform_events import new_envelope, to_kafka
from platform_events.contracts.hotline_ingestion import EnforcementLeadReported
from platform_messaging.metrics import OUTBOX_PUBLISH_FAILURES


@pytest.fixture(scope="module")
async def producer(restartable_stack):
    async with producer_on(restartable_stack) as p:
        yield p


@pytest.fixture(scope="module")
async def case_intake(restartable_stack, start_case_intake):
    async with start_case_intake(restartable_stack, "case_intake_delivery") as started:
        yield started


def _lead(world, work_order_id: str, **overrides) -> EnforcementLeadReported:
    return EnforcementLeadReported(**{
        "work_order_id": work_order_id, "order_no": f"12345-{work_order_id[:8]}", "received_at": datetime.now(UTC),
        "request_type": "举报", "matter_code": world.matter, "department_code": world.department,
        "region_code": "210681", "content": "举报某超市未公示食品经营许可证", "real_name_reporter": False,
        "rule_ids": ["S-1", "K-5", "H-13"]} | overrides)


async def _clues_for(runtime, source_ref: str) -> int:
    c = tables.clue.c
    async with runtime.engine.connect() as conn:
        return (await conn.execute(select(func.count()).where(c.source_ref == source_ref))).scalar_one()


async def test_clues_registered_while_the_broker_is_down_reach_a_subscriber_once_after_it_restarts(
        case_intake, world, clue_body, restartable_stack, eventually):
    client, runtime = case_intake
    o = tables.outbox.c
    failures = OUTBOX_PUBLISH_FAILURES.labels("case_intake")._value.get()
    await asyncio.to_thread(restartable_stack.broker.stop)
    try:
        ids = []
        for i in range(5):  # each registration commits the clue, its clock and its event together
            created = await client.post("/api/v1/clues", json=clue_body(world, source="移送",
                                                                        source_ref=f"DOWN-{world.department}-{i}"))
            assert created.status_code == 201, created.text  # the API keeps working while the broker is away
            ids.append(created.json()["id"])
        async with runtime.engine.connect() as conn:
            unsent = (await conn.execute(select(func.count()).where(
                o.message_key.in_(ids), o.sent_at.is_(None)))).scalar_one()
        assert unsent == 5
        # The relay tries, fails and drops its producer; the next one declares the topics before it sends. (On a
        # real broker topics outlive a restart; the local one forgets them and acknowledges a send to a topic it
        # does not know, then loses it — a producer from before the restart must not be the one to send.)
        await eventually(lambda: _above(OUTBOX_PUBLISH_FAILURES.labels("case_intake")._value.get(), failures),
                         timeout_s=60)
    finally:
        await asyncio.to_thread(restartable_stack.broker.start)

    async def drained() -> bool:
        async with runtime.engine.connect() as conn:
            return (await conn.execute(select(func.count()).where(
                o.message_key.in_(ids), o.sent_at.is_(None)))).scalar_one() == 0

    await eventually(drained, timeout_s=90)
    received = await asyncio.to_thread(read_as_subscriber, restartable_stack.broker.bootstrap, "case_intake.clue", set(ids))
    copies: dict[str, set[tuple[str, str]]] = {}
    for m in received:
        headers = {k: v.decode() for k, v in m.headers()}
        copies.setdefault(m.key().decode(), set()).add((headers["ce_id"], headers["ce_type"]))
    seen = [(m.key().decode(), m.partition(), m.offset()) for m in received]
    assert set(copies) == set(ids), f"missing {set(ids) - set(copies)}; read {seen}"  # nothing lost
    # At least once: a batch the broker half-refused while it came back is sent again. Every copy of an event
    # carries its one ce_id, so a subscriber deduplicating on ce_id (as every consumer here does) sees it once.
    assert all(len(c) == 1 and next(iter(c))[1] == "clue.received.v1" for c in copies.values()), copies


async def test_a_redelivered_lead_opens_one_clue_and_a_second_event_for_the_same_order_none(
        case_intake, world, producer, eventually):
    _, runtime = case_intake
    work_order_id = str(uuid.uuid4())
    first = new_envelope(_lead(world, work_order_id), source="/services/hotline_ingestion", subject=work_order_id)
    second = new_envelope(_lead(world, work_order_id), source="/services/hotline_ingestion", subject=work_order_id)
    for envelope in (first, first, second):  # first twice: what at-least-once delivery does after a crash
        key, value, headers = to_kafka(envelope)
        await producer.send_and_wait(EnforcementLeadReported.topic, value=value, key=key, headers=headers)
    i = tables.inbox.c

    async def both_handled() -> bool:
        async with runtime.engine.connect() as conn:
            return (await conn.execute(select(func.count()).where(
                i.consumer_group == "case_intake", i.event_id.in_([first.id, second.id])))).scalar_one() == 2

    await eventually(both_handled)
    assert await _clues_for(runtime, work_order_id) == 1  # the inbox absorbs the repeat, (source, source_ref) the rest


def _ce_id(headers: list[tuple[str, bytes]]) -> str:
    return dict(headers)["ce_id"].decode()


async def test_a_lead_case_intake_cannot_read_is_dead_lettered_and_the_partition_moves_on(
        case_intake, world, restartable_stack, producer, eventually):
    client, runtime = case_intake
    work_order_id = str(uuid.uuid4())
    good = new_envelope(_lead(world, work_order_id), source="/services/hotline_ingestion", subject=work_order_id)
    key, value, headers = to_kafka(good)
    broken = json.loads(value) | {"received_at": "not a time"}  # a producer bug: the handler refuses it every time
    poison_headers = [(k, v) for k, v in headers if k != "ce_id"] + [("ce_id", str(uuid.uuid4()).encode())]
    await producer.send_and_wait(EnforcementLeadReported.topic, value=json.dumps(broken).encode(), key=key,
                                 headers=poison_headers)
    behind = new_envelope(_lead(world, work_order_id), source="/services/hotline_ingestion", subject=work_order_id)
    await producer.send_and_wait(EnforcementLeadReported.topic, value=to_kafka(behind)[1], key=key,
                                 headers=to_kafka(behind)[2])  # same key, same partition, after the poison one

    async def parked() -> dict | None:
        letters = (await client.get("/api/v1/dead-letters", params={"limit": 500})).json()
        return next((d for d in letters if d["event_id"] == _ce_id(poison_headers)), None)

    letter = await eventually(parked, timeout_s=60)
    assert letter["error_type"] == "ValidationError" and letter["attempts"] == 3
    await eventually(lambda: _positive(_clues_for(runtime, work_order_id)))  # the event behind it was handled
    dlq = await asyncio.to_thread(read_as_subscriber, restartable_stack.broker.bootstrap,
                                  "hotline_ingestion.work_order.dlq.case_intake", {work_order_id}, settle_s=0.5)
    found = [dict(m.headers()) for m in dlq if dict(m.headers())["ce_id"].decode() == _ce_id(poison_headers)]
    assert found and found[0]["x-error-type"] == b"ValidationError"
    assert found[0]["x-original-topic"] == b"hotline_ingestion.work_order"


async def _above(value: float, floor: float) -> bool:
    return value > floor


async def _positive(count) -> bool:
    return await count > 0
