"""The typed answers integrators generate clients from: a bulk states what became of each item, the list finds an
order by the hotline's own number, and the requester still reaches only cleared callers (K-7, H-4)."""

import uuid

from pydantic import TypeAdapter
from sqlalchemy import insert

from hotline_ingestion.adapters import tables
from hotline_ingestion.api.open311_schemas import (
    Open311Error,
    Open311Receipt,
    Open311Service,
    Open311ServiceRequest,
)

V2 = "/open311/v2"
ARBITRATION = "公司拖欠三个月工资，我想申请劳动仲裁，请问怎么办"  # H-8: 仲裁 goes to the arbitration committee


async def test_a_bulk_states_accepted_merged_not_accepted_rejected_or_duplicate_for_each_item(hotline, order):
    client, _ = hotline
    stored = order()
    assert (await client.post("/api/v1/work-orders", json=stored)).status_code == 201
    party = {"name": f"夜市烧烤摊{uuid.uuid4().hex[:6]}"}
    parent, repeat = order(reported_party=party), order(reported_party=party)
    items = [parent, repeat, order(content=ARBITRATION), order(region_code="21068"), parent, stored]
    response = await client.post("/api/v1/work-orders/bulk", json=items)
    assert response.status_code == 200
    receipt = response.json()
    assert receipt["summary"] == {"accepted": 1, "merged": 1, "not_accepted": 1, "rejected": 1, "duplicate": 2}
    answers = receipt["items"]
    assert [a["outcome"] for a in answers] == ["accepted", "merged", "not_accepted", "rejected", "duplicate",
                                               "duplicate"]
    assert (answers[1]["parent_id"], answers[1]["parent_order_no"]) == (answers[0]["work_order_id"],
                                                                        parent["order_no"])
    assert answers[2]["reason"] == "属于应当通过仲裁解决的事项" and "仲裁" in answers[2]["proper_channel"]
    assert answers[3]["work_order_id"] is None and answers[3]["errors"][0]["field"] == "region_code"
    assert answers[4]["work_order_id"] == answers[0]["work_order_id"]  # the same order_no again in this bulk
    stored_id = (await client.get("/api/v1/work-orders", params={"order_no": stored["order_no"]})).json()
    assert answers[5]["work_order_id"] == stored_id["items"][0]["id"]  # stored by an earlier request
    statuses = [(await client.get(f"/api/v1/work-orders/{a['work_order_id']}")).json()["status"] for a in answers[:3]]
    assert statuses == ["受理", "已合并", "不予受理"]


async def test_a_bulk_repeat_of_an_order_no_stored_for_another_region_is_rejected_naming_it(hotline, order, tokens):
    client, _ = hotline
    stored = order()  # 210681, received by the national integrator
    await client.post("/api/v1/work-orders", json=stored)
    neighbour = await tokens.headers("workorders:read workorders:write", region="210697", data_scope="region",
                                     clearance="confidential")
    receipt = (await client.post("/api/v1/work-orders/bulk", json=[stored | {"region_code": "210697"}],
                                 headers=neighbour)).json()
    assert receipt["summary"]["rejected"] == 1 and receipt["items"][0]["work_order_id"] is None
    assert receipt["items"][0]["errors"][0]["field"] == "order_no"  # as a single POST's 409: no id of theirs


async def test_the_list_finds_an_order_by_the_hotlines_own_number(hotline, order):
    client, _ = hotline
    wanted, other = order(), order()
    for body in (wanted, other):
        await client.post("/api/v1/work-orders", json=body)
    found = (await client.get("/api/v1/work-orders", params={"order_no": wanted["order_no"]})).json()
    assert [item["order_no"] for item in found["items"]] == [wanted["order_no"]] and found["next_cursor"] is None
    nothing = (await client.get("/api/v1/work-orders", params={"order_no": f"12345-none-{uuid.uuid4().hex}"})).json()
    assert nothing == {"items": [], "next_cursor": None}


async def test_a_fresh_order_reads_back_in_china_time_with_its_lifecycle_as_stored(hotline, order):
    client, _ = hotline
    created = (await client.post("/api/v1/work-orders", json=order(received_at="2026-12-03T01:12:40Z"))).json()
    read = (await client.get(f"/api/v1/work-orders/{created['id']}")).json()
    for answer in (created, read):
        assert answer["received_at"] == "2026-12-03T09:12:40+08:00"
        assert answer["lifecycle"] == {} and answer["clock"]["due_at"].endswith("+08:00")
        assert answer["history"][0]["at"].endswith("+08:00")


async def test_k7_h4_every_typed_answer_leaves_who_called_out_for_an_uncleared_unit(hotline, order, unit_headers):
    client, _ = hotline
    unit = f"TA-{uuid.uuid4().hex[:6].upper()}"
    headers = await unit_headers(unit)
    body = order(requester={"name": "钱女士", "phone": "13711112222"}, content="烧烤店油烟扰民，请回电13711112222")
    created = (await client.post("/api/v1/work-orders", json=body)).json()
    assert (created["requester"]["name"], created["requester"]["phone"]) == ("钱女士", "13711112222")  # cleared
    await client.post(f"/api/v1/work-orders/{created['id']}/actions",
                      json={"action": "派单", "lead_unit": unit, "reason": "按职责派单"})
    signed = await client.post(f"/api/v1/work-orders/{created['id']}/actions", json={"action": "签收", "unit": unit},
                               headers=headers)
    read = await client.get(f"/api/v1/work-orders/{created['id']}", headers=headers)
    listed = await client.get("/api/v1/work-orders", params={"order_no": body["order_no"]}, headers=headers)
    assert (signed.status_code, read.status_code, listed.status_code) == (200, 200, 200)
    for answer in (signed.json(), read.json(), listed.json()["items"][0]):
        assert set(answer["requester"]) == {"anonymous", "keep_confidential"}
        assert answer["content"] == "烧烤店油烟扰民，请回电137****2222"
    assert all("13711112222" not in r.text and "钱女士" not in r.text for r in (signed, read, listed))


async def test_open311_answers_are_the_documented_georeport_models(hotline):
    """The GeoReport routes answer their own JSON (not through a response model): each answer, refusals included,
    must still be exactly what OpenAPI documents, so a generated client parses it."""
    client, runtime = hotline
    code = f"T{uuid.uuid4().hex[:7]}"
    async with runtime.uow() as uow:
        await uow.session.execute(insert(tables.department_copy).values(
            code=code, name="东港市城市管理局", region_code="210681", sector="城市管理",
            responsibilities=["占道经营"], source_event_id=str(uuid.uuid4())))
        await uow.commit()
    posted = await client.post(f"{V2}/requests.json", data={
        "service_code": code, "address_string": "东港市新兴路 18 号", "description": "商贩长期占道经营，请回电13812345678",
        "first_name": "三", "last_name": "张", "phone": "13812345678"})
    request_id = TypeAdapter(list[Open311Receipt]).validate_python(posted.json())[0].service_request_id
    answers = {list[Open311Service]: await client.get(f"{V2}/services.json"),
               list[Open311ServiceRequest]: await client.get(f"{V2}/requests/{request_id}.json")}
    for model, answer in answers.items():
        assert answer.status_code == 200 and TypeAdapter(model).validate_python(answer.json())
    listed = TypeAdapter(list[Open311ServiceRequest]).validate_python(
        (await client.get(f"{V2}/requests.json", params={"service_request_id": request_id})).json())
    assert [r.service_request_id for r in listed] == [request_id] and "13812345678" not in listed[0].description
    refusals = [await client.get(f"{V2}/requests/{uuid.uuid4()}.json"),
                await client.get(f"{V2}/requests.json", params={"status": "pending"}),
                await client.post(f"{V2}/requests.json", data={"service_code": code})]
    assert [r.status_code for r in refusals] == [404, 400, 400]
    for refusal in refusals:
        assert TypeAdapter(list[Open311Error]).validate_python(refusal.json())
