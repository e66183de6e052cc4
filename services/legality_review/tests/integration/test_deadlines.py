"""The review period (L-6) on the shared clock: a round past its due date is signalled once, read as a subscriber
reads the topic; the clock's state shows in every read and filters the list."""

import asyncio
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from legality_review.adapters import tables
from legality_review.application.review_clock import ReviewClockRules
from platform_db.clock_watch import watch_round
from platform_db.clocks import start_of
from platform_devstack.pytest_plugin import read_as_subscriber


def watch(runtime, now: datetime | None = None):
    services = runtime.services
    return watch_round(runtime.uow, tables.clock, ReviewClockRules(services), now=now or datetime.now(UTC),
                       calendar_version=services.calendar.version)


async def test_l6_a_review_past_its_deadline_emits_the_breached_event_exactly_once(
        legality_review, staff, submit, local_stack, checks, conclude):
    client, runtime = legality_review
    await watch(runtime)  # what earlier tests (in this service or through case_intake) left due is signalled first
    review = await submit(staff, officers=[staff.officer], received_on=(date.today() - timedelta(days=40)).isoformat())
    assert review["overdue"] is True and review["clock"]["state"] == "breached"
    results = [await watch(runtime) for _ in range(3)]  # the watcher runs again and again
    results += await asyncio.gather(watch(runtime), watch(runtime))  # and twice at once
    assert sum(r.breached for r in results) >= 1  # this review's; its event is counted exactly below
    messages = await asyncio.to_thread(read_as_subscriber, local_stack.broker.bootstrap, "legality_review.review",
                                       {review["case_id"]}, settle_s=3.0)
    types = [dict(m.headers())["ce_type"].decode() for m in messages]
    assert types.count("review.deadline_breached.v1") == 1, types
    assert types.count("review.deadline_approaching.v1") == 0  # its warning day is past as well: only the breach
    still = (await client.get(f"/api/v1/reviews/{review['id']}")).json()
    assert still["status"] == "assigned" and still["clock"]["state"] == "breached"  # never silently expired
    for params in ({"overdue": True}, {"clock_state": "breached"}):
        listed = (await client.get("/api/v1/reviews", params=params | {"department_code": staff.department})).json()
        assert review["id"] in {r["id"] for r in listed["items"]}
    concluded = await conclude(staff, review, {"outcome": "同意", "items": checks(), "signed_by": "法制科科长 王某"})
    assert concluded.status_code == 200, concluded.text  # late, but still concluded — and counted late
    assert concluded.json()["clock"]["state"] == "breached"  # finished late reads breached, never met


async def test_l6_a_review_concluded_in_time_reads_met(legality_review, staff, submit, checks, conclude):
    review = await submit(staff, officers=[staff.officer])
    assert review["clock"]["state"] == "running" and review["clock"]["rule_ids"] == ["L-6", "G-1"]
    concluded = await conclude(staff, review, {"outcome": "同意", "items": checks(), "signed_by": "法制科科长 王某"})
    assert concluded.json()["clock"]["state"] == "met"


async def test_l6_the_approaching_signal_comes_once_within_the_warning_days(legality_review, staff, submit):
    _, runtime = legality_review
    review = await submit(staff, officers=[staff.officer])
    due = date.fromisoformat(review["due_on"])
    warn = runtime.services.calendar.subtract_working_days(due, runtime.services.rules.warn_before_wd).due
    await watch(runtime, start_of(warn) - timedelta(seconds=1))
    assert await _signals(runtime, review["case_id"], "review.deadline_approaching.v1") == 0  # not yet
    await watch(runtime, start_of(warn))
    assert await _signals(runtime, review["case_id"], "review.deadline_approaching.v1") == 1
    await watch(runtime, start_of(warn) + timedelta(hours=1))
    assert await _signals(runtime, review["case_id"], "review.deadline_approaching.v1") == 1


async def test_l6_an_approved_extension_records_its_approver_and_moves_the_due_date(legality_review, staff, submit):
    client, _ = legality_review
    review = await submit(staff, officers=[staff.officer])
    moved = await client.post(f"/api/v1/reviews/{review['id']}/extension",
                              json={"working_days": 3, "approved_by": "局长 李某", "reason": "材料补正"})
    assert moved.status_code == 200, moved.text
    clock = moved.json()["clock"]
    assert clock["extensions"][0]["approved_by"] == "局长 李某" and clock["extensions"][0]["rule"] == "L-6"
    assert date.fromisoformat(clock["due_on"]) > date.fromisoformat(review["due_on"])


async def _signals(runtime, case_id: str, ce_type: str) -> int:
    o = tables.outbox.c
    async with runtime.engine.connect() as conn:
        headers = (await conn.execute(select(o.headers).where(o.message_key == case_id))).scalars().all()
    return sum(1 for h in headers if h[h.index("ce_type") + 1] == ce_type)
