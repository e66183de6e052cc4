"""Results publicity (R-7): publication redacted (T-6, P-31), staged for the 公示系统 endpoint in the same
transaction and listed among the webhook deliveries, the clock met, the public list; a clock past its due date
signalled once, and a publication after it marked late."""

from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import select

from inspection_scheduling.adapters import tables
from inspection_scheduling.application.publicity import PublicityClockRules
from platform_runtime.clock_watcher import pickup

from .test_visits import approved_visit, entity, events, record

BREACHED = "inspection_results.publicity_breached.v1"


async def done_visit(client, runtime, agency, finding: str | None = None) -> tuple[str, dict]:
    code = await entity(runtime, agency.region)
    visit = await approved_visit(client, agency, code, inspectors=agency.inspectors[:2])
    result = ("problem_found", finding) if finding else ("no_problem", None)
    done = await client.post(f"/api/v1/visits/{visit['id']}/results",
                             json=record(agency.inspectors[:2], [visit["tasks"][0]["id"]], *result))
    assert done.json()["status"] == "done", done.text
    return code, done.json()


async def test_r7_t6_p31_published_results_are_redacted_pushed_to_the_publicity_endpoint_and_the_clock_is_met(
        inspection, agency):
    client, runtime = inspection
    code, visit = await done_visit(client, runtime, agency, finding="未公示许可证，现场负责人电话 13812345678")
    published = await client.post(f"/api/v1/visits/{visit['id']}/publication")
    again = await client.post(f"/api/v1/visits/{visit['id']}/publication")
    body = published.json()["publication"]
    assert published.json()["publicity_clock"]["state"] == "met" and again.status_code == 409
    assert body["results"][0]["finding"] == "未公示许可证，现场负责人电话 138****5678"
    assert body["credit_code"] == code and body["late"] is False
    assert {p["certificate_no"] for p in body["inspectors"]} == {f"ZF{p}" for p in agency.inspectors[:2]}
    deliveries = (await client.get("/api/v1/webhook-deliveries", params={"aggregate": visit["id"]})).json()["items"]
    assert [(d["endpoint"], d["event_type"]) for d in deliveries] == [("publicity", "inspection_results.published")]
    assert deliveries[0]["payload"]["results"] == body["results"]
    public = httpx.AsyncClient(transport=client._transport, base_url=client.base_url)  # no token
    listed = (await public.get("/api/v1/public/results", params={"credit_code": code})).json()["items"]
    assert listed == [body] and "13812345678" not in str(listed)
    assert await events(runtime, code, "inspection_results.published.v1") == 1


async def test_r7_results_past_the_publicity_clock_emit_the_breached_event_once(inspection, agency):
    client, runtime = inspection
    code, visit = await done_visit(client, runtime, agency)
    rules, later = PublicityClockRules(runtime.services), datetime.now(UTC) + timedelta(days=60)
    for _ in range(2):
        await pickup(runtime.uow, tables.clock, rules, runtime.services.calendar, now=later)
    assert await events(runtime, code, BREACHED) == 1
    shown = (await client.get(f"/api/v1/visits/{visit['id']}")).json()["publicity_clock"]
    assert shown["state"] == "running"  # breached is read from the time: today it is still within the period
    async with runtime.engine.connect() as conn:
        c = tables.clock.c
        breached_at = (await conn.execute(select(c.breached_at).where(c.subject_id == visit["id"]))).scalar_one()
    assert breached_at == later


async def test_r7_a_publication_after_the_due_date_is_marked_late(inspection, agency):
    client, runtime = inspection
    code, visit = await done_visit(client, runtime, agency)
    async with runtime.engine.begin() as conn:  # the visit's period ran out yesterday
        c = tables.clock.c
        await conn.execute(tables.clock.update().where(c.subject_id == visit["id"]).values(
            due_at=datetime.now(UTC) - timedelta(days=1), warn_at=datetime.now(UTC) - timedelta(days=5)))
    published = (await client.post(f"/api/v1/visits/{visit['id']}/publication")).json()
    assert published["publication"]["late"] is True and published["publicity_clock"]["state"] == "breached"
