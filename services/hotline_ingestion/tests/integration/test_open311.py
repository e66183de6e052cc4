"""The Open311 GeoReport v2 facade: a generic 311 client reports and tracks requests as ordinary work orders."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select

from hotline_ingestion.adapters import tables

V2 = "/open311/v2"
FORM_TYPE = "application/x-www-form-urlencoded; charset=utf-8"
FORM = {"content-type": FORM_TYPE}
PROBLEM = {"accept": "application/problem+json"}
NAME, PHONE = ("三", "张"), "13812345678"  # the requester: stored for call-back, never shown here (K-7, H-4)


async def _department(runtime, **overrides) -> dict:
    row = {"code": f"O{uuid.uuid4().hex[:7]}", "name": "东港市城市管理局", "region_code": "210604",
           "sector": "城市管理", "responsibilities": ["占道经营", "油烟"], "source_event_id": str(uuid.uuid4())}
    row |= overrides
    async with runtime.uow() as uow:
        await uow.session.execute(insert(tables.department_copy).values(**row))
        await uow.commit()
    return row


async def _orders(runtime) -> int:
    async with runtime.engine.connect() as conn:
        return (await conn.execute(select(func.count()).select_from(tables.work_order))).scalar_one()


def _report(code: str, **overrides) -> dict:
    """A report as a GeoReport client posts it: its own house number, so dedupe links nothing unasked."""
    return {"service_code": code, "address_string": f"东港市新兴路 {uuid.uuid4().int % 10**6} 号",
            "description": "人行道上有商贩长期占道经营，行人只能走机动车道", "first_name": NAME[0],
            "last_name": NAME[1], "phone": PHONE, "email": "zhang@example.cn"} | overrides


def _georeport_error(response, status: int) -> list[dict]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert isinstance(body, list) and body and all(set(e) == {"code", "description"} for e in body)
    assert all(e["code"] == status for e in body)
    return body


async def test_services_json_lists_each_catalog_department_as_a_service(hotline):
    client, runtime = hotline
    dept = await _department(runtime, responsibilities=["占道经营", "油烟", "渣土"])
    response = await client.get(f"{V2}/services.json", params={"jurisdiction_id": "dongang.gov.cn"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/json; charset=utf-8"
    service = next(s for s in response.json() if s["service_code"] == dept["code"])
    assert service == {"service_code": dept["code"], "service_name": "东港市城市管理局",
                       "description": "占道经营；油烟；渣土", "metadata": False, "type": "realtime",
                       "keywords": "占道经营,油烟,渣土", "group": "城市管理"}


async def test_an_unknown_jurisdiction_is_a_404_in_georeport_form(hotline):
    client, _ = hotline
    errors = _georeport_error(await client.get(f"{V2}/services.json", params={"jurisdiction_id": "sfgov.org"}), 404)
    assert "sfgov.org" in errors[0]["description"]


async def test_a_form_encoded_report_becomes_a_work_order_with_its_location_and_service(hotline, integrator):
    client, runtime = hotline
    dept = await _department(runtime, region_code="210604")
    body = _report(dept["code"], lat="39.8701", long="124.1503", device_id="ios-7f3a",
                   media_url="https://img.example.cn/r/1.jpg", jurisdiction_id="dongang.gov.cn", api_key="xyz")
    response = await client.post(f"{V2}/requests.json", data=body)
    assert response.status_code == 200 and response.headers["content-type"] == "application/json; charset=utf-8"
    [receipt] = response.json()
    assert set(receipt) == {"service_request_id", "service_notice", "account_id"} and receipt["account_id"] is None
    assert receipt["service_notice"].startswith("已受理")
    order = (await client.get(f"/api/v1/work-orders/{receipt['service_request_id']}")).json()
    assert (order["latitude"], order["longitude"], order["service_code"]) == (39.8701, 124.1503, dept["code"])
    assert (order["status"], order["channel"], order["request_type"], order["region_code"]) == (
        "受理", "APP", "投诉", "210604")
    assert order["order_no"].startswith("OPEN311-") and order["due_at"] and order["clock"]
    assert order["content"] == body["description"] and order["address"] == body["address_string"]
    assert order["requester"]["name"] == "张三" and order["requester"]["phone"] == PHONE  # to a cleared caller
    assert order["attachments"][0]["url"] == "https://img.example.cn/r/1.jpg"
    assert [h["action"] for h in order["history"]] == ["受理"]
    assert order["history"][0]["actor"] == order["created_by"] == integrator["client_id"]  # the verified caller


async def test_a_json_report_is_accepted_too_with_its_request_type_attribute(hotline):
    client, runtime = hotline
    dept = await _department(runtime)
    body = _report(dept["code"], lat=39.87, long=124.15, attribute={"request_type": "求助"})
    response = await client.post(f"{V2}/requests.json", json=body)
    [receipt] = response.json()
    assert response.status_code == 200
    order = (await client.get(f"/api/v1/work-orders/{receipt['service_request_id']}")).json()
    assert (order["request_type"], order["channel"], order["latitude"]) == ("求助", "网站", 39.87)


async def test_a_retried_post_with_the_same_idempotency_key_returns_the_same_request(hotline):
    client, runtime = hotline
    dept = await _department(runtime)
    key = {"idempotency-key": f"client-{uuid.uuid4()}"} | FORM
    body = _report(dept["code"])
    first = await client.post(f"{V2}/requests.json", data=body, headers=key)
    before = await _orders(runtime)
    again = await client.post(f"{V2}/requests.json", data=body | {"description": "重发的同一个请求内容"}, headers=key)
    assert (first.status_code, again.status_code) == (200, 200)
    assert first.json()[0]["service_request_id"] == again.json()[0]["service_request_id"]
    assert await _orders(runtime) == before
    other = await client.post(f"{V2}/requests.json", data=body, headers={"idempotency-key": f"other-{uuid.uuid4()}"})
    assert other.json()[0]["service_request_id"] != first.json()[0]["service_request_id"]


async def test_an_unknown_service_code_is_refused_and_nothing_is_written(hotline):
    client, runtime = hotline
    before = await _orders(runtime)
    unknown = _georeport_error(await client.post(f"{V2}/requests.json", data=_report("NO-SUCH-DEPT")), 404)
    missing = _georeport_error(await client.post(f"{V2}/requests.json", data=_report("") | {"lat": "1"}), 400)
    assert "NO-SUCH-DEPT" in unknown[0]["description"]
    assert any(e["description"].startswith("service_code") for e in missing)
    assert await _orders(runtime) == before


@pytest.mark.parametrize("body, content_type", [
    (b"service_code=CODE&lat=north&long=124.1", FORM_TYPE), (b"service_code=CODE&lat=39.9", FORM_TYPE),
    (b"service_code=CODE&lat=91&long=124.1", FORM_TYPE),
    (b"service_code=CODE&address_string=x&description=%FF%FE", FORM_TYPE),  # percent-encoded non-UTF-8
    (b"service_code=CODE&address_string=\xff\xfe", FORM_TYPE),  # raw non-UTF-8
    (b"service_code=CODE&address_string=x&description=a%00b", FORM_TYPE),  # NUL
    (b"service_code=CODE&address_string=x&media_url=file:///etc/passwd", FORM_TYPE),
    (b'{"service_code": "CODE", "address_string": ["x"]}', "application/json"),
    (b'{"service_code": "CODE", ', "application/json"), (b"service_code=CODE&address_string=x", "text/csv"),
])
async def test_client_mistakes_are_400s_in_georeport_form_never_500s(hotline, body, content_type):
    client, runtime = hotline
    dept = await _department(runtime)
    before = await _orders(runtime)
    content = body.replace(b"CODE", dept["code"].encode())
    response = await client.post(f"{V2}/requests.json", content=content, headers={"content-type": content_type})
    _georeport_error(response, 400)
    assert await _orders(runtime) == before


async def test_a_client_asking_for_problem_json_gets_rfc_9457_with_field_errors(hotline):
    client, runtime = hotline
    dept = await _department(runtime)
    response = await client.post(f"{V2}/requests.json", data={"service_code": dept["code"], "lat": "999",
                                                              "long": "0"}, headers=PROBLEM)
    assert response.status_code == 400 and response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400 and body["type"].endswith("open311-400") and body["title"] and body["detail"]
    assert body["errors"] == [{"field": "lat", "message": "a WGS84 decimal degree between -90 and 90"}]
    missing = await client.get(f"{V2}/requests/{uuid.uuid4()}.json", headers=PROBLEM)
    assert missing.status_code == 404 and missing.json()["status"] == 404
    for answered in (body, missing.json()):  # each `type` resolves on the service itself, to the same status
        assert (await client.get(answered["type"])).json()["status"] == answered["status"]


async def test_requests_json_filters_by_ids_service_status_and_dates(hotline):
    client, runtime = hotline
    dept = await _department(runtime)
    code = dept["code"]
    opened = (await client.post(f"{V2}/requests.json", data=_report(code))).json()[0]["service_request_id"]
    refused = (await client.post(f"{V2}/requests.json", data=_report(
        code, description="我和房东的租赁纠纷已经向法院起诉了，想催一下法院判决"))).json()[0]["service_request_id"]

    async def ids(**params) -> list[str]:
        response = await client.get(f"{V2}/requests.json", params=params)
        assert response.status_code == 200, response.text
        return [r["service_request_id"] for r in response.json()]

    assert set(await ids(service_code=code)) == {opened, refused}
    assert await ids(service_code=code, status="open") == [opened]
    assert await ids(service_code=code, status="closed") == [refused]
    assert set(await ids(service_code=f"NOPE,{code}", status="open,closed")) == {opened, refused}
    now = datetime.now(UTC)
    window = {"start_date": (now - timedelta(hours=1)).isoformat(), "end_date": (now + timedelta(hours=1)).isoformat()}
    assert set(await ids(service_code=code, **window)) == {opened, refused}
    assert await ids(service_code=code, start_date=(now + timedelta(hours=1)).isoformat()) == []
    assert await ids(service_code=code, end_date=(now - timedelta(hours=1)).isoformat()) == []
    # service_request_id overrides every other argument (GeoReport v2)
    assert set(await ids(service_request_id=f"{opened},{refused}", status="open", service_code="NOPE",
                         start_date="2001-01-01T00:00:00Z")) == {opened, refused}
    _georeport_error(await client.get(f"{V2}/requests.json", params={"status": "pending"}), 400)
    _georeport_error(await client.get(f"{V2}/requests.json", params={"start_date": "2025-01-01T00:00:00"}), 400)
    _georeport_error(await client.get(f"{V2}/requests.json", params={
        "start_date": "2025-01-01T00:00:00Z", "end_date": "2025-06-01T00:00:00Z"}), 400)


async def test_a_refused_request_is_closed_with_the_h8_reason_and_proper_channel(hotline):
    client, runtime = hotline
    dept = await _department(runtime)
    [receipt] = (await client.post(f"{V2}/requests.json", data=_report(
        dept["code"], description="劳动争议我已经申请仲裁了，请帮忙催一下"))).json()
    assert receipt["service_notice"].startswith("不予受理") and "仲裁" in receipt["service_notice"]
    [request] = (await client.get(f"{V2}/requests/{receipt['service_request_id']}.json")).json()
    assert request["status"] == "closed" and request["expected_datetime"] is None
    assert request["status_notes"] == "属于应当通过仲裁解决的事项；向仲裁机构申请仲裁（劳动争议向劳动人事争议仲裁委员会申请）"


async def test_one_request_is_a_one_element_list_and_an_unknown_id_a_georeport_404(hotline):
    client, runtime = hotline
    dept = await _department(runtime)
    body = _report(dept["code"], lat="39.87", long="124.15", media_url="https://img.example.cn/r/2.png")
    [receipt] = (await client.post(f"{V2}/requests.json", data=body)).json()
    response = await client.get(f"{V2}/requests/{receipt['service_request_id']}.json")
    [request] = response.json()
    assert response.status_code == 200
    assert request | {"requested_datetime": None, "updated_datetime": None, "expected_datetime": None} == {
        "service_request_id": receipt["service_request_id"], "status": "open", "status_notes": None,
        "service_name": "东港市城市管理局", "service_code": dept["code"], "description": body["description"],
        "agency_responsible": None, "service_notice": receipt["service_notice"], "requested_datetime": None,
        "updated_datetime": None, "expected_datetime": None, "address": body["address_string"], "address_id": None,
        "zipcode": None, "lat": 39.87, "long": 124.15, "media_url": "https://img.example.cn/r/2.png"}
    assert request["requested_datetime"].endswith("+08:00") and request["expected_datetime"] > request[
        "requested_datetime"]
    _georeport_error(await client.get(f"{V2}/requests/{uuid.uuid4()}.json"), 404)


async def test_a_hotline_order_dispatched_to_a_department_shows_it_as_service_and_agency(hotline, order):
    client, runtime = hotline
    dept = await _department(runtime, name="东港市市场监督管理局", sector="市场监管")
    created = (await client.post("/api/v1/work-orders", json=order())).json()
    dispatched = await client.post(f"/api/v1/work-orders/{created['id']}/actions",
                                   json={"action": "派单", "lead_unit": dept["code"], "reason": "属市场监管职责"})
    assert dispatched.status_code == 200, dispatched.text
    [request] = (await client.get(f"{V2}/requests/{created['id']}.json")).json()
    assert (request["service_code"], request["service_name"], request["agency_responsible"]) == (
        dept["code"], "东港市市场监督管理局", "东港市市场监督管理局")
    assert request["status"] == "open" and request["status_notes"] == "属市场监管职责"
    assert request["lat"] is None and request["updated_datetime"] >= request["requested_datetime"]


async def test_k7_h4_no_open311_answer_carries_the_requester(hotline, order):
    client, runtime = hotline
    dept = await _department(runtime)
    [receipt] = (await client.post(f"{V2}/requests.json", data=_report(
        dept["code"], description=f"门口占道经营严重，有事打我电话{PHONE}"))).json()
    hotline_order = (await client.post("/api/v1/work-orders", json=order())).json()  # 张先生, 13812345678
    answers = [await client.get(f"{V2}/requests/{receipt['service_request_id']}.json"),
               await client.get(f"{V2}/requests/{hotline_order['id']}.json"),
               await client.get(f"{V2}/requests.json"),
               await client.get(f"{V2}/requests.json", params={"service_code": dept["code"]})]
    assert all(a.status_code == 200 for a in answers)
    assert any(receipt["service_request_id"] in a.text for a in answers[2:])
    for text in [a.text for a in answers] + [str(receipt)]:
        assert PHONE not in text and "张三" not in text and "张先生" not in text and "zhang@example.cn" not in text
    [mine] = answers[0].json()
    assert mine["description"] == "门口占道经营严重，有事打我电话138****5678"
    assert not {"requester", "first_name", "last_name", "phone", "email"} & set(mine)


async def test_k7_h4_reports_and_confidential_orders_stay_out_of_the_public_listing(hotline, order):
    client, _ = hotline
    public = (await client.post("/api/v1/work-orders", json=order(request_type="投诉"))).json()
    report = (await client.post("/api/v1/work-orders", json=order(request_type="举报"))).json()
    secret = (await client.post("/api/v1/work-orders", json=order(
        requester={"name": "李女士", "phone": "13700000000", "keep_confidential": True}))).json()
    listed = {r["service_request_id"] for r in (await client.get(f"{V2}/requests.json")).json()}
    assert public["id"] in listed and report["id"] not in listed and secret["id"] not in listed
    by_id = await client.get(f"{V2}/requests.json", params={"service_request_id": report["id"]})
    assert [r["service_request_id"] for r in by_id.json()] == [report["id"]]  # the submitter holds the id
