"""Analytics for 行政提示 (policy 000 item 7): hotspots and department figures, computed on the real database.

The database is shared by the session, so every test works in its own random region (or 4-digit prefix).
"""

import random
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, update

from hotline_ingestion.adapters import tables

_used: set[str] = set()


def _prefix() -> str:
    """A 4-digit region prefix no other test of this module uses (9xxx: outside the fixtures' 21xxxx)."""
    while (prefix := f"9{random.randint(0, 999):03d}") in _used:
        pass
    _used.add(prefix)
    return prefix


async def _post(client, order, **overrides) -> str:
    """A distinct request (own party and address), so dedupe never links two of them on its own."""
    tag = uuid.uuid4().hex[:10]
    distinct = {"reported_party": {"name": f"商户{tag}"}, "address": f"东港市测试路 {tag} 号"}
    response = await client.post("/api/v1/work-orders", json=order(**distinct | overrides))
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def _do(act, order_id: str, *steps: dict) -> None:
    for step in steps:
        response = await act(order_id, **step)
        assert response.status_code == 200, response.text


async def _set(runtime, ids: list[str], **values) -> None:
    async with runtime.uow() as uow:
        await uow.session.execute(update(tables.work_order).where(tables.work_order.c.id.in_(ids)).values(**values))
        await uow.commit()


async def _get(client, path: str, **params):
    return await client.get(f"/api/v1/analytics/{path}", params=params)


async def _hotspots(client, **params) -> dict:
    response = await _get(client, "hotspots", **params)
    assert response.status_code == 200, response.text
    return response.json()


WHY = "依属地和职责指派"  # a dispatch that overrides a routing suggestion gives its reason (H-9)
MAY = {"received_from": "2024-05-10T00:00:00+08:00", "received_to": "2024-05-20T00:00:00+08:00"}


async def test_matter_hotspots_rank_catalog_matters_with_names_and_report_unclassified_orders(hotline, order):
    client, runtime = hotline
    region, tag = _prefix() + "01", uuid.uuid4().hex[:8]
    noise, oil = f"M-NOISE-{tag}", f"M-OIL-{tag}"
    async with runtime.uow() as uow:
        await uow.session.execute(insert(tables.department_copy).values(
            code=f"D-{tag}", name="东港市生态环境局", region_code=region, sector="生态环境", responsibilities=[],
            source_event_id=tag))
        await uow.session.execute(insert(tables.matter_copy), [
            dict(code=code, name=name, department_code=f"D-{tag}", matter_type="处罚", keywords=[], active=False,
                 source_event_id=tag) for code, name in ((noise, "社会生活噪声污染"), (oil, "餐饮油烟污染"))])
        await uow.commit()
    at = "2024-05-12T10:00:00+08:00"
    noisy = [await _post(client, order, region_code=region, received_at=at, request_type=kind)
             for kind in ("投诉", "举报", "咨询")]
    oily = [await _post(client, order, region_code=region, received_at=at)]
    unclassified = [await _post(client, order, region_code=region, received_at=at, request_type="建议",
                                content="建议延长社区图书室的开放时间") for _ in range(2)]
    await _set(runtime, noisy, matter_code=noise)
    await _set(runtime, oily, matter_code=oil)
    await _set(runtime, unclassified, matter_code=None)  # whatever the intake classifier matched: none

    answer = await _hotspots(client, dimension="matter", region_code=region, **MAY)

    assert answer["total"] == 6 and answer["not_accepted"] == 0
    got = [(b["key"], b["label"], b["count"], b["complaints_reports"], b["share"]) for b in answer["buckets"]]
    assert got == [(noise, "社会生活噪声污染", 3, 2, 0.5), ("unclassified", "未分类", 2, 0, 0.3333),
                   (oil, "餐饮油烟污染", 1, 1, 0.1667)]
    assert answer["buckets"][0]["department_code"] == f"D-{tag}"
    assert answer["buckets"][0]["department_name"] == "东港市生态环境局"
    top_one = await _hotspots(client, dimension="matter", region_code=region, top=1, **MAY)
    assert [b["key"] for b in top_one["buckets"]] == [noise]
    at_least_two = await _hotspots(client, dimension="matter", region_code=region, min_count=2, **MAY)
    assert [b["key"] for b in at_least_two["buckets"]] == [noise, "unclassified"]


async def test_merged_repeats_count_as_repeat_requests_not_volume_and_refusals_stand_apart(hotline, order):
    client, runtime = hotline
    region = _prefix() + "02"
    at = "2024-05-15T08:00:00+08:00"
    parent = await _post(client, order, region_code=region, received_at=at)
    children = [await _post(client, order, region_code=region, received_at=at) for _ in range(2)]
    await _set(runtime, children, parent_id=parent, status="已合并", merged_at=datetime.now(UTC))
    refused = (await client.post("/api/v1/work-orders", json=order(
        region_code=region, received_at=at, content="劳动合同纠纷，要求申请仲裁"))).json()
    assert refused["status"] == "不予受理"
    same = {"region_code": region, "received_at": "2024-05-16T08:00:00+08:00",
            "reported_party": {"name": f"老李烧烤店{region}"}}
    first = (await client.post("/api/v1/work-orders", json=order(**same))).json()
    again = (await client.post("/api/v1/work-orders", json=order(**same))).json()
    assert (again["status"], again["parent_id"]) == ("已合并", first["id"])  # intake's own dedupe linked it

    answer = await _hotspots(client, dimension="region", region_code=region, **MAY)

    assert (answer["total"], answer["repeat_requests"], answer["not_accepted"]) == (2, 3, 1)
    [bucket] = answer["buckets"]
    assert (bucket["key"], bucket["count"], bucket["repeat_requests"], bucket["share"]) == (region, 2, 3, 1.0)


async def test_each_region_is_compared_with_the_previous_window_of_equal_length(hotline, order):
    client, _ = hotline
    prefix = _prefix()
    busy, new = prefix + "11", prefix + "12"
    for _ in range(5):
        await _post(client, order, region_code=busy, received_at="2024-05-18T20:00:00+08:00")
    for _ in range(2):  # the previous window is 2024-04-30 … 2024-05-10, same ten days
        await _post(client, order, region_code=busy, received_at="2024-05-02T09:00:00+08:00")
    await _post(client, order, region_code=new, received_at="2024-05-10T00:00:00+08:00")  # the first instant counts
    await _post(client, order, region_code=new, received_at="2024-04-29T23:59:00+08:00")  # before both windows

    answer = await _hotspots(client, dimension="region", region_code=prefix, **MAY)

    assert answer["window"]["previous_from"] == "2024-04-30T00:00:00+08:00"  # every moment out in China time
    assert (answer["total"], answer["previous_total"], answer["change"]) == (6, 2, 2.0)
    got = [(b["key"], b["count"], b["previous_count"], b["change"]) for b in answer["buckets"]]
    assert got == [(busy, 5, 2, 1.5), (new, 1, 0, None)]


async def test_time_hotspots_bucket_by_the_local_date_and_compare_with_the_bucket_before(hotline, order):
    client, _ = hotline
    region = _prefix() + "03"
    times = ["2024-06-02T10:00:00+08:00", "2024-06-02T11:00:00+08:00",  # Sunday, before the window
             "2024-06-03T23:30:00+08:00",  # Monday
             "2024-06-04T00:30:00+08:00",  # still 2024-06-03 in UTC, but Tuesday in Shanghai
             "2024-06-04T09:00:00+08:00", "2024-06-04T18:00:00+08:00"]
    for at in times:
        await _post(client, order, region_code=region, received_at=at)
    window = {"received_from": "2024-06-03T00:00:00+08:00", "received_to": "2024-06-05T00:00:00+08:00"}

    days = await _hotspots(client, dimension="time", granularity="day", region_code=region, **window)
    weeks = await _hotspots(client, dimension="time", granularity="week", region_code=region, **window)
    months = await _hotspots(client, dimension="time", granularity="month", region_code=region, **window)

    assert [(b["key"], b["count"], b["previous_count"], b["change"]) for b in days["buckets"]] == [
        ("2024-06-04", 3, 1, 2.0), ("2024-06-03", 1, 2, -0.5)]
    assert [(b["key"], b["count"], b["previous_count"], b["change"]) for b in weeks["buckets"]] == [
        ("2024-06-03", 4, 2, 1.0)]  # weeks start on Monday; the week before holds the two Sunday calls
    assert [(b["label"], b["count"], b["previous_count"], b["change"]) for b in months["buckets"]] == [
        ("2024-06-01", 4, 0, None)]  # only what lies in the window is counted; May had nothing
    assert days["granularity"] == "day" and days["total"] == 4 and days["previous_total"] == 2


async def test_department_figures_overdue_satisfaction_returns_rehandles_and_supervision(hotline, order, act):
    client, runtime = hotline
    region, tag = _prefix() + "04", uuid.uuid4().hex[:6]
    lead, returner, other = f"U1-{tag}", f"U2-{tag}", f"U3-{tag}"
    async with runtime.uow() as uow:
        await uow.session.execute(insert(tables.department_copy).values(
            code=lead, name="东港市综合行政执法局", region_code=region, sector="综合执法", responsibilities=[],
            source_event_id=tag))
        await uow.commit()
    at = (datetime.now(UTC) - timedelta(minutes=30)).isoformat()
    ids = [await _post(client, order, region_code=region, received_at=at) for _ in range(6)]
    loop = [dict(action="派单", lead_unit=lead, reason=WHY), dict(action="签收", unit=lead),
            dict(action="办理", unit=lead), dict(action="回复", unit=lead, reason="已责令整改"), dict(action="办结"),
            dict(action="回访", reason="已回访")]
    await _do(act, ids[0], *loop, dict(action="评价", evaluation="满意"))
    await _do(act, ids[1], *loop, dict(action="评价", evaluation="基本满意"))
    await _do(act, ids[2], *loop, dict(action="评价", evaluation="不满意"),
              dict(action="督办", trigger="不满意"), dict(action="重办", reason="仍有油烟"))
    await _do(act, ids[3], dict(action="派单", lead_unit=lead, reason=WHY), dict(action="督办", trigger="超期"))
    async with runtime.uow() as uow:  # its handling clock was signalled breached
        k = tables.clock.c
        await uow.session.execute(update(tables.clock).where(k.subject_id == ids[3], k.kind == "handling")
                                  .values(breached_at=datetime.now(UTC)))
        await uow.commit()
    await _do(act, ids[4], dict(action="派单", lead_unit=returner, reason=WHY),
              dict(action="退单", unit=returner, reason="不属于本单位职责"),
              dict(action="派单", lead_unit=other, reason=WHY))
    await _do(act, ids[5], dict(action="派单", lead_unit=returner, reason=WHY),
              dict(action="退单", unit=returner, reason="不属于本单位职责"))
    window = {"received_from": (datetime.now(UTC) - timedelta(days=1)).isoformat(),
              "received_to": (datetime.now(UTC) + timedelta(minutes=1)).isoformat()}

    response = await _get(client, "departments", region_code=region, **window)

    assert response.status_code == 200, response.text
    units = {d["department_code"]: d for d in response.json()["departments"]}
    assert set(units) == {lead, returner, other}
    figures = ("volume", "closed", "overdue", "overdue_rate", "satisfied", "basically_satisfied", "dissatisfied",
               "evaluated", "satisfaction_rate", "returns", "rehandles", "supervised")
    assert {k: units[lead][k] for k in figures} == dict(
        volume=4, closed=2, overdue=1, overdue_rate=0.25, satisfied=1, basically_satisfied=1, dissatisfied=1,
        evaluated=3, satisfaction_rate=0.6667, returns=0, rehandles=1, supervised=2)
    assert units[lead]["department_name"] == "东港市综合行政执法局"
    assert {k: units[returner][k] for k in ("volume", "returns", "overdue_rate", "satisfaction_rate")} == dict(
        volume=0, returns=2, overdue_rate=None, satisfaction_rate=None)  # never a division by zero
    assert {k: units[other][k] for k in ("volume", "overdue_rate", "evaluated", "satisfaction_rate")} == dict(
        volume=1, overdue_rate=0.0, evaluated=0, satisfaction_rate=None)
    assert response.json()["window"]["received_to"] and response.json()["generated_at"]


async def test_the_window_defaults_to_the_thirty_days_ending_now(hotline):
    client, _ = hotline
    answer = await _hotspots(client)
    start, end = (datetime.fromisoformat(answer["window"][k]) for k in ("received_from", "received_to"))
    assert end - start == timedelta(days=30) and abs(datetime.now(UTC) - end) < timedelta(minutes=1)
    assert answer["dimension"] == "matter"


async def test_an_inverted_or_too_long_window_is_a_422_naming_the_field(hotline):
    client, _ = hotline
    inverted = await _get(client, "hotspots", received_from="2024-05-20T00:00:00+08:00",
                          received_to="2024-05-10T00:00:00+08:00")
    too_long = await _get(client, "departments", received_from="2023-01-01T00:00:00+08:00",
                          received_to="2024-01-03T00:00:00+08:00")
    assert inverted.status_code == 422 and inverted.headers["content-type"] == "application/problem+json"
    assert inverted.json()["errors"] == [{"field": "received_from", "message": "must be before received_to"}]
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["field"] == "received_to"


async def test_odd_input_is_refused_as_422_or_answered_never_a_500(hotline):
    client, _ = hotline
    refused = {
        "received_from": dict(received_from="2024-05-10T00:00:00"),  # no offset
        "received_to": dict(received_to="yesterday"),
        "region_code": dict(region_code="21068"),
        "dimension": dict(dimension="street"),
        "granularity": dict(dimension="time", granularity="year"),
        "top": dict(top=0),
        "min_count": dict(min_count=-1),
        "request_type": dict(request_type="闲聊"),
    }
    for field, params in refused.items():
        response = await _get(client, "hotspots", **params)
        assert response.status_code == 422, (params, response.text)
        assert response.json()["errors"][0]["field"] == field
    for path in ("hotspots", "departments"):
        edge = await _get(client, path, received_from="0001-01-01T00:00:00+08:00",
                          received_to="0001-01-02T00:00:00+08:00")
        assert edge.status_code == 422, edge.text
        far = await _get(client, path, received_from="9999-12-30T00:00:00+00:00",
                         received_to="9999-12-31T23:59:59-05:00")
        assert far.status_code == 422, far.text
    for window in (("0001-01-16T00:00:00Z", "0001-01-31T00:00:00Z"), ("9999-12-01T00:00:00Z", "9999-12-31T00:00:00Z")):
        for granularity in ("day", "week", "month"):  # the bucket before reaches 1 BC: PostgreSQL has it
            remote = await _hotspots(client, dimension="time", granularity=granularity, received_from=window[0],
                                     received_to=window[1])
            assert (remote["total"], remote["buckets"]) == (0, [])
    empty = await _hotspots(client, dimension="time", granularity="month", region_code="99",
                            received_from="1990-01-01T00:00:00Z", received_to="1990-12-31T00:00:00Z")
    assert (empty["total"], empty["previous_total"], empty["change"], empty["buckets"]) == (0, 0, None, [])
    nobody = await _get(client, "departments", region_code="99", received_from="1990-01-01T00:00:00Z",
                        received_to="1990-02-01T00:00:00Z")
    assert nobody.status_code == 200 and nobody.json()["departments"] == []
