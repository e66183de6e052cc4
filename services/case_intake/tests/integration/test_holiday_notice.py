"""A year's holiday notice loaded from a file recomputes the provisional clocks (DOMAIN §1.2): a decision clock
counted into 2027 before its notice is out moves to the date the notice makes it, once, noted in the case's record."""

import asyncio

from sqlalchemy import select

from case_intake.adapters import tables
from case_intake.application.deadlines import CaseClockRules
from platform_devstack.holiday_notices import TEST_NOTICE_2027
from platform_runtime.clock_watcher import pickup


async def test_p20_g6_a_provisional_decision_clock_moves_once_when_the_2027_notice_is_loaded(
        case_intake, world, clue_body, filing_body, holiday_notices):
    client, runtime = case_intake
    clue = (await client.post("/api/v1/clues", json=clue_body(world, received_at="2026-11-10T09:00:00+08:00"))).json()
    filed = await client.post(f"/api/v1/clues/{clue['id']}/case", headers=world.acting,
                              json=filing_body(world, filed_on="2026-11-12", act_date="2026-11-01"))
    assert filed.status_code == 201, filed.text
    case = filed.json()
    before = next(c for c in case["clocks"] if c["kind"] == "作出决定期限")
    # 90 days after 2026-11-12 is Wednesday 2027-02-10, a working day by the statutory list alone (P-20, G-5)
    assert (before["due_on"], before["provisional"]) == ("2027-02-10", True)
    listed = (await client.get("/api/v1/cases", params={"provisional": True, "limit": 500})).json()["items"]
    assert case["id"] in {x["id"] for x in listed}
    calendar = runtime.services.calendar
    with holiday_notices.loaded(TEST_NOTICE_2027, calendar):  # an operator puts the 2027 file in the directory
        def watcher():
            return pickup(runtime.uow, tables.clock, CaseClockRules(runtime.services), calendar)

        await watcher()
        await watcher()  # the pickup runs again,
        await asyncio.gather(watcher(), watcher())  # and twice at once: nothing moves twice
        after = (await client.get(f"/api/v1/cases/{case['id']}")).json()
        record = (await client.get(f"/api/v1/cases/{case['id']}/record")).json()
        verified = (await client.get(f"/api/v1/cases/{case['id']}/record/verification")).json()
    moved = next(c for c in after["clocks"] if c["kind"] == "作出决定期限")
    # the notice rests 5–13 Feb; Sunday 14 Feb is no working day either: the last day rolls to Monday 15 Feb (G-6)
    assert (moved["due_on"], moved["provisional"]) == ("2027-02-15", False)
    assert moved["calendar_version"].startswith("chinese-calendar 1.11.0+notices.2027.")
    assert moved["history"][-1]["note"] == "recomputed: holiday calendar"
    assert await _changed(runtime, case["id"]) == 1
    noted = [x for x in record["links"] if x["act"] == "deadline_recomputed"]
    assert len(noted) == 1 and noted[0]["content"]["to"] == "2027-02-15" and verified["intact"] is True


async def _changed(runtime, subject: str) -> int:
    o = tables.outbox.c
    async with runtime.engine.connect() as conn:
        headers = (await conn.execute(select(o.headers).where(o.message_key == subject))).scalars().all()
    return sum(1 for h in headers if h[h.index("ce_type") + 1] == "case.deadline_changed.v1")
