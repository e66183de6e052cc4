"""The work-order loop over HTTP: history is append-only, refusals name what is allowed, rules H-9/H-10 hold."""

from sqlalchemy import select

from hotline_ingestion.adapters import tables


async def _new(client, order) -> str:
    return (await client.post("/api/v1/work-orders", json=order())).json()["id"]


async def test_h2_the_full_loop_from_dispatch_to_evaluation_is_recorded_in_order(hotline, order, act):
    client, runtime = hotline
    oid = await _new(client, order)
    steps = [dict(action="派单", lead_unit="DG-ZHZF", co_units=["DG-STHJ"], reason="油烟噪音属综合执法"), dict(action="签收", unit="DG-ZHZF"),
             dict(action="办理", unit="DG-ZHZF"), dict(action="回复", unit="DG-ZHZF", reason="已责令整改，加装油烟净化器"),
             dict(action="办结"), dict(action="回访", reason="群众表示油烟明显减少"), dict(action="评价", evaluation="满意")]
    for step in steps:
        response = await act(oid, **step)
        assert response.status_code == 200, response.text
    final = response.json()
    assert final["status"] == "评价"
    assert [h["action"] for h in final["history"]] == ["受理", "派单", "签收", "办理", "回复", "办结", "回访", "评价"]
    async with runtime.engine.connect() as conn:
        types = [h[h.index("ce_type") + 1] for h in (await conn.execute(
            select(tables.outbox.c.headers).where(tables.outbox.c.message_key == oid))).scalars()]
    assert types.count("workorder.status_changed.v1") == 7


async def test_an_invalid_transition_is_refused_naming_the_allowed_actions(hotline, order, act):
    client, _ = hotline
    oid = await _new(client, order)
    refused = await act(oid, action="办结")
    assert (refused.status_code, refused.json()["rule"]) == (409, "H-2")
    assert set(refused.json()["allowed"]) >= {"派单", "不予受理"}


async def test_h9_a_designated_unit_cannot_return_the_order_again(hotline, order, act):
    client, _ = hotline
    oid = await _new(client, order)
    await act(oid, action="派单", lead_unit="DG-SCJG", reason="涉及食品经营")
    first = await act(oid, action="退单", unit="DG-SCJG", reason="不属于本单位职责")
    assert first.status_code == 200 and first.json()["status"] == "退单"
    await act(oid, action="派单", lead_unit="DG-SCJG", reason="经研判属市场监管职责")
    second = await act(oid, action="退单", unit="DG-SCJG", reason="仍不属于")
    assert second.status_code == 422 and second.json()["rule"] == "H-9"  # a rule refused: 422, as everywhere


async def test_h9_only_the_lead_unit_signs(hotline, order, act):
    client, _ = hotline
    oid = await _new(client, order)
    await act(oid, action="派单", lead_unit="DG-ZHZF", co_units=["DG-STHJ"], reason="油烟噪音属综合执法")
    wrong = await act(oid, action="签收", unit="DG-STHJ")  # the co-unit (协办), with its own token
    assert wrong.status_code == 403 and wrong.json()["rule"] == "H-9"


async def test_h10_call_back_comes_before_evaluation_and_dissatisfaction_reopens_handling(hotline, order, act):
    client, _ = hotline
    oid = await _new(client, order)
    for step in (dict(action="派单", lead_unit="DG-ZHZF", reason="油烟噪音属综合执法"), dict(action="签收", unit="DG-ZHZF"),
                 dict(action="办理", unit="DG-ZHZF"), dict(action="回复", unit="DG-ZHZF", reason="已处理"),
                 dict(action="办结")):
        await act(oid, **step)
    early = await act(oid, action="评价", evaluation="满意")
    assert (early.status_code, early.json()["rule"]) == (422, "H-10")
    await act(oid, action="回访", reason="仍有油烟")
    await act(oid, action="评价", evaluation="不满意")
    reopened = await act(oid, action="重办", reason="群众不满意，重新办理")
    assert reopened.json()["status"] == "办理" and reopened.json()["lifecycle"]["rehandle_count"] == 1


async def test_a_missing_field_for_an_action_is_a_422_naming_it(hotline, order, act):
    client, _ = hotline
    oid = await _new(client, order)
    response = await act(oid, action="派单")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "lead_unit"
