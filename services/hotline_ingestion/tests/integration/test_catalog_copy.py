"""The department and matter copy that routing reads is kept current from list_management's events.

Departments and matters travel on two topics, so a test waits for each copy it relies on, not just the last sent.
"""

import json
import uuid

from aiokafka import AIOKafkaProducer
from sqlalchemy import select

from hotline_ingestion.adapters import tables
from platform_events import new_envelope, to_kafka
from platform_events.contracts import list_management as lm


async def _publish(bootstrap: str, event, subject: str) -> None:
    key, value, headers = to_kafka(new_envelope(event, source="/services/list_management", subject=subject))
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=False)
    await producer.start()
    try:
        await producer.send_and_wait(event.topic, value=value, key=key, headers=headers)
    finally:
        await producer.stop()


async def _copy(runtime, table, code: str) -> dict | None:
    async with runtime.engine.connect() as conn:
        row = (await conn.execute(select(table).where(table.c.code == code))).mappings().first()
    return dict(row) if row else None


async def _copied(runtime, *pairs) -> bool:
    return all([await _copy(runtime, table, code) for table, code in pairs])


async def test_department_and_matter_events_update_the_local_copy_and_retirement_deactivates(
    hotline, local_stack, eventually
):
    _, runtime = hotline
    code = f"D{uuid.uuid4().hex[:6]}"
    dept = lm.DepartmentRegistered(code=code, name="东港市综合行政执法局", region_code="210681", sector="城市管理",
                                   kind="administrative_organ", responsibilities=["油烟", "噪声", "占道经营"])
    matter = dict(code=f"{code}-M", name="对露天烧烤的处罚", department_code=code, matter_type="处罚",
                  legal_basis="《中华人民共和国大气污染防治法》第一百一十八条", keywords=["烧烤", "油烟"])
    await _publish(local_stack.broker.bootstrap, dept, code)
    await _publish(local_stack.broker.bootstrap, lm.MatterRegistered(**matter), matter["code"])
    await eventually(lambda: _copied(runtime, (tables.department_copy, code), (tables.matter_copy, matter["code"])))
    assert (await _copy(runtime, tables.department_copy, code))["responsibilities"] == ["油烟", "噪声", "占道经营"]
    assert (await _copy(runtime, tables.matter_copy, matter["code"]))["active"] is True
    await _publish(local_stack.broker.bootstrap, lm.MatterRetired(**matter, active=False), matter["code"])
    await eventually(lambda: _retired(runtime, matter["code"]))


async def _retired(runtime, code: str) -> bool:
    return (await _copy(runtime, tables.matter_copy, code))["active"] is False


async def test_h9_routing_suggests_the_department_whose_catalog_matches_and_flags_a_violation_lead(
    hotline, local_stack, order, eventually
):
    client, runtime = hotline
    code = f"Z{uuid.uuid4().hex[:6]}"
    await _publish(local_stack.broker.bootstrap, lm.DepartmentRegistered(
        code=code, name="东港市综合行政执法局", region_code="210681", sector="城市管理",
        kind="administrative_organ", responsibilities=["油烟", "噪声"]), code)
    await _publish(local_stack.broker.bootstrap, lm.MatterRegistered(
        code=f"{code}-CF", name="对露天烧烤污染大气的处罚", department_code=code, matter_type="处罚",
        legal_basis="《中华人民共和国大气污染防治法》第一百一十八条", keywords=["烧烤", "油烟"]), f"{code}-CF")
    await eventually(lambda: _copied(runtime, (tables.department_copy, code), (tables.matter_copy, f"{code}-CF")))
    created = (await client.post("/api/v1/work-orders", json=order(request_type="举报"))).json()
    answer = (await client.get(f"/api/v1/work-orders/{created['id']}/routing-suggestions")).json()
    top = answer["suggestions"][0]
    assert top["department_code"] == code and top["matched_rule"] == f"catalog:{code}-CF"
    assert answer["enforcement_signal"]["kind"] == "violation_report"
    assert "H-13" in answer["enforcement_signal"]["rules"]


async def test_h13_s1_a_report_of_a_catalog_violation_becomes_a_lead_event_for_case_intake(
    hotline, local_stack, order, eventually
):
    client, runtime = hotline
    code = f"L{uuid.uuid4().hex[:6]}"
    await _publish(local_stack.broker.bootstrap, lm.MatterRegistered(
        code=f"{code}-CF", name="对销售超过保质期食品的处罚", department_code=code, matter_type="处罚",
        legal_basis="《中华人民共和国食品安全法》第一百二十四条", keywords=["过期食品", "超过保质期"]), f"{code}-CF")
    await eventually(lambda: _copied(runtime, (tables.matter_copy, f"{code}-CF")))
    created = (await client.post("/api/v1/work-orders", json=order(
        request_type="举报", content="新兴路超市货架上在卖过期食品，已超过保质期一个月"))).json()
    async with runtime.engine.connect() as conn:
        rows = (await conn.execute(select(tables.outbox.c.headers, tables.outbox.c.payload).where(
            tables.outbox.c.message_key == created["id"]))).all()
    leads = [p for h, p in rows if h[h.index("ce_type") + 1] == "workorder.enforcement_lead_reported.v1"]
    assert len(leads) == 1
    lead = json.loads(leads[0])
    assert lead["matter_code"] == f"{code}-CF" and lead["real_name_reporter"] is True
    assert {"S-1", "K-5", "H-13"} <= set(lead["rule_ids"])
    assert "13812345678" not in leads[0].decode()


async def test_h12_a_complaint_about_enforcement_conduct_is_flagged_for_supervision(hotline, order):
    client, runtime = hotline
    created = (await client.post("/api/v1/work-orders", json=order(
        request_type="投诉", content="城管执法人员乱罚款，还推诿扯皮不作为"))).json()
    async with runtime.engine.connect() as conn:
        headers = (await conn.execute(select(tables.outbox.c.headers).where(
            tables.outbox.c.message_key == created["id"]))).scalars().all()
    assert "workorder.conduct_complaint_flagged.v1" in [h[h.index("ce_type") + 1] for h in headers]
