"""The deadline watcher: breached clocks signalled once (§11.1), an overdue filing clock as a supervision signal
(M-3: 有案不立), a due-soon warning before it, and a moved due date signalled again."""

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from case_intake.adapters import tables


async def _signals(runtime, subject: str, ce_type: str) -> list[bytes]:
    o = tables.outbox.c
    async with runtime.engine.connect() as conn:
        rows = (await conn.execute(select(o.headers, o.payload).where(o.message_key == subject))).all()
    return [r.payload for r in rows if ce_type in r.headers]


async def test_m3_an_overdue_filing_clock_is_signalled_once_as_a_supervision_signal(case_intake, world, clue_body,
                                                                                     eventually):
    client, runtime = case_intake
    clue = (await client.post("/api/v1/clues", json=clue_body(world, received_at="2026-06-01T09:00:00+08:00"))).json()
    breached = await eventually(lambda: _signals(runtime, clue["id"], "case.deadline_breached.v1"))
    await asyncio.sleep(0.8)  # several more scans
    assert len(await _signals(runtime, clue["id"], "case.deadline_breached.v1")) == 1
    assert b'"supervision_signal":true' in breached[0] and b"S-1" in breached[0]
    assert await _signals(runtime, clue["id"], "case.deadline_approaching.v1") == []  # past due: no late warning
    shown = (await client.get(f"/api/v1/clues/{clue['id']}")).json()["filing_clock"]
    assert shown["state"] == "breached" and shown["rule_ids"] == ["S-1", "G-1"]
    listed = (await client.get("/api/v1/clues", params={"clock_state": "breached"})).json()["items"]
    assert clue["id"] in {x["id"] for x in listed}


async def test_a_clock_due_soon_is_warned_once_and_an_extension_that_moves_it_may_warn_again(
        case_intake, world, clue_body, eventually):
    client, runtime = case_intake
    received = datetime.now(UTC) - timedelta(days=19)  # 15 WD are almost used up
    clue = (await client.post("/api/v1/clues", json=clue_body(world, received_at=received.isoformat()))).json()
    if clue["filing_clock"]["due_on"] < datetime.now(UTC).date().isoformat():
        return  # holidays made it overdue already: covered by the test above
    await eventually(lambda: _signals(runtime, clue["id"], "case.deadline_approaching.v1"))
    await asyncio.sleep(0.5)
    assert len(await _signals(runtime, clue["id"], "case.deadline_approaching.v1")) == 1
