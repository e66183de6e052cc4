"""A year's holiday notice loaded from a file recomputes the provisional handling clocks (DOMAIN §1.2): the order's
due date moves to what the notice makes it, once, with a line in its history, in Open311 and in feedback."""

import asyncio

from sqlalchemy import select

from hotline_ingestion.adapters import tables
from hotline_ingestion.application.order_clock import OrderClockRules
from platform_devstack.holiday_notices import TEST_NOTICE_2027
from platform_runtime.clock_watcher import pickup


async def test_h7_g1_a_provisional_handling_clock_moves_once_when_the_2027_notice_is_loaded(
        hotline, order, act, holiday_notices):
    client, runtime = hotline
    oid = (await client.post("/api/v1/work-orders", json=order(received_at="2026-12-03T10:00:00+08:00"))).json()["id"]
    for step in (dict(action="派单", lead_unit="DG-ZHZF", reason="油烟噪音属综合执法"), dict(action="签收", unit="DG-ZHZF"),
                 dict(action="延期申请", unit="DG-ZHZF", days=45, reason="需等待检测机构排期"), dict(action="延期批准")):
        assert (await act(oid, **step)).status_code == 200
    before = (await client.get(f"/api/v1/work-orders/{oid}")).json()
    # 5 + 45 working days after 2026-12-03, by the statutory list alone: Tuesday 2027-02-16 (H-7, G-1)
    assert (before["clock"]["due_on"], before["clock"]["provisional"], before["due_provisional"]) == (
        "2027-02-16", True, True)
    georeport = (await client.get(f"/open311/v2/requests/{oid}.json")).json()[0]
    assert "暂定" in georeport["service_notice"]
    policies = runtime.services.policies
    with holiday_notices.loaded(TEST_NOTICE_2027, policies.clocks.calendar):
        rounds = [pickup(runtime.uow, tables.clock, OrderClockRules(policies), policies.clocks.calendar)
                  for _ in range(4)]
        await rounds[0]
        await rounds[1]  # the pickup runs again, and twice at once: nothing moves twice
        await asyncio.gather(*rounds[2:])
        after = (await client.get(f"/api/v1/work-orders/{oid}")).json()
        georeport = (await client.get(f"/open311/v2/requests/{oid}.json")).json()[0]
    # Sunday 31 Jan works, 9–12 Feb rest: three working days later, Friday 2027-02-19
    assert (after["clock"]["due_on"], after["clock"]["provisional"], after["due_provisional"]) == (
        "2027-02-19", False, False)
    assert georeport["expected_datetime"] == "2027-02-20T00:00:00+08:00" and "暂定" not in georeport["service_notice"]
    recomputed = [h for h in after["history"] if h["action"] == "时限重算"]
    assert len(recomputed) == 1 and "2027-02-20 00:00" in recomputed[0]["reason"]
    assert await _changed(runtime, oid) == 1


async def _changed(runtime, subject: str) -> int:
    o = tables.outbox.c
    async with runtime.engine.connect() as conn:
        headers = (await conn.execute(select(o.headers).where(o.message_key == subject))).scalars().all()
    return sum(1 for h in headers if h[h.index("ce_type") + 1] == "workorder.deadline_changed.v1")
