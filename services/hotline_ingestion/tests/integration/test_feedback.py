"""Feedback to the 12345 platform on the HTTP outbox of platform_messaging: signed with the X-Signature scheme its
receiver verifies, retried, visibly send_failed during an outage, replayed exactly once; refusals are fed back too."""

import asyncio
import hashlib
import hmac
import json


async def _deliveries(client, **filters) -> list[dict]:
    answer = await client.get("/api/v1/webhook-deliveries", params={"endpoint": "feedback", "limit": 500} | filters)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


async def _wait_for(probe, seconds: float = 15):
    for _ in range(int(seconds / 0.1)):
        if result := await probe():
            return result
        await asyncio.sleep(0.1)
    raise AssertionError("condition not met")


def _signed_by_the_service(body: bytes, signature: str) -> bool:
    return hmac.compare_digest(signature, "sha256=" + hmac.new(b"test-secret", body, hashlib.sha256).hexdigest())


async def test_h10_a_webhook_outage_ends_in_send_failed_and_a_replay_delivers_it_exactly_once(
    hotline, order, hotline_platform
):
    client, _ = hotline
    oid = (await client.post("/api/v1/work-orders", json=order())).json()["id"]
    hotline_platform.down = True
    try:
        await client.post(f"/api/v1/work-orders/{oid}/actions", json={"action": "派单", "lead_unit": "DG-ZHZF", "reason": "油烟噪音属综合执法"})

        async def failed():
            return await _deliveries(client, aggregate=oid, status="send_failed")

        [delivery] = await _wait_for(failed)
        assert (delivery["attempts"], delivery["last_error"], delivery["last_status"]) == (2, "HTTP 503", 503)
        assert delivery["payload"]["action"] == "派单" and delivery["event_type"] == "workorder.feedback"
    finally:
        hotline_platform.down = False
    replayed = await client.post(f"/api/v1/webhook-deliveries/{delivery['id']}/replay")
    assert replayed.status_code == 200 and replayed.json()["status"] == "pending"

    async def sent():
        return await _deliveries(client, aggregate=oid, status="sent")

    await _wait_for(sent)
    await asyncio.sleep(0.5)  # more sender rounds: nothing may be delivered twice
    mine = [r for r in hotline_platform.received if r[0] == delivery["webhook_id"]]
    assert len(mine) == 1
    _, body, signature = mine[0]
    assert _signed_by_the_service(body, signature)
    assert json.loads(body)["order_no"] == delivery["payload"]["order_no"]
    again = await client.post(f"/api/v1/webhook-deliveries/{delivery['id']}/replay")
    assert again.status_code == 409  # only a send_failed delivery is replayed


async def test_h8_an_order_refused_at_intake_is_fed_back_with_the_reason_and_the_proper_channel(
    hotline, order, hotline_platform
):
    client, _ = hotline
    refused = (await client.post("/api/v1/work-orders", json=order(
        content="公司拖欠三个月工资，我已经申请劳动仲裁，想问问进度"))).json()
    assert refused["status"] == "不予受理"

    async def delivered():
        return [json.loads(body) for _, body, signature in hotline_platform.received
                if json.loads(body)["order_no"] == refused["order_no"] and _signed_by_the_service(body, signature)]

    [feedback] = await _wait_for(delivered)
    assert (feedback["action"], feedback["status"]) == ("不予受理", "不予受理")
    assert "仲裁" in feedback["reason"] and "仲裁" in feedback["proper_channel"]
    assert feedback["at"].endswith("+08:00")  # the platform's one time convention, webhooks included
    # the receiver has it; the sender marks it sent once the answer is back, a moment later on a loaded machine
    [delivery] = await _wait_for(lambda: _deliveries(client, aggregate=refused["id"], status="sent"))
    assert delivery["status"] == "sent"
    assert await _deliveries(client, aggregate=refused["id"]) == [delivery]  # one delivery, no other state


async def test_h8_a_refusal_by_the_dispatcher_is_fed_back(hotline, order, hotline_platform):
    client, _ = hotline
    oid = (await client.post("/api/v1/work-orders", json=order())).json()["id"]
    answer = await client.post(f"/api/v1/work-orders/{oid}/actions",
                               json={"action": "不予受理", "reason": "属于诉讼事项，请向人民法院提起诉讼"})
    assert answer.status_code == 200, answer.text

    async def sent():
        return await _deliveries(client, aggregate=oid, status="sent")

    [delivery] = await _wait_for(sent)
    assert (delivery["payload"]["status"], delivery["payload"]["reason"]) == ("不予受理", "属于诉讼事项，请向人民法院提起诉讼")
    assert delivery["payload"]["at"].endswith("+08:00")
