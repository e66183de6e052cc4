"""The review period (L-6): a round past its due date is signalled once, read as a subscriber reads the topic."""

import asyncio
from datetime import date, timedelta

from sqlalchemy import select

from legality_review.adapters import tables
from legality_review.application.deadlines import scan
from platform_devstack.pytest_plugin import read_as_subscriber


async def test_l6_a_review_past_its_deadline_emits_the_breached_event_exactly_once(
        legality_review, staff, submit, local_stack, checks, conclude):
    client, runtime = legality_review
    review = await submit(staff, officers=[staff.officer], received_on=(date.today() - timedelta(days=40)).isoformat())
    assert review["overdue"] is True
    today = runtime.services.today()
    results = [await scan(runtime.uow, today) for _ in range(3)]  # the watcher runs again and again
    results += await asyncio.gather(scan(runtime.uow, today), scan(runtime.uow, today))  # and twice at once
    assert sum(breached for _, breached, _ in results) >= 1
    messages = await asyncio.to_thread(read_as_subscriber, local_stack.broker.bootstrap, "legality_review.review",
                                       {review["case_id"]}, settle_s=3.0)
    types = [dict(m.headers())["ce_type"].decode() for m in messages]
    assert types.count("review.deadline_breached.v1") == 1, types
    assert types.count("review.deadline_approaching.v1") == 0  # its warning day is past as well: only the breach
    still = (await client.get(f"/api/v1/reviews/{review['id']}")).json()
    assert still["status"] == "assigned" and still["breached_at"] is not None  # never silently expired
    overdue = (await client.get("/api/v1/reviews", params={"overdue": True,
                                                          "department_code": staff.department})).json()["items"]
    assert review["id"] in {r["id"] for r in overdue}
    concluded = await conclude(staff, review, {"outcome": "同意", "items": checks(), "signed_by": "法制科科长 王某"})
    assert concluded.status_code == 200, concluded.text  # late, but still concluded — and counted late


async def test_l6_the_approaching_signal_comes_once_within_the_warning_days(legality_review, staff, submit):
    _, runtime = legality_review
    review = await submit(staff, officers=[staff.officer])
    due = date.fromisoformat(review["due_on"])
    warn = runtime.services.calendar.subtract_working_days(due, runtime.services.rules.warn_before_wd).due
    await scan(runtime.uow, warn - timedelta(days=1))
    assert await _signals(runtime, review["case_id"], "review.deadline_approaching.v1") == 0  # not yet
    await scan(runtime.uow, warn)
    assert await _signals(runtime, review["case_id"], "review.deadline_approaching.v1") == 1
    await scan(runtime.uow, warn)
    assert await _signals(runtime, review["case_id"], "review.deadline_approaching.v1") == 1


async def _signals(runtime, case_id: str, ce_type: str) -> int:
    o = tables.outbox.c
    async with runtime.engine.connect() as conn:
        headers = (await conn.execute(select(o.headers).where(o.message_key == case_id))).scalars().all()
    return sum(1 for h in headers if h[h.index("ce_type") + 1] == ce_type)
