"""Feedback to the hotline platform: signed, retried, visibly failed during an outage, re-sent exactly once."""

import asyncio
import hashlib
import hmac

from hotline_ingestion.domain.feedback import next_attempt


async def _deliveries(client, status: str) -> list[dict]:
    return (await client.get("/api/v1/feedback-deliveries", params={"status": status, "limit": 500})).json()


async def _wait_for(probe, seconds: float = 15):
    for _ in range(int(seconds / 0.1)):
        if result := await probe():
            return result
        await asyncio.sleep(0.1)
    raise AssertionError("condition not met")


async def test_a_webhook_outage_ends_in_send_failed_and_a_later_resend_succeeds_exactly_once(
    hotline, order, hotline_platform
):
    client, _ = hotline
    oid = (await client.post("/api/v1/work-orders", json=order())).json()["id"]
    hotline_platform.down = True
    try:
        await client.post(f"/api/v1/work-orders/{oid}/actions", json={"action": "派单", "lead_unit": "DG-ZHZF", "reason": "油烟噪音属综合执法"})

        async def failed():
            return [d for d in await _deliveries(client, "send_failed") if d["work_order_id"] == oid]

        [delivery] = await _wait_for(failed)
        assert delivery["attempts"] == 2 and delivery["last_error"] == "HTTP 503"
    finally:
        hotline_platform.down = False
    assert (await client.post(f"/api/v1/feedback-deliveries/{delivery['id']}/resend")).status_code == 202

    async def sent():
        return [d for d in await _deliveries(client, "sent") if d["id"] == delivery["id"]]

    await _wait_for(sent)
    await asyncio.sleep(0.5)  # more sender rounds: nothing may be delivered twice
    mine = [r for r in hotline_platform.received if r[0] == delivery["id"]]
    assert len(mine) == 1
    _, body, sig = mine[0]
    assert sig == "sha256=" + hmac.new(b"test-secret", body, hashlib.sha256).hexdigest()
    again = await client.post(f"/api/v1/feedback-deliveries/{delivery['id']}/resend")
    assert again.status_code == 422  # only a send_failed delivery is re-sent


def test_retries_back_off_exponentially():
    from datetime import UTC, datetime

    now = datetime(2026, 1, 5, tzinfo=UTC)
    gaps = [(next_attempt(now, n, 2.0) - now).total_seconds() for n in (1, 2, 3)]
    assert gaps == [2.0, 4.0, 8.0]
