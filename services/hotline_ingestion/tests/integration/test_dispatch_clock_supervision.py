"""A dispatcher confirms or overrides the routing suggestion (H-9); the clock pauses (H-3, §11.1); 督办 follows
a breach and a 不满意 rating by itself (H-10)."""

import asyncio
import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select, update

from hotline_ingestion.adapters import tables
from platform_calendar import WorkCalendar, shanghai_date


async def _seed_catalog(runtime, term: str) -> tuple[str, str]:
    """A local copy with one department whose matter names `term`, and one that does not."""
    tag = uuid.uuid4().hex[:6].upper()
    owner, other = f"T-{tag}-CG", f"T-{tag}-SC"
    async with runtime.uow() as uow:
        await uow.session.execute(tables.department_copy.insert(), [
            dict(code=owner, name="测试城管局", region_code="210681", sector="城市管理", responsibilities=[],
                 source_event_id=str(uuid.uuid4())),
            dict(code=other, name="测试市场监管局", region_code="210681", sector="市场监管", responsibilities=[],
                 source_event_id=str(uuid.uuid4()))])
        await uow.session.execute(tables.matter_copy.insert().values(
            code=f"{owner}-M1", name=f"对{term}的处罚", department_code=owner, matter_type="处罚", keywords=[term],
            active=True, source_event_id=str(uuid.uuid4())))
        await uow.commit()
    return owner, other


async def test_h9_dispatch_to_the_top_suggestion_is_recorded_as_confirmed(hotline, order, act):
    client, runtime = hotline
    term = f"盲道占用{uuid.uuid4().hex[:4]}"
    owner, _ = await _seed_catalog(runtime, term)
    oid = (await client.post("/api/v1/work-orders", json=order(content=f"人行道上{term}严重，行人只能走机动车道"))).json()["id"]
    top = (await client.get(f"/api/v1/work-orders/{oid}/routing-suggestions")).json()["suggestions"][0]
    assert top["department_code"] == owner and top["matched_rule"] == f"catalog:{owner}-M1"
    done = (await act(oid, action="派单", lead_unit=owner)).json()
    routing = done["history"][-1]["details"]["routing"]
    assert routing["decision"] == "confirmed" and routing["chosen"] == owner
    assert routing["suggested"][0]["matched_rule"] == f"catalog:{owner}-M1"
    assert done["matter_code"] == f"{owner}-M1"  # classified at intake from the same catalog


async def test_h9_an_override_needs_a_reason_which_is_recorded(hotline, order, act, integrator):
    client, runtime = hotline
    term = f"盲道占用{uuid.uuid4().hex[:4]}"
    owner, other = await _seed_catalog(runtime, term)
    oid = (await client.post("/api/v1/work-orders", json=order(content=f"人行道上{term}严重"))).json()["id"]
    refused = await act(oid, action="派单", lead_unit=other)
    assert refused.status_code == 422 and refused.json()["rule"] == "H-9"
    assert refused.json()["errors"][0]["field"] == "reason"
    assert (await client.get(f"/api/v1/work-orders/{oid}")).json()["status"] == "受理"  # nothing changed
    done = (await act(oid, action="派单", lead_unit=other, reason="占道者为食品摊贩，属市场监管")).json()
    entry = done["history"][-1]
    assert entry["details"]["routing"]["decision"] == "overridden" and entry["reason"].startswith("占道者")
    assert entry["actor"] == integrator["client_id"]  # the verified caller, never a header
    assert entry["details"]["caller"]["client_id"] == integrator["client_id"]


async def test_h3_a_pause_stops_the_clock_and_resuming_adds_the_paused_working_days(hotline, order, act):
    client, runtime = hotline
    oid = (await client.post("/api/v1/work-orders", json=order())).json()["id"]
    for step in (dict(action="派单", lead_unit="DG-ZHZF", reason="油烟噪音属综合执法"), dict(action="签收", unit="DG-ZHZF")):
        assert (await act(oid, **step)).status_code == 200
    before = (await client.get(f"/api/v1/work-orders/{oid}")).json()
    paused = (await act(oid, action="暂停计时", reason="等待油烟检测报告")).json()
    assert paused["clock_state"] == "paused" and paused["due_at"] is None and paused["status"] == "签收"
    assert (await act(oid, action="暂停计时", reason="again")).json()["allowed"] == [
        "办理", "退单", "延期申请", "延期批准", "延期驳回", "恢复计时", "督办"]
    started = datetime.now(UTC) - timedelta(days=14)  # as if the pause had lasted two weeks
    async with runtime.uow() as uow:
        lifecycle = dict(paused["lifecycle"]) | {"paused_since": started.isoformat()}
        await uow.session.execute(update(tables.work_order).where(tables.work_order.c.id == oid)
                                  .values(lifecycle=lifecycle))
        await uow.commit()
    resumed = (await act(oid, action="恢复计时")).json()
    calendar = WorkCalendar(unknown_year="provisional")
    gained = calendar.working_days_between(shanghai_date(started), shanghai_date(datetime.now(UTC)))
    expected = calendar.add_working_days(date.fromisoformat(before["clock"]["due_on"]), gained).due
    assert gained >= 1 and resumed["clock"]["due_on"] == expected.isoformat()
    assert resumed["clock_state"] in ("running", "approaching") and len(resumed["lifecycle"]["pauses"]) == 1


async def test_h10_a_breached_deadline_raises_supervision_once_by_itself(hotline, order, act):
    client, runtime = hotline
    late = (await client.post("/api/v1/work-orders", json=order(received_at="2025-09-30T10:00:00+08:00"))).json()

    async def supervised() -> list[dict]:
        got = (await client.get(f"/api/v1/work-orders/{late['id']}")).json()
        return [h for h in got["history"] if h["action"] == "督办"]

    for _ in range(100):
        if await supervised():
            break
        await asyncio.sleep(0.1)
    await asyncio.sleep(1.0)  # several more scans
    entries = await supervised()
    assert len(entries) == 1 and entries[0]["actor"] == "system:deadline-watcher"
    assert entries[0]["reason"].startswith("超期") and entries[0]["rule_ids"] == ["H-10"]
    got = (await client.get(f"/api/v1/work-orders/{late['id']}")).json()
    assert got["lifecycle"]["supervised"] is True and got["status"] == "受理"


async def test_h10_a_dissatisfied_rating_raises_supervision_in_the_same_step(hotline, order, act):
    client, runtime = hotline
    oid = (await client.post("/api/v1/work-orders", json=order())).json()["id"]
    for step in (dict(action="派单", lead_unit="DG-ZHZF", reason="油烟噪音属综合执法"), dict(action="签收", unit="DG-ZHZF"),
                 dict(action="办理", unit="DG-ZHZF"), dict(action="回复", unit="DG-ZHZF", reason="已约谈"),
                 dict(action="办结"), dict(action="回访", reason="群众称仍有油烟")):
        assert (await act(oid, **step)).status_code == 200
    rated = (await act(oid, action="评价", evaluation="不满意", reason="问题未解决")).json()
    assert [h["action"] for h in rated["history"][-2:]] == ["评价", "督办"]
    assert rated["history"][-1]["reason"].startswith("不满意") and rated["status"] == "评价"
    async with runtime.engine.connect() as conn:
        types = [h[h.index("ce_type") + 1] for h in (await conn.execute(
            select(tables.outbox.c.headers).where(tables.outbox.c.message_key == oid))).scalars()]
    assert types.count("workorder.status_changed.v1") == 8
