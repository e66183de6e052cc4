"""Who sees and changes which work order, against the real issuer (OWASP API1/BOLA; rules H-9, K-7, H-4).

A handling unit's system sees only the orders dispatched to it (主办 or 协办) and gets 404 for any other, on every
route that takes an id; a region-wide reader sees its whole region but holds no scope to change anything (403);
another region's platform sees nothing here and receives nothing for this region. Who called (the requester's name
and phone) reaches only cleared callers, and each such read is in the audit log.
"""

import uuid

import pytest
from sqlalchemy import select

from hotline_ingestion.adapters import tables
from platform_devstack.pytest_plugin import log_lines

REGION = "210698"  # this module's own 行政区划: its lists hold only its own orders
READER = "workorders:read analytics:read"  # the 司法局's supervision console: reads only
PLATFORM = "workorders:read workorders:write workorders:dispatch analytics:read audit:read"
UNIT = "workorders:read workorders:handle analytics:read"


@pytest.fixture(scope="module")
async def units(unit_headers) -> dict:
    """Three units of this module (lead, co-unit, a stranger to the order) and their systems' headers."""
    tag = uuid.uuid4().hex[:6].upper()
    codes = {name: f"DS-{name}-{tag}" for name in ("lead", "co", "other")}
    return {name: (code, await unit_headers(code, scopes=UNIT, region=REGION)) for name, code in codes.items()}


@pytest.fixture(scope="module")
async def reader(tokens) -> dict:
    return await tokens.headers(READER, region="2106", data_scope="region", clearance="internal")


@pytest.fixture(scope="module")
async def elsewhere(tokens) -> dict:
    """Another county's 12345 platform, cleared and with every scope, but for 210697."""
    return await tokens.headers(PLATFORM, region="210697", data_scope="region", clearance="confidential")


async def _dispatched(client, order, units: dict, **overrides) -> dict:
    created = (await client.post("/api/v1/work-orders", json=order(region_code=REGION, **overrides))).json()
    lead, co = units["lead"][0], units["co"][0]
    response = await client.post(f"/api/v1/work-orders/{created['id']}/actions", json={
        "action": "派单", "lead_unit": lead, "co_units": [co], "reason": "按职责派单"})
    assert response.status_code == 200, response.text
    return response.json()


async def _listed(client, headers: dict) -> set[str]:
    page = (await client.get("/api/v1/work-orders", params={"region_code": REGION, "limit": 500},
                             headers=headers)).json()
    return {o["id"] for o in page["items"]}


async def test_another_units_order_is_a_404_on_every_route_and_absent_from_its_lists(hotline, order, units):
    client, runtime = hotline
    oid = (await _dispatched(client, order, units))["id"]
    stranger = units["other"][1]
    answers = [await client.get(f"/api/v1/work-orders/{oid}", headers=stranger),
               await client.get(f"/api/v1/work-orders/{oid}/routing-suggestions", headers=stranger),
               await client.post(f"/api/v1/work-orders/{oid}/actions", json={"action": "签收"}, headers=stranger)]
    assert [a.status_code for a in answers] == [404, 404, 404]
    unknown = str(uuid.uuid4())  # the answer is the one for an order that does not exist: nothing leaks
    nowhere = await client.get(f"/api/v1/work-orders/{unknown}", headers=stranger)
    assert answers[0].json() == nowhere.json() | {"detail": nowhere.json()["detail"].replace(unknown, oid)}
    assert oid not in await _listed(client, stranger)


async def test_the_lead_and_the_co_unit_see_the_order_dispatched_to_them(hotline, order, units):
    client, runtime = hotline
    oid = (await _dispatched(client, order, units))["id"]
    for name in ("lead", "co"):
        headers = units[name][1]
        assert (await client.get(f"/api/v1/work-orders/{oid}", headers=headers)).status_code == 200
        assert (await client.get(f"/api/v1/work-orders/{oid}/routing-suggestions", headers=headers)).status_code == 200
        assert oid in await _listed(client, headers)


async def test_a_region_wide_reader_sees_every_order_of_its_region_but_may_change_none(hotline, order, units, reader):
    client, runtime = hotline
    dispatched = await _dispatched(client, order, units)
    fresh = (await client.post("/api/v1/work-orders", json=order(region_code=REGION))).json()
    oid = dispatched["id"]
    assert (await client.get(f"/api/v1/work-orders/{oid}", headers=reader)).status_code == 200
    assert {oid, fresh["id"]} <= await _listed(client, reader)
    refused = [await client.post(f"/api/v1/work-orders/{fresh['id']}/actions", headers=reader,
                                 json={"action": "派单", "lead_unit": units["lead"][0], "reason": "x"}),
               await client.post(f"/api/v1/work-orders/{oid}/actions", json={"action": "签收"}, headers=reader),
               await client.post("/api/v1/work-orders", json=order(region_code=REGION), headers=reader)]
    assert [r.status_code for r in refused] == [403, 403, 403]
    assert refused[0].json()["required_scopes"] == ["workorders:dispatch"]
    assert refused[1].json()["required_scopes"] == ["workorders:handle"]
    assert (await client.get(f"/api/v1/work-orders/{fresh['id']}")).json()["status"] == "受理"  # nothing changed


async def test_another_regions_platform_sees_nothing_here_and_receives_nothing_for_this_region(
    hotline, order, units, elsewhere
):
    client, _ = hotline
    oid = (await _dispatched(client, order, units))["id"]
    read = await client.get(f"/api/v1/work-orders/{oid}", headers=elsewhere)
    supervise = await client.post(f"/api/v1/work-orders/{oid}/actions", json={"action": "督办", "trigger": "超期"},
                                  headers=elsewhere)
    assert (read.status_code, supervise.status_code) == (404, 404)
    assert oid not in await _listed(client, elsewhere)
    single = await client.post("/api/v1/work-orders", json=order(region_code=REGION), headers=elsewhere)
    assert single.status_code == 403 and single.json()["errors"][0]["field"] == "region_code"
    mine, theirs = order(region_code="210697"), order(region_code=REGION)
    bulk = (await client.post("/api/v1/work-orders/bulk", json=[mine, theirs], headers=elsewhere)).json()
    assert [i["outcome"] for i in bulk["items"]] == ["accepted", "rejected"]
    assert bulk["items"][1]["errors"][0]["field"] == "region_code"


async def test_a_units_system_receives_no_orders_they_reach_it_by_dispatch(hotline, order, units, unit_headers):
    client, _ = hotline
    headers = await unit_headers(units["lead"][0], scopes="workorders:read workorders:write", region=REGION)
    refused = await client.post("/api/v1/work-orders", json=order(region_code=REGION), headers=headers)
    assert refused.status_code == 403 and refused.json()["type"].endswith("not-permitted")


async def test_h9_a_unit_acts_as_itself_never_as_the_unit_a_body_names(hotline, order, units, claims):
    client, _ = hotline
    oid = (await _dispatched(client, order, units))["id"]
    lead, lead_headers = units["lead"]
    co, co_headers = units["co"]
    url = f"/api/v1/work-orders/{oid}/actions"
    posing = await client.post(url, json={"action": "签收", "unit": lead}, headers=co_headers)
    assert posing.status_code == 403 and posing.json()["rule"] == "H-9"  # the co-unit naming the lead
    as_co = await client.post(url, json={"action": "签收", "unit": co}, headers=co_headers)
    assert as_co.status_code == 403 and as_co.json()["rule"] == "H-9"  # itself, but not the lead unit (主办)
    centre = await client.post(url, json={"action": "签收", "unit": lead})  # the centre holds no unit's agency
    assert centre.status_code == 403 and centre.json()["rule"] == "H-9"
    signed = await client.post(url, json={"action": "签收"}, headers=lead_headers)  # no unit named: its own
    assert signed.status_code == 200, signed.text
    entry = signed.json()["history"][-1]
    assert (entry["action"], entry["actor"]) == ("签收", lead)
    assert entry["details"]["caller"]["client_id"] == claims(lead_headers)["client_id"]


async def test_h9_a_unit_may_not_take_the_centres_acts(hotline, order, units):
    client, _ = hotline
    oid = (await _dispatched(client, order, units))["id"]
    refused = await client.post(f"/api/v1/work-orders/{oid}/actions", json={"action": "督办", "trigger": "超期"},
                                headers=units["lead"][1])
    assert refused.status_code == 403 and refused.json()["required_scopes"] == ["workorders:dispatch"]
    assert refused.headers["www-authenticate"].startswith("Bearer")


async def test_h4_k7_who_called_reaches_only_a_cleared_caller_and_never_an_event(hotline, order, units):
    client, runtime = hotline
    phone, name = "13912345678", "赵女士"
    with log_lines() as logged:  # every log line of intake, dispatch and the reads below
        await _who_called_is_shown(client, runtime, order, units, phone, name)
    assert any(line.get("event") == "request" for line in logged)
    assert phone not in repr(logged) and name not in repr(logged)


async def _who_called_is_shown(client, runtime, order, units, phone: str, name: str) -> None:
    dispatched = await _dispatched(client, order, units, requester={"name": name, "phone": phone},
                                   content=f"烧烤店油烟扰民，请回电{phone}")
    oid = dispatched["id"]
    assert dispatched["requester"]["phone"] == phone  # the default caller is cleared
    shown = [await client.get(f"/api/v1/work-orders/{oid}", headers=units["lead"][1]),
             await client.get("/api/v1/work-orders", params={"region_code": REGION, "limit": 500},
                              headers=units["lead"][1])]
    for answer in shown:
        assert answer.status_code == 200 and phone not in answer.text and name not in answer.text
    one = shown[0].json()
    assert set(one["requester"]) == {"anonymous", "keep_confidential"}
    assert one["content"] == "烧烤店油烟扰民，请回电139****5678"
    async with runtime.engine.connect() as conn:
        payloads = (await conn.execute(select(tables.outbox.c.payload).where(
            tables.outbox.c.message_key == oid))).scalars().all()
    assert len(payloads) >= 2 and all(phone.encode() not in p and name.encode() not in p for p in payloads)


async def test_a_cleared_read_of_who_called_is_in_the_audit_log(hotline, order, units, integrator):
    client, _ = hotline
    oid = (await _dispatched(client, order, units))["id"]
    request_id = f"read-{uuid.uuid4().hex}"
    assert (await client.get(f"/api/v1/work-orders/{oid}", headers={"X-Request-ID": request_id})).status_code == 200
    rows = (await client.get("/api/v1/audit-log", params={"kind": "confidential_read",
                                                          "client_id": integrator["client_id"]})).json()["items"]
    row = next(r for r in rows if r["request_id"] == request_id)
    assert row["resource"] == f"work_order/{oid}" and row["subject"] == integrator["sub"]
    unit_read = f"unit-{uuid.uuid4().hex}"  # shown no requester: nothing confidential to log
    assert (await client.get(f"/api/v1/work-orders/{oid}", headers=units["lead"][1] | {"X-Request-ID": unit_read})
            ).status_code == 200
    logged = (await client.get("/api/v1/audit-log", params={"kind": "confidential_read"})).json()["items"]
    assert unit_read not in {r["request_id"] for r in logged}


async def test_a_change_is_in_the_audit_log_with_client_subject_and_request_id(hotline, order, units, claims):
    client, _ = hotline
    oid = (await _dispatched(client, order, units))["id"]
    lead, headers = units["lead"]
    request_id = f"sign-{uuid.uuid4().hex}"
    signed = await client.post(f"/api/v1/work-orders/{oid}/actions", json={"action": "签收"},
                               headers=headers | {"X-Request-ID": request_id})
    assert signed.status_code == 200, signed.text
    who = claims(headers)
    rows = (await client.get("/api/v1/audit-log", params={"client_id": who["client_id"], "kind": "change"})).json()
    row = next(r for r in rows["items"] if r["request_id"] == request_id)
    assert (row["subject"], row["agencies"], row["method"]) == (who["sub"], [lead], "POST")
    assert row["route"] == f"/api/v1/work-orders/{oid}/actions" and oid in row["resource"]
    assert row["event_types"] == ["workorder.status_changed.v1"]


async def test_analytics_count_only_the_orders_the_caller_sees(hotline, order, units, elsewhere):
    client, _ = hotline
    await _dispatched(client, order, units)
    params = {"region_code": REGION}
    mine = (await client.get("/api/v1/analytics/hotspots", params=params, headers=units["lead"][1])).json()
    stranger = (await client.get("/api/v1/analytics/hotspots", params=params, headers=units["other"][1])).json()
    theirs = (await client.get("/api/v1/analytics/hotspots", params=params, headers=elsewhere)).json()
    everyone = (await client.get("/api/v1/analytics/hotspots", params=params)).json()
    assert mine["total"] >= 1 and stranger["total"] == 0 and theirs["total"] == 0
    assert everyone["total"] >= mine["total"]
