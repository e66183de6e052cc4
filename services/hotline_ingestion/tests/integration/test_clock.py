"""The handling clock stored on each order counts working days over the statutory calendar (H-7, G-1)."""


async def test_h7_g1_a_complaint_received_before_national_day_is_due_five_working_days_later_counting_the_makeup_saturday(
    hotline, order
):
    client, _ = hotline
    created = (await client.post("/api/v1/work-orders", json=order(received_at="2025-09-30T10:00:00+08:00"))).json()
    clock = created["clock"]
    # 10-01..10-08 rest; 10-09 (1), 10-10 (2), Sat 10-11 调休 working day (3), 10-13 (4), 10-14 (5)
    assert clock["due_on"] == "2025-10-14" and clock["kind"] == "handling"
    assert "H-7" in clock["rule_ids"] and "G-1" in clock["rule_ids"]
    assert created["clock_state"] == clock["state"] == "breached"  # long past on any run date after 2025


async def test_h3_a_very_urgent_order_runs_on_hours_through_the_holiday(hotline, order):
    client, _ = hotline
    created = (await client.post("/api/v1/work-orders", json=order(
        received_at="2026-02-17T09:00:00+08:00", urgency="特急"))).json()
    assert created["clock"]["due_on"] is None  # an hour clock has a due instant, no due day
    assert created["clock"]["due_at"].startswith("2026-02-17T")


async def test_h7_an_approved_extension_moves_the_due_date_by_working_days(hotline, order, act):
    client, _ = hotline
    oid = (await client.post("/api/v1/work-orders", json=order(received_at="2026-02-12T10:00:00+08:00"))).json()["id"]
    for step in (dict(action="派单", lead_unit="DG-ZHZF", reason="油烟噪音属综合执法"), dict(action="签收", unit="DG-ZHZF"),
                 dict(action="延期申请", unit="DG-ZHZF", days=2, reason="需现场复测"), dict(action="延期批准")):
        assert (await act(oid, **step)).status_code == 200
    got = (await client.get(f"/api/v1/work-orders/{oid}")).json()
    # 5 WD from 02-12: 02-13, Sat 02-14 (调休), 02-24, 02-25, 02-26; +2 WD → 02-27, Sat 02-28 (调休)
    assert got["clock"]["due_on"] == "2026-02-28"


async def test_g1_a_due_date_in_a_year_without_its_holiday_notice_is_flagged_provisional(hotline, order, act):
    client, _ = hotline
    # received today (a receipt time in the future is refused): an approved extension carries the due date into
    # 2027, a year whose holiday notice the calendar does not know yet
    oid = (await client.post("/api/v1/work-orders", json=order(received_at="2026-12-03T10:00:00+08:00"))).json()["id"]
    for step in (dict(action="派单", lead_unit="DG-ZHZF", reason="油烟噪音属综合执法"), dict(action="签收", unit="DG-ZHZF"),
                 dict(action="延期申请", unit="DG-ZHZF", days=20, reason="需等待检测机构排期"), dict(action="延期批准")):
        assert (await act(oid, **step)).status_code == 200
    created = (await client.get(f"/api/v1/work-orders/{oid}")).json()
    assert created["clock"]["provisional"] is True  # DOMAIN §1.2: recompute when the 2027 notice arrives
    assert created["clock"]["due_on"].startswith("2027-01-") and created["due_provisional"] is True
    listed = (await client.get("/api/v1/work-orders", params={"provisional": True, "limit": 500})).json()["items"]
    assert created["id"] in {x["id"] for x in listed}


async def test_a_breached_deadline_is_signalled_exactly_once_and_a_fresh_order_not_at_all(hotline, order):
    import asyncio
    from datetime import UTC, datetime

    from sqlalchemy import select

    from hotline_ingestion.adapters import tables

    client, runtime = hotline
    late = (await client.post("/api/v1/work-orders", json=order(received_at="2025-09-30T10:00:00+08:00"))).json()
    fresh = (await client.post("/api/v1/work-orders", json=order(
        received_at=datetime.now(UTC).isoformat()))).json()

    async def signals(work_order_id: str) -> list[str]:
        async with runtime.engine.connect() as conn:
            rows = (await conn.execute(select(tables.outbox.c.headers).where(
                tables.outbox.c.message_key == work_order_id))).scalars().all()
        return [h[h.index("ce_type") + 1] for h in rows if "deadline" in h[h.index("ce_type") + 1]]

    for _ in range(100):
        if await signals(late["id"]):
            break
        await asyncio.sleep(0.1)
    await asyncio.sleep(1.0)  # several more scans: nothing new may appear
    assert await signals(late["id"]) == ["workorder.deadline_breached.v1"]
    assert await signals(fresh["id"]) == []
