"""Reconciliation end to end on the real PostgreSQL and issuer: a producer's outbox ledger over REST, a consumer
group that finds what it never handled and gets it published again (issue 12: nothing lost even when the broker
loses acknowledged data).

The producer is a service app of this library (its outbox routes) on a database of its own; the consumer group's
inbox and dead letters are in another. No broker is needed: what is checked is the bookkeeping, and the relay's
re-sending of rows marked unsent is the relay's own test (libs/messaging).
"""

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import ClassVar

import httpx
import pytest
from sqlalchemy import func, insert, select, update

from platform_db import UnitOfWork, add_messaging_tables, build_engine, make_metadata
from platform_events import IntegrationEvent
from platform_messaging.outbox_ledger import prune_sent
from platform_messaging.reconcile import Reconciler, Source
from platform_runtime import create_service_app
from platform_settings import DatabaseSettings, IdentitySettings, ReconcileSettings, ServiceSettings

PRODUCER = make_metadata()
P_OUTBOX, P_INBOX, _ = add_messaging_tables(PRODUCER)
CONSUMER = make_metadata()
_, C_INBOX, C_DEAD = add_messaging_tables(CONSUMER)
GROUP = "reconcile_test"


class LeadReported(IntegrationEvent):
    event_type: ClassVar[str] = "reconcile_test.lead_reported.v1"
    topic: ClassVar[str] = "reconcile_test.work_order"

    ref: str


class Other(LeadReported):
    event_type: ClassVar[str] = "reconcile_test.other.v1"


class BearerAuth(httpx.Auth):
    def __init__(self, token: str) -> None:
        self.token = token

    def auth_flow(self, request: httpx.Request):
        request.headers["Authorization"] = f"Bearer {self.token}"
        yield request


class ProducerRuntime:
    """What the outbox routes ask of a runtime: its engine, outbox, audit table and settings."""

    warm_ups: ClassVar[list] = []

    def __init__(self, engine, settings: ServiceSettings) -> None:
        self.engine, self.settings, self.outbox = engine, settings, P_OUTBOX
        self.audit_log = PRODUCER.tables["audit_log"]

    def prepare_to_serve(self) -> None:
        pass

    async def close(self) -> None:
        pass


@pytest.fixture(scope="module")
async def world(local_stack):
    p_engine = build_engine(DatabaseSettings(url=local_stack.database_url("reconcile_producer"), pool_size=3))
    c_engine = build_engine(DatabaseSettings(url=local_stack.database_url("reconcile_consumer"), pool_size=3))
    async with p_engine.begin() as conn:
        await conn.run_sync(PRODUCER.create_all)
    async with c_engine.begin() as conn:
        await conn.run_sync(CONSUMER.create_all)
    settings = ServiceSettings(service_name="reconcile_producer", run_workers_in_api=False,
                               identity=IdentitySettings(issuer=local_stack.issuer.issuer,
                                                         audience=local_stack.issuer.audience))
    app = create_service_app(settings, lambda s: ProducerRuntime(p_engine, s), title="producer", description="p",
                             routers=[], publishes=[])
    async with app.router.lifespan_context(app):
        yield p_engine, c_engine, app
    await p_engine.dispose()
    await c_engine.dispose()


async def _publish(engine, *events: IntegrationEvent) -> list[str]:
    """Committed through the unit of work as a use case does, then marked sent as the relay would."""
    async with UnitOfWork(engine, source="/services/reconcile_producer", outbox=P_OUTBOX, inbox=P_INBOX) as uow:
        ids = [uow.publish(e, subject=e.ref) for e in events]
        await uow.commit()
    async with engine.begin() as conn:
        await conn.execute(update(P_OUTBOX).where(P_OUTBOX.c.event_id.in_(ids)).values(sent_at=func.now()))
    return ids


async def _handled(engine, *ids: str) -> None:
    async with engine.begin() as conn:
        await conn.execute(insert(C_INBOX), [{"consumer_group": GROUP, "event_id": i,
                                              "event_type": LeadReported.event_type} for i in ids])


async def _dead_lettered(engine, event_id: str) -> None:
    async with engine.begin() as conn:
        await conn.execute(insert(C_DEAD).values(
            consumer_group=GROUP, topic=LeadReported.topic, partition=0, offset=int(uuid.uuid4().int % 10**9),
            headers=[["ce_id", event_id], ["ce_type", LeadReported.event_type]], payload=b"{}",
            error_type="ValueError", error_message="refused", attempts=3))


async def _unsent(engine, ids: list[str]) -> set[str]:
    async with engine.connect() as conn:
        rows = await conn.execute(select(P_OUTBOX.c.event_id).where(P_OUTBOX.c.event_id.in_(ids),
                                                                    P_OUTBOX.c.sent_at.is_(None)))
        return set(rows.scalars())


def _reconciler(c_engine, app, token: str) -> Reconciler:
    return Reconciler(engine=c_engine, inbox=C_INBOX, dead_letter=C_DEAD, group_id=GROUP,
                      sources=[Source("reconcile_producer", "http://producer", (LeadReported.event_type,))],
                      settings=ReconcileSettings(grace_s=0, window_h=24), auth=BearerAuth(token),
                      transport=httpx.ASGITransport(app=app))


async def test_a_consumer_finds_the_events_it_never_handled_and_the_producer_sends_exactly_those_again(world, tokens):
    p_engine, c_engine, app = world
    uid = uuid.uuid4().hex[:6]
    leads = await _publish(p_engine, *(LeadReported(ref=f"{uid}-{i}") for i in range(6)))
    await _publish(p_engine, Other(ref=f"{uid}-other"))  # a type the group does not consume: never asked for
    await _handled(c_engine, *leads[:4])  # handled; leads[4] dead-lettered (operators' business); leads[5] lost
    await _dead_lettered(c_engine, leads[4])
    reconciler = _reconciler(c_engine, app, await tokens.token("events:reconcile"))

    gaps = await reconciler.reconcile_all()

    assert [(g.missing, g.republished) for g in gaps] == [(1, 1)]
    assert gaps[0].checked >= 6
    assert await _unsent(p_engine, leads) == {leads[5]}  # the relay sends it again; nothing else is touched
    # once handled (the re-delivery), the next round finds nothing missing and asks for nothing
    await _handled(c_engine, leads[5])
    async with p_engine.begin() as conn:
        await conn.execute(update(P_OUTBOX).where(P_OUTBOX.c.event_id == leads[5]).values(sent_at=func.now()))
    assert [(g.missing, g.republished) for g in await reconciler.reconcile_all()] == [(0, 0)]
    await reconciler.aclose()


async def test_the_day_digest_is_a_count_and_a_hash_of_the_sorted_ids_and_ids_page_in_order(world, tokens):
    import hashlib

    p_engine, _, app = world
    event_type = f"reconcile_test.digest_{uuid.uuid4().hex[:6]}.v1"
    kind = type("Digested", (LeadReported,), {"event_type": event_type, "__annotations__": {}})
    ids = await _publish(p_engine, *(kind(ref=str(i)) for i in range(5)))
    today = datetime.now(UTC).astimezone().date()
    headers = await tokens.headers("events:reconcile")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://p", headers=headers) as c:
        digests = (await c.get("/api/v1/outbox/digests", params={
            "event_type": event_type, "since": (today - timedelta(days=1)).isoformat(),
            "until": (today + timedelta(days=1)).isoformat()})).json()["items"]
        assert [(d["count"], d["sha256"]) for d in digests] == [
            (5, hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest())]
        first = (await c.get("/api/v1/outbox/event-ids", params={"event_type": event_type, "day": digests[0]["day"],
                                                                 "limit": 3})).json()
        rest = (await c.get("/api/v1/outbox/event-ids", params={"event_type": event_type, "day": digests[0]["day"],
                                                                "cursor": first["next_cursor"]})).json()
        assert first["items"] + rest["items"] == sorted(ids) and rest["next_cursor"] is None
        backwards = await c.get("/api/v1/outbox/digests", params={"event_type": event_type, "since": "2026-12-03",
                                                                  "until": "2026-12-01"})
        assert backwards.status_code == 422 and backwards.json()["errors"][0]["field"] == "until"
        too_long = await c.get("/api/v1/outbox/digests", params={"event_type": event_type, "since": "2026-01-01",
                                                                 "until": "2026-12-01"})
        assert too_long.status_code == 422


async def test_republishing_a_time_range_is_an_operators_act_and_is_audited(world, tokens):
    p_engine, _, app = world
    event_type = f"reconcile_test.range_{uuid.uuid4().hex[:6]}.v1"
    kind = type("Ranged", (LeadReported,), {"event_type": event_type, "__annotations__": {}})
    ids = await _publish(p_engine, *(kind(ref=str(i)) for i in range(3)))
    body = {"since": (datetime.now(UTC) - timedelta(minutes=5)).isoformat(),
            "until": (datetime.now(UTC) + timedelta(minutes=1)).isoformat(), "event_types": [event_type]}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://p") as c:
        refused = await c.post("/api/v1/outbox/republish-range", json=body,
                               headers=await tokens.headers("events:reconcile"))
        assert refused.status_code == 403 and await _unsent(p_engine, ids) == set()
        done = await c.post("/api/v1/outbox/republish-range", json=body,
                            headers=await tokens.headers("outbox:republish"))
        assert done.status_code == 200 and done.json() == {"republished": 3}
        backwards = await c.post("/api/v1/outbox/republish-range", json=body | {"until": body["since"]},
                                 headers=await tokens.headers("outbox:republish"))
        assert backwards.status_code == 422
    assert await _unsent(p_engine, ids) == set(ids)
    async with p_engine.connect() as conn:
        audited = (await conn.execute(select(PRODUCER.tables["audit_log"].c.resource, PRODUCER.tables[
            "audit_log"].c.event_count).where(PRODUCER.tables["audit_log"].c.route.like("%republish-range")))).all()
    assert any(count == 3 and resource.startswith("outbox ") for resource, count in audited)


async def test_sent_rows_are_kept_for_the_retention_then_pruned_and_unsent_rows_never(world):
    p_engine, _, _ = world
    ids = await _publish(p_engine, *(LeadReported(ref=f"old-{i}") for i in range(3)))
    async with p_engine.begin() as conn:
        await conn.execute(update(P_OUTBOX).where(P_OUTBOX.c.event_id.in_(ids))
                           .values(created_at=func.now() - timedelta(days=8)))
        await conn.execute(update(P_OUTBOX).where(P_OUTBOX.c.event_id == ids[2]).values(sent_at=None))
    await prune_sent(p_engine, P_OUTBOX, retention=timedelta(days=7))
    async with p_engine.connect() as conn:
        left = set((await conn.execute(select(P_OUTBOX.c.event_id).where(P_OUTBOX.c.event_id.in_(ids)))).scalars())
    assert left == {ids[2]}  # still to be sent: never pruned


async def test_a_woken_reconciler_runs_after_the_grace_period_not_at_the_next_interval(world, tokens):
    _, c_engine, app = world
    reconciler = _reconciler(c_engine, app, await tokens.token("events:reconcile"))
    reconciler._settings = ReconcileSettings(grace_s=0.2, interval_s=3600, first_run_after_s=3600)
    rounds: list[float] = []
    original = reconciler.reconcile_all

    async def counted() -> list:
        rounds.append(asyncio.get_running_loop().time())
        return await original()

    reconciler.reconcile_all = counted
    stop = asyncio.Event()
    task = asyncio.create_task(reconciler.run(stop))
    started = asyncio.get_running_loop().time()
    reconciler.wake()
    for _ in range(100):
        if rounds:
            break
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(task, 5)
    assert len(rounds) == 1 and 0.2 <= rounds[0] - started < 3
    await reconciler.aclose()


def test_the_settings_name_every_producer_a_service_consumes_from():
    from platform_runtime.container import _reconciler

    settings = ServiceSettings(service_name="x", identity=IdentitySettings(
        issuer="http://issuer", audience="a", client_id="svc-x", client_secret="s"))
    leads = type("Lead", (IntegrationEvent,), {"__module__": "platform_events.contracts.hotline_ingestion",
                                                "event_type": "workorder.lead.v1", "topic": "t", "__annotations__": {}})
    reconciler = _reconciler(settings, None, C_INBOX, C_DEAD, [leads])
    assert [(s.name, s.base_url, s.event_types) for s in reconciler.sources] == [
        ("hotline_ingestion", "http://127.0.0.1:8005", ("workorder.lead.v1",))]
    assert _reconciler(settings.model_copy(update={"identity": IdentitySettings()}), None, C_INBOX, C_DEAD,
                       [leads]) is None  # no client credentials to ask with: off (and logged)
    assert json.dumps(settings.reconcile.sources)  # documented defaults: the ports of CONVENTIONS.md


def test_an_operator_republishes_a_time_range_with_the_outbox_command(local_stack, capsys):
    """`<service>-outbox republish --since … --until …` (platform_runtime.entrypoints.run_outbox)."""
    from platform_runtime.entrypoints import run_outbox

    url = local_stack.database_url("reconcile_producer")
    event_type = f"reconcile_test.cli_{uuid.uuid4().hex[:6]}.v1"
    kind = type("Commanded", (LeadReported,), {"event_type": event_type, "__annotations__": {}})

    async def published() -> list[str]:
        engine = build_engine(DatabaseSettings(url=url, pool_size=1))
        try:
            return await _publish(engine, *(kind(ref=str(i)) for i in range(2)))
        finally:
            await engine.dispose()

    ids = asyncio.run(published())

    class Runtime:
        def __init__(self) -> None:
            self.engine, self.outbox = build_engine(DatabaseSettings(url=url, pool_size=1)), P_OUTBOX

        async def close(self) -> None:
            await self.engine.dispose()

    since = (datetime.now(UTC) - timedelta(minutes=5)).isoformat()
    until = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()
    settings = ServiceSettings(service_name="reconcile_producer")
    assert run_outbox(settings, lambda s: Runtime(), ["republish", "--since", since, "--until", until,
                                                      "--event-type", event_type]) == 0
    assert capsys.readouterr().out.strip() == "2 events marked to be sent again"
    assert run_outbox(settings, lambda s: Runtime(), ["republish", "--since", until, "--until", since]) == 2

    async def unsent() -> set[str]:
        engine = build_engine(DatabaseSettings(url=url, pool_size=1))
        try:
            return await _unsent(engine, ids)
        finally:
            await engine.dispose()

    assert asyncio.run(unsent()) == set(ids)
    with pytest.raises(SystemExit):  # an instant without its offset is refused by the parser
        run_outbox(settings, lambda s: Runtime(), ["republish", "--since", "2026-12-03T08:00", "--until", until])
