"""Repeat requests are linked to one parent; every requester stays a party and hears the parent's progress."""

import uuid

from sqlalchemy import func, select

from hotline_ingestion.adapters import tables
from platform_messaging.webhooks import list_deliveries


def _same_matter(order, party: str, **overrides) -> dict:
    return order(reported_party={"name": party}, **overrides)


async def _deliveries(runtime, work_order_id: str) -> list[dict]:
    """The feedback payloads staged for an order, in order (the HTTP outbox of platform_messaging)."""
    items, _ = await list_deliveries(runtime.engine, tables.webhook_delivery, aggregate_key=work_order_id, limit=500)
    return [item["payload"] for item in items]


async def test_a_repeat_about_the_same_party_is_merged_into_the_open_parent(hotline, order):
    client, runtime = hotline
    party = f"老李烧烤店{uuid.uuid4().hex[:6]}"
    parent = (await client.post("/api/v1/work-orders", json=_same_matter(order, party))).json()
    repeat = (await client.post("/api/v1/work-orders", json=_same_matter(
        order, party, content="楼下烧烤店油烟太大，晚上吵得睡不着", requester={"name": "王女士", "phone": "13900001111"}))).json()
    assert repeat["status"] == "已合并" and repeat["parent_id"] == parent["id"]
    assert repeat["due_at"] is None and repeat["clock"]["state"] == "stopped"  # the parent's clock governs
    merge = repeat["history"][-1]
    assert merge["action"] == "合并" and merge["details"]["matched_on"] == "被反映对象"
    assert merge["details"]["similarity"] >= 0.5 and parent["order_no"] in merge["reason"]
    got = (await client.get(f"/api/v1/work-orders/{parent['id']}")).json()
    assert [r["order_no"] for r in got["repeats"]] == [repeat["order_no"]]
    assert got["repeats"][0]["requester"]["phone"] == "13900001111"  # a party: shown to a cleared caller (K-7)
    assert (await _deliveries(runtime, repeat["id"]))[0]["merged_into"] == parent["order_no"]


async def test_every_requester_receives_the_parents_feedback_under_their_own_order_number(hotline, order, act):
    client, runtime = hotline
    party = f"夜市摊点{uuid.uuid4().hex[:6]}"
    parent = (await client.post("/api/v1/work-orders", json=_same_matter(order, party))).json()
    repeat = (await client.post("/api/v1/work-orders", json=_same_matter(order, party))).json()
    assert repeat["parent_id"] == parent["id"]
    for step in (dict(action="派单", lead_unit="DG-ZHZF", reason="油烟噪音属综合执法"), dict(action="签收", unit="DG-ZHZF")):
        assert (await act(parent["id"], **step)).status_code == 200
    fed = [p for p in await _deliveries(runtime, repeat["id"]) if p["action"] != "合并"]
    assert [(p["order_no"], p["action"], p["merged_into"]) for p in fed] == [
        (repeat["order_no"], "派单", parent["order_no"]), (repeat["order_no"], "签收", parent["order_no"])]


async def test_repeats_within_one_bulk_link_to_the_first_and_other_matters_stay_apart(hotline, order):
    client, _ = hotline
    party = f"星光KTV{uuid.uuid4().hex[:6]}"
    items = [_same_matter(order, party, content="星光KTV凌晨噪音扰民，音响声音很大"),
             _same_matter(order, party, content="星光KTV凌晨噪音扰民，音响声音太大影响休息"),
             _same_matter(order, party, content="星光KTV消防通道被杂物堵塞"),
             order(content="星光KTV凌晨噪音扰民，音响声音很大")]  # another party and address: not the same matter
    result = (await client.post("/api/v1/work-orders/bulk", json=items)).json()
    ids = [item["work_order_id"] for item in result["items"]]
    got = [(await client.get(f"/api/v1/work-orders/{i}")).json() for i in ids]
    assert [g["status"] for g in got] == ["受理", "已合并", "受理", "受理"]
    assert got[1]["parent_id"] == ids[0] and got[2]["parent_id"] is None


async def test_outside_the_window_a_request_is_a_new_order(hotline, order):
    client, _ = hotline
    party = f"城东菜市场{uuid.uuid4().hex[:6]}"
    await client.post("/api/v1/work-orders", json=_same_matter(order, party, received_at="2026-11-01T09:00:00+08:00"))
    later = (await client.post("/api/v1/work-orders", json=_same_matter(
        order, party, received_at="2026-11-20T09:00:00+08:00"))).json()
    assert later["status"] == "受理" and later["parent_id"] is None  # default window 168 h


async def test_a_dispatcher_merges_by_hand_and_splits_a_wrong_link_which_gets_its_own_clock_back(hotline, order, act):
    client, runtime = hotline
    parent = (await client.post("/api/v1/work-orders", json=order())).json()
    other = (await client.post("/api/v1/work-orders", json=order(content="同一油烟问题，换了电话再次反映"))).json()
    no_reason = await act(other["id"], action="合并", parent_id=parent["id"])
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "reason"
    merged = await act(other["id"], action="合并", parent_id=parent["id"], reason="同一烧烤店，来电人不同")
    assert merged.status_code == 200 and merged.json()["status"] == "已合并"
    refused = await act(other["id"], action="派单", lead_unit="DG-ZHZF", reason="x")
    assert refused.status_code == 409 and refused.json()["allowed"] == ["拆分"]
    split = (await act(other["id"], action="拆分", reason="核实后为不同商户")).json()
    assert split["status"] == "受理" and split["parent_id"] is None
    assert split["clock"]["due_on"] == other["clock"]["due_on"]  # counted from its own receipt again
    assert split["clock"]["state"] in ("running", "approaching", "breached")


async def test_merge_targets_must_exist_be_open_and_not_themselves_repeats(hotline, order, act):
    client, runtime = hotline
    parent = (await client.post("/api/v1/work-orders", json=order())).json()
    child = (await client.post("/api/v1/work-orders", json=order())).json()
    before = await _count(runtime, parent["id"], child["id"])
    for target, problem in ((str(uuid.uuid4()), "no such work order"), (child["id"], "itself")):
        refused = await act(child["id"], action="合并", parent_id=target, reason="重复")
        assert refused.status_code == 422 and problem in refused.json()["errors"][0]["message"]
    await act(child["id"], action="合并", parent_id=parent["id"], reason="重复")
    third = (await client.post("/api/v1/work-orders", json=order())).json()
    chained = await act(third["id"], action="合并", parent_id=child["id"], reason="重复")
    assert chained.status_code == 422 and f"请直接并入 {parent['id']}" in chained.json()["detail"]
    refused = await act(third["id"], action="合并", parent_id=parent["id"])
    assert refused.status_code == 422
    assert await _count(runtime, parent["id"], child["id"]) == before + 1  # only the one good merge wrote a line


async def _count(runtime, *ids: str) -> int:
    async with runtime.engine.connect() as conn:
        return (await conn.execute(select(func.count()).select_from(tables.work_order_history).where(
            tables.work_order_history.c.work_order_id.in_(ids)))).scalar_one()
