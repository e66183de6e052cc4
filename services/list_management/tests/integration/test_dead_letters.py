"""list_management's consumer wiring and the operators' dead-letter routes, end to end on the session's broker.

The delivery guarantees themselves (broker restarts, redelivery, poison messages, replay) are proven once, in
libs/messaging/tests/test_delivery_guarantees.py; this shows a case.filed event list_management cannot apply yet
(its matter is unknown: `UnknownMatter`) listed at /api/v1/dead-letters and replayed there once the matter exists.
"""

from datetime import date

from sqlalchemy import func, select

from list_management.adapters import tables
from platform_devstack.pytest_plugin import publish
from platform_events.contracts.case_intake import CaseFiled


async def _usage_count(container, case_id: str) -> int:
    stmt = select(func.count()).select_from(tables.matter_usage).where(tables.matter_usage.c.case_id == case_id)
    async with container.engine.connect() as conn:
        return (await conn.execute(stmt)).scalar_one()


async def test_a_case_filed_for_an_unknown_matter_is_listed_and_replayed_once_the_matter_exists(
        client, build, uid, container, producer, eventually):
    await client.post("/api/v1/departments", json=build.department(f"D{uid}"))
    case_id = f"POISON{uid}"
    event = CaseFiled(case_id=case_id, matter_code=f"LATE{uid}", department_code=f"D{uid}", filed_on=date(2026, 3, 2))
    event_id = await publish(producer, event, case_id, source="/services/case_intake")

    async def parked() -> dict | None:
        letters = (await client.get("/api/v1/dead-letters", params={"limit": 500, "pending_only": True})).json()["items"]
        return next((d for d in letters if d["event_id"] == event_id), None)

    letter = await eventually(parked, timeout_s=60)
    assert (letter["error_type"], letter["attempts"], letter["topic"]) == ("UnknownMatter", 3, CaseFiled.topic)
    still = await client.post(f"/api/v1/dead-letters/{letter['id']}/replay")
    assert still.status_code == 409  # cause not fixed yet: refused, the letter stays pending
    assert await parked() is not None
    await client.post("/api/v1/matters", json=build.matter(f"LATE{uid}", f"D{uid}"))
    replay = await client.post(f"/api/v1/dead-letters/{letter['id']}/replay")
    assert replay.status_code == 200 and replay.json()["outcome"] == "handled"
    again = await client.post(f"/api/v1/dead-letters/{letter['id']}/replay")
    assert again.json()["outcome"] == "duplicate"  # a second replay changes nothing
    assert await _usage_count(container, case_id) == 1
    assert await parked() is None
