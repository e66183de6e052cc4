"""The kernel's delivery promises, proven against the real broker stopped and restarted.

Outbox: nothing lost while the broker is down. Inbox: a redelivered event has one effect. Dead letters: a
poison event is parked on `<topic>.dlq.<group>`, the partition moves on, and it can be replayed.

The module runs its own list_management (database `list_management_delivery`) on a broker of its own
(`restartable_stack`), so stopping that broker disturbs no other service app of the session.
"""

import asyncio
import json
from datetime import date
from pathlib import Path

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from sqlalchemy import func, select

from list_management import bootstrap
from list_management.adapters import tables
from list_management.api.app import create_app
from list_management.settings import Settings
from platform_devstack.pytest_plugin import service_settings
from platform_events import new_envelope, to_kafka
from platform_events.contracts.case_intake import CaseFiled
from platform_messaging.metrics import CONSUMED, OUTBOX_PUBLISH_FAILURES

TOPICS_FILE = Path(__file__).resolve().parents[4] / "deploy" / "topics.yaml"


@pytest.fixture(scope="module")
async def app(restartable_stack):
    kwargs = await service_settings(restartable_stack, "list_management_delivery", bootstrap.migrations_dir(),
                                    TOPICS_FILE)
    application = create_app(Settings(**kwargs))
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture(scope="module")
async def client(app, restartable_stack):
    headers = await restartable_stack.tokens.for_app(app)  # an integrator that may do everything: tests about delivery
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://list-management",
                                 headers=headers) as c:
        assert (await c.get("/readyz")).status_code == 200  # issuer keys loaded: no request races their first fetch
        yield c


@pytest.fixture(scope="module")
def container(app):
    return app.state.container


async def _usage_count(container, case_prefix: str) -> int:
    stmt = select(func.count()).select_from(tables.matter_usage).where(tables.matter_usage.c.case_id.like(f"{case_prefix}%"))
    async with container.engine.connect() as conn:
        return (await conn.execute(stmt)).scalar_one()


async def _unsent(container) -> int:
    stmt = select(func.count()).select_from(tables.outbox).where(tables.outbox.c.sent_at.is_(None))
    async with container.engine.connect() as conn:
        return (await conn.execute(stmt)).scalar_one()


async def _a_matter(client, build, uid: str) -> str:
    department = await client.post("/api/v1/departments", json=build.department(f"D{uid}"))
    matter = await client.post("/api/v1/matters", json=build.matter(f"M{uid}", f"D{uid}"))
    assert (department.status_code, matter.status_code) == (201, 201), (department.text, matter.text)
    return f"M{uid}"


def _case_filed(matter_code: str, case_id: str) -> CaseFiled:
    return CaseFiled(case_id=case_id, matter_code=matter_code, department_code="D", filed_on=date(2026, 3, 2))


async def _produce_raw(bootstrap: str, topic: str, key: bytes, value: bytes, headers: list) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=False, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(topic, value=value, key=key, headers=headers)
    finally:
        await producer.stop()


async def test_events_made_while_the_broker_is_down_all_arrive_once_after_it_restarts(
    client, build, uid, container, restartable_stack, eventually
):
    matter = await _a_matter(client, build, uid)
    await eventually(lambda: _unsent_is_zero(container))
    failures = OUTBOX_PUBLISH_FAILURES.labels("list_management")._value.get()
    await asyncio.to_thread(restartable_stack.broker.stop)
    n = 25
    for i in range(n):  # each change commits state + outbox row; nothing can be sent yet
        async with container.uow() as uow:
            uow.publish(_case_filed(matter, f"OUT{uid}-{i}"), subject=f"OUT{uid}-{i}")
            await uow.commit()
    response = await client.post("/api/v1/departments", json=build.department(f"DOWN{uid}"))
    assert response.status_code == 201  # the API keeps working while the broker is away
    assert await _unsent(container) >= n + 1
    # the relay fails once and drops its producer: the next one declares the topics the local broker forgot
    # before it sends (that broker acknowledges, then loses, sends to a topic it does not know)
    await eventually(lambda: _ge(lambda: OUTBOX_PUBLISH_FAILURES.labels("list_management")._value.get(),
                                 failures + 1), timeout_s=60)
    await asyncio.to_thread(restartable_stack.broker.start)
    await eventually(lambda: _equals(_usage_count(container, f"OUT{uid}-"), n), timeout_s=90)
    await asyncio.sleep(1.0)  # any late duplicate would land now
    assert await _usage_count(container, f"OUT{uid}-") == n
    async with container.engine.connect() as conn:
        inbox = select(func.count()).select_from(tables.inbox).where(tables.inbox.c.event_type == "case.filed.v1")
        handled = (await conn.execute(inbox)).scalar_one()
    assert handled >= n
    await eventually(lambda: _unsent_is_zero(container), timeout_s=30)


async def test_a_redelivered_event_has_one_effect(client, build, uid, container, restartable_stack, eventually):
    matter = await _a_matter(client, build, uid)
    key, value, headers = to_kafka(new_envelope(_case_filed(matter, f"DUP{uid}"), source="/services/test",
                                                subject=f"DUP{uid}"))
    duplicates_before = CONSUMED.labels("list_management", "duplicate")._value.get()
    for _ in range(2):  # the same ce_id twice: what at-least-once delivery does after a crash
        await _produce_raw(restartable_stack.broker.bootstrap, CaseFiled.topic, key, value, headers)
    await eventually(lambda: _ge(lambda: CONSUMED.labels("list_management", "duplicate")._value.get(),
                                 duplicates_before + 1))
    assert await _usage_count(container, f"DUP{uid}") == 1


async def test_a_poison_event_is_dead_lettered_and_replays_once_its_cause_is_fixed(
    client, build, uid, container, restartable_stack, eventually, first_message
):
    await client.post("/api/v1/departments", json=build.department(f"D{uid}"))
    event = _case_filed(f"LATE{uid}", f"POISON{uid}")  # the matter does not exist yet: the handler refuses
    key, value, headers = to_kafka(new_envelope(event, source="/services/test", subject=f"POISON{uid}"))
    await _produce_raw(restartable_stack.broker.bootstrap, CaseFiled.topic, key, value, headers)
    letter = await eventually(lambda: _dead_letter_for(client, f"POISON{uid}"))
    assert letter["error_type"] == "UnknownMatter" and letter["attempts"] == 3

    msg = await asyncio.to_thread(first_message, restartable_stack.broker.bootstrap, "case_intake.case.dlq.list_management",
                                  lambda m: json.loads(m.value()).get("case_id") == f"POISON{uid}")
    parked = {k: v.decode() for k, v in msg.headers()}
    assert parked["ce_type"] == "case.filed.v1" and parked["x-error-type"] == "UnknownMatter"
    assert parked["x-original-topic"] == "case_intake.case"

    # the partition moved on: a healthy event behind the poison one is handled
    matter = await _a_matter(client, build, f"{uid}B")
    async with container.uow() as uow:
        uow.publish(_case_filed(matter, f"AFTER{uid}"), subject=f"AFTER{uid}")
        await uow.commit()
    await eventually(lambda: _equals(_usage_count(container, f"AFTER{uid}"), 1))

    still = await client.post(f"/api/v1/dead-letters/{letter['id']}/replay")
    assert still.status_code == 409  # cause not fixed yet: refused, letter stays pending
    await client.post("/api/v1/matters", json=build.matter(f"LATE{uid}", f"D{uid}"))
    replay = await client.post(f"/api/v1/dead-letters/{letter['id']}/replay")
    assert replay.status_code == 200 and replay.json()["outcome"] == "handled"
    assert await _usage_count(container, f"POISON{uid}") == 1
    again = await client.post(f"/api/v1/dead-letters/{letter['id']}/replay")
    assert again.json()["outcome"] == "duplicate"  # a second replay changes nothing
    assert await _usage_count(container, f"POISON{uid}") == 1


async def test_a_message_that_is_not_a_cloudevent_goes_straight_to_the_dead_letters(client, uid, restartable_stack, eventually):
    marker = f"GARBAGE{uid}"
    await _produce_raw(restartable_stack.broker.bootstrap, CaseFiled.topic, marker.encode(), b"not json", [("x", b"y")])

    async def found():
        letters = (await client.get("/api/v1/dead-letters", params={"limit": 500})).json()
        return [d for d in letters if d["error_type"] == "MalformedEvent" and d["attempts"] == 1]

    assert await eventually(found)


async def test_readyz_is_503_naming_the_broker_while_it_is_down_and_200_after(client, restartable_stack, eventually):
    assert (await client.get("/readyz")).status_code == 200
    await asyncio.to_thread(restartable_stack.broker.stop)
    try:
        down = await client.get("/readyz")
        assert down.status_code == 503
        assert down.headers["content-type"] == "application/problem+json"
        assert "broker" in down.json()["down"] and "database" not in down.json()["down"]
    finally:
        await asyncio.to_thread(restartable_stack.broker.start)
    await eventually(lambda: _status_is(client, "/readyz", 200))


async def _unsent_is_zero(container) -> bool:
    return await _unsent(container) == 0


async def _equals(awaitable, expected) -> bool:
    return await awaitable == expected


async def _ge(read, expected) -> bool:
    return read() >= expected


async def _status_is(client, path: str, status: int) -> bool:
    return (await client.get(path)).status_code == status


async def _dead_letter_for(client, case_id: str) -> dict | None:
    letters = (await client.get("/api/v1/dead-letters", params={"limit": 500})).json()
    return next((d for d in letters if d["event_type"] == "case.filed.v1" and d["error_message"].find(case_id) >= 0), None)
