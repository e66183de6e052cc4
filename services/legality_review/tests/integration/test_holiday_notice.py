"""A year's holiday notice loaded from a file recomputes the provisional review periods (DOMAIN §1.2): the round's
due date moves to what the notice makes it, once, in the clock's history and as one event."""

import asyncio
import json

from sqlalchemy import select

from legality_review.adapters import tables
from legality_review.application.review_clock import ReviewClockRules
from legality_review.domain.policy import ReviewPolicy
from platform_devstack.holiday_notices import TEST_NOTICE_2027
from platform_runtime.clock_watcher import pickup


async def test_l6_g1_a_provisional_review_period_moves_once_when_the_2027_notice_is_loaded(
        legality_review, app_on, local_stack, staff, submission, holiday_notices):
    # a locality whose review period is 60 working days (L-6 leaves it open), so it reaches into 2027
    async for client, runtime in app_on(local_stack, "legality_review", deadline_scan_interval_s=3600,
                                        rules=ReviewPolicy(review_deadline_wd=60, auto_assign=False)):
        posted = await client.post("/api/v1/reviews", json=submission(staff, received_on="2026-12-03"))
        assert posted.status_code == 201, posted.text
        review = posted.json()
        # 60 working days after 2026-12-03, by the statutory list alone: Tuesday 2027-03-02 (L-6, G-1)
        assert (review["due_on"], review["provisional"]) == ("2027-03-02", True)
        listed = (await client.get("/api/v1/reviews", params={"provisional": True,
                                                             "department_code": staff.department})).json()
        assert review["id"] in {x["id"] for x in listed["items"]}
        rules, calendar = ReviewClockRules(runtime.services), runtime.services.calendar
        with holiday_notices.loaded(TEST_NOTICE_2027, calendar):
            for _ in range(2):  # the pickup runs again, and then twice at once: nothing moves twice
                await pickup(runtime.uow, tables.clock, rules, calendar)
            await asyncio.gather(*(pickup(runtime.uow, tables.clock, rules, calendar) for _ in range(2)))
            after = (await client.get(f"/api/v1/reviews/{review['id']}")).json()
        # Sunday 31 Jan and Saturday 20 Feb work, 9–12 Feb rest: two working days later, Thursday 2027-03-04
        assert (after["due_on"], after["provisional"]) == ("2027-03-04", False)
        assert after["clock"]["history"][-1]["note"] == "recomputed: holiday calendar"
        assert await _changed(runtime, review["case_id"]) == 1


async def _changed(runtime, case_id: str) -> int:
    o = tables.outbox.c
    async with runtime.engine.connect() as conn:
        headers = (await conn.execute(select(o.headers).where(o.message_key == case_id))).scalars().all()
    return sum(1 for h in headers if h[h.index("ce_type") + 1] == "review.deadline_changed.v1")


async def test_g1_an_operator_loads_a_notice_over_the_admin_api_and_a_bad_one_is_a_422_naming_fields(
        legality_review, holiday_notices):
    client, runtime = legality_review
    body = {k: v for k, v in TEST_NOTICE_2027.items() if k != "year"}
    bad = await client.put("/api/v1/calendar/notices/2027", json=body | {"working_days": ["2027-01-29", "2027-02-06"]})
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in bad.json()["errors"]] == ["working_days[0]", "working_days[1]"]  # a weekday; a rest day
    assert not (holiday_notices.path / "2027.json").exists()  # nothing stored
    with holiday_notices.loaded(TEST_NOTICE_2027 | {"source": "x"}, runtime.services.calendar):
        loaded = await client.put("/api/v1/calendar/notices/2027", json=body)  # the file is the API's now
        assert loaded.status_code == 200, loaded.text
        assert json.loads((holiday_notices.path / "2027.json").read_text())["source"] == body["source"]
        listed = (await client.get("/api/v1/calendar/notices")).json()
        assert [n["year"] for n in listed["items"]] == [2025, 2026, 2027]
        assert listed["calendar_version"] == runtime.services.calendar.version != "chinese-calendar 1.11.0"


async def test_g1_where_the_notices_cannot_be_written_the_admin_api_says_to_load_them_through_the_deployment(
        legality_review, tmp_path, monkeypatch):
    client, runtime = legality_review
    body = {k: v for k, v in TEST_NOTICE_2027.items() if k != "year"}
    in_the_way = tmp_path / "a-file"  # a directory that cannot be made, even by root (as a read-only mount)
    in_the_way.write_text("")
    monkeypatch.setattr(runtime.services.calendar, "_notices_dir", in_the_way / "holiday-notices")
    refused = await client.put("/api/v1/calendar/notices/2027", json=body)
    assert refused.status_code == 409 and "global.holidayNotices" in refused.json()["detail"]
    assert 2027 not in [n["year"] for n in (await client.get("/api/v1/calendar/notices")).json()["items"]]
