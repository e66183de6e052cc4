"""Issue 12 item 6: ID, card and phone numbers a requester or a dispatcher types into free text reach neither an
uncleared unit's REST answer nor any event; order numbers and amounts stay readable (rules K-7, H-4)."""

import uuid

from sqlalchemy import select

from hotline_ingestion.adapters import tables

ID_NUMBER, CARD, MOBILE = "11010519491231002X", "6222021234567894", "13911118888"
CONTENT = f"小区楼下烧烤店油烟扰民，我身份证{ID_NUMBER}，押金退到卡{CARD}，罚款¥20000，工单12345-20261203-000123"


async def test_k7_h4_numbers_in_content_address_and_history_are_masked_for_an_uncleared_unit_and_in_events(
        hotline, order, unit_headers):
    client, runtime = hotline
    unit = f"PN-{uuid.uuid4().hex[:6].upper()}"
    body = order(content=CONTENT, address=f"东港市新兴路 18 号，门卫电话 {MOBILE}")
    created = (await client.post("/api/v1/work-orders", json=body)).json()
    assert created["content"] == CONTENT  # the default caller is cleared: as typed
    await client.post(f"/api/v1/work-orders/{created['id']}/actions",
                      json={"action": "派单", "lead_unit": unit, "reason": f"按职责派单，联系人电话{MOBILE}"})
    read = await client.get(f"/api/v1/work-orders/{created['id']}", headers=await unit_headers(unit))
    assert read.status_code == 200
    shown = read.json()
    assert shown["content"] == ("小区楼下烧烤店油烟扰民，我身份证110***********002X，押金退到卡************7894，"
                                "罚款¥20000，工单12345-20261203-000123")
    assert shown["address"] == "东港市新兴路 18 号，门卫电话 139****8888"  # and its dedupe key
    assert any(h["reason"] == "按职责派单，联系人电话139****8888" for h in shown["history"])
    assert all(raw not in read.text for raw in (ID_NUMBER, CARD, MOBILE))
    async with runtime.engine.connect() as conn:
        payloads = (await conn.execute(select(tables.outbox.c.payload).where(
            tables.outbox.c.message_key == created["id"]))).scalars().all()
    assert payloads
    assert all(raw.encode() not in p for p in payloads for raw in (ID_NUMBER, CARD, MOBILE))
    assert all(b"12345-20261203-000123" in p for p in payloads if b"content" in p)
