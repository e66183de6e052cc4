"""Intake from the hotline platform: idempotent on its order number, bulk with per-item answers."""

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select

from hotline_ingestion.adapters import tables


async def _stored(runtime, order_no: str) -> int:
    stmt = select(func.count()).select_from(tables.work_order).where(tables.work_order.c.order_no == order_no)
    async with runtime.engine.connect() as conn:
        return (await conn.execute(stmt)).scalar_one()


async def test_an_order_posted_twice_with_the_same_number_is_stored_once(hotline, order):
    client, runtime = hotline
    body = order()
    first = await client.post("/api/v1/work-orders", json=body)
    again = await client.post("/api/v1/work-orders", json=body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert await _stored(runtime, body["order_no"]) == 1
    assert [h["action"] for h in first.json()["history"]] == ["受理"]


async def test_h4_k7_the_requester_is_shown_to_a_cleared_caller_and_absent_from_events(hotline, order):
    client, runtime = hotline
    created = (await client.post("/api/v1/work-orders", json=order())).json()
    assert created["requester"]["phone"] == "13812345678"  # the default caller is cleared; others: test_data_scope
    async with runtime.engine.connect() as conn:
        payloads = (await conn.execute(select(tables.outbox.c.payload).where(
            tables.outbox.c.message_key == created["id"]))).scalars().all()
    assert payloads  # received, and any linkage event
    assert all(b"13812345678" not in p and "张先生".encode() not in p for p in payloads)


async def test_a_bulk_with_one_malformed_item_stores_the_others_and_reports_that_one(hotline, order):
    client, runtime = hotline
    good = [order(), order()]
    bad = order(region_code="21068", request_type="闲聊")
    response = await client.post("/api/v1/work-orders/bulk", json=[good[0], bad, good[1], good[0]])
    result = response.json()
    assert response.status_code == 200
    assert result["summary"] == {"accepted": 2, "merged": 0, "not_accepted": 0, "rejected": 1, "duplicate": 1}
    rejected = result["items"][1]
    assert rejected["outcome"] == "rejected" and rejected["order_no"] == bad["order_no"]
    assert {e["field"] for e in rejected["errors"]} == {"region_code", "request_type"}
    assert result["items"][3]["work_order_id"] == result["items"][0]["work_order_id"]
    assert await _stored(runtime, bad["order_no"]) == 0
    assert await _stored(runtime, good[1]["order_no"]) == 1


async def test_a_bulk_over_the_limit_is_refused_whole(hotline, order):
    client, runtime = hotline
    response = await client.post("/api/v1/work-orders/bulk", json=[order() for _ in range(1001)])
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_naive_timestamp_is_refused_with_the_field_named(hotline, order):
    client, _ = hotline
    response = await client.post("/api/v1/work-orders", json=order(received_at="2025-09-30T09:15:00"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "received_at"


async def test_orders_are_listed_by_filter_and_cursor(hotline, order):
    client, _ = hotline
    region = "210682"
    for _ in range(3):
        await client.post("/api/v1/work-orders", json=order(region_code=region, request_type="咨询"))
    first = (await client.get("/api/v1/work-orders", params={"region_code": region, "limit": 2})).json()
    rest = (await client.get("/api/v1/work-orders", params={"region_code": region, "limit": 2,
                                                            "cursor": first["next_cursor"]})).json()
    assert len(first["items"]) == 2 and len(rest["items"]) == 1 and rest["next_cursor"] is None


async def test_h8_a_matter_already_in_litigation_is_recorded_as_not_accepted_with_the_proper_channel(hotline, order):
    client, runtime = hotline
    body = order(content="我和房东的租赁纠纷已经向法院起诉了，想让你们催一下法院判决")
    created = (await client.post("/api/v1/work-orders", json=body)).json()
    assert created["status"] == "不予受理"
    assert created["proper_channel"] and "法院" in created["proper_channel"]
    assert created["history"][0]["action"] == "不予受理" and created["history"][0]["rule_ids"] == ["H-8"]
    async with runtime.engine.connect() as conn:
        headers = (await conn.execute(select(tables.outbox.c.headers).where(
            tables.outbox.c.message_key == created["id"]))).scalar_one()
    assert headers[headers.index("ce_type") + 1] == "workorder.not_accepted.v1"


async def test_the_answer_to_a_post_is_the_order_as_it_is_read_back(hotline, order):
    client, _ = hotline
    for body in (order(received_at="2026-02-12T09:15:00+08:00", urgency="紧急",
                       reported_party={"name": "某某超市", "credit_code": "91210681MA0XXXXX1R"},
                       attachments=[{"file_name": "现场.jpg", "media_type": "image/jpeg", "size_bytes": 1024}]),
                 order(content="这件事已经向法院起诉了，请催促法院判决")):  # accepted, and not accepted (H-8)
        posted = await client.post("/api/v1/work-orders", json=body)
        read = await client.get(f"/api/v1/work-orders/{posted.json()['id']}")
        assert posted.status_code == 201
        assert posted.json() == read.json()


async def test_a_change_to_the_catalog_copy_by_any_writer_reaches_the_next_intake(hotline, order):
    client, runtime = hotline
    code = f"M-COPY-{uuid.uuid4().hex[:8]}"
    text = f"小区门口有人售卖{code}违禁品"
    first = (await client.post("/api/v1/work-orders", json=order(content=text))).json()
    async with runtime.uow() as uow:  # a writer other than the consumer: the copy's version changes all the same
        await uow.session.execute(insert(tables.matter_copy).values(
            code=code, name="售卖违禁品", department_code="D-SCJG", matter_type="处罚", keywords=[code],
            active=True, source_event_id="test"))
        await uow.commit()
    second = (await client.post("/api/v1/work-orders", json=order(content=text))).json()
    assert first["matter_code"] != code
    assert second["matter_code"] == code


async def test_a_received_at_outside_the_supported_calendar_years_is_a_422_naming_it_and_nothing_is_stored(hotline,
                                                                                                          order):
    client, runtime = hotline  # issue 12 item 5: schemathesis found received_at 2000-01-01 → 500
    for day in ("1900-01-01", "2000-01-01", "2200-01-01"):
        body = order(received_at=f"{day}T09:00:00+08:00")
        answer = await client.post("/api/v1/work-orders", json=body)
        assert answer.status_code == 422, (day, answer.text)
        assert "received_at" in [e["field"] for e in answer.json()["errors"]]
        assert await _stored(runtime, body["order_no"]) == 0


async def test_a_bulk_rejects_only_the_item_received_in_an_unsupported_year_naming_received_at(hotline, order):
    client, runtime = hotline  # issue 12 item 5: one 1900 item made the whole bulk a 422; each is answered alone
    items = [order(), order(received_at="1900-01-01T09:00:00+08:00"), order()]
    answer = await client.post("/api/v1/work-orders/bulk", json=items)
    assert answer.status_code == 200, answer.text
    result = answer.json()["items"]
    assert [i["outcome"] for i in result] == ["accepted", "rejected", "accepted"]
    assert [e["field"] for e in result[1]["errors"]] == ["received_at"]
    assert "2004-2035" in result[1]["errors"][0]["message"]
    assert [await _stored(runtime, i["order_no"]) for i in items] == [1, 0, 1]


async def test_s1_a_received_at_later_than_now_beyond_the_clock_skew_is_a_422_naming_it(hotline, order):
    client, runtime = hotline  # one rule with case_intake's clue registration (platform_calendar.future_receipt)
    ahead = order(received_at=(datetime.now(UTC) + timedelta(hours=1)).isoformat(timespec="seconds"))
    answer = await client.post("/api/v1/work-orders", json=ahead)
    assert answer.status_code == 422, answer.text
    assert [e["field"] for e in answer.json()["errors"]] == ["received_at"]
    assert await _stored(runtime, ahead["order_no"]) == 0
    skewed = order(received_at=(datetime.now(UTC) + timedelta(minutes=2)).isoformat(timespec="seconds"))
    assert (await client.post("/api/v1/work-orders", json=skewed)).status_code in (200, 201)


async def test_s1_a_bulk_rejects_only_the_item_received_in_the_future_naming_received_at(hotline, order):
    client, runtime = hotline
    good, ahead = order(), order(received_at=(datetime.now(UTC) + timedelta(days=1)).isoformat(timespec="seconds"))
    result = (await client.post("/api/v1/work-orders/bulk", json=[good, ahead])).json()
    assert [i["outcome"] for i in result["items"]] == ["accepted", "rejected"]
    assert [e["field"] for e in result["items"][1]["errors"]] == ["received_at"]
    assert await _stored(runtime, ahead["order_no"]) == 0 and await _stored(runtime, good["order_no"]) == 1
