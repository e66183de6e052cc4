"""案源线索: the 立案 clock (S-1), not filing with its ground (S-3, K-5), idempotent registration, 12345 leads."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from case_intake.adapters import tables
from platform_calendar import WorkCalendar
from platform_events.contracts.hotline_ingestion import EnforcementLeadReported

CAL = WorkCalendar(unknown_year="provisional")


async def test_s1_a_clue_is_checked_within_15_working_days_of_receipt_counted_on_the_statutory_calendar(
        case_intake, world, clue_body):
    client, _ = case_intake
    received = datetime(2025, 9, 26, 10, 0, tzinfo=UTC)  # a Friday before the 2025 National Day holiday
    clue = (await client.post("/api/v1/clues", json=clue_body(world, received_at=received.isoformat()))).json()
    # 9-28 (Sun, 调休) 9-29 9-30 = 3; 10-1 … 10-8 rest; 10-9 10-10 10-11 (Sat, 调休) = 6; then 10-13 … 10-23 = 15
    assert clue["filing_clock"]["due_on"] == "2025-10-23"
    assert clue["filing_clock"]["due_on"] == CAL.add_working_days(date(2025, 9, 26), 15).due.isoformat()
    assert clue["filing_clock"]["rule_ids"] == ["S-1", "G-1"]


async def test_s1_the_filing_clock_is_extended_once_by_at_most_15_working_days_with_approval(
        case_intake, world, clue_body):
    client, _ = case_intake
    clue = (await client.post("/api/v1/clues", json=clue_body(world))).json()
    approval = {"clock": "filing", "days": 15, "approval_ref": "东市监延〔2026〕3号",
                "approved_on": date.today().isoformat()}
    extensions = f"/api/v1/clues/{clue['id']}/extensions"
    too_long = await client.post(extensions, json=approval | {"days": 16}, headers=world.acting)
    extended = await client.post(extensions, json=approval, headers=world.acting)
    again = await client.post(extensions, json=approval | {"days": 1}, headers=world.acting)
    assert (too_long.status_code, too_long.json()["rule"]) == (422, "S-1")
    assert extended.json()["extensions"][0]["approved_by"] == world.officers[0]  # the verified approver
    received = date.fromisoformat(clue["received_at"][:10])
    assert extended.json()["filing_clock"]["due_on"] == CAL.add_working_days(received, 30).due.isoformat()
    assert (again.status_code, again.json()["rule"]) == (422, "S-1")


async def test_s1_testing_and_appraisal_time_is_not_counted_by_the_filing_clock(case_intake, world, clue_body):
    client, _ = case_intake
    clue = (await client.post("/api/v1/clues", json=clue_body(
        world, received_at="2026-11-02T09:00:00+08:00"))).json()  # Monday
    before = clue["filing_clock"]["due_on"]
    await client.post(f"/api/v1/clues/{clue['id']}/pauses", json={"kind": "检测", "started_on": "2026-11-09",
                                                                   "reason": "送检样品"}, headers=world.acting)
    resumed = (await client.post(f"/api/v1/clues/{clue['id']}/resume", json={"ended_on": "2026-11-13"},
                                 headers=world.acting)).json()
    assert before == "2026-11-23"
    assert resumed["filing_clock"]["due_on"] == "2026-11-30"  # five working days of testing added


async def test_s3_not_filing_records_the_ground_and_k5_dates_the_notice_to_a_real_name_reporter(
        case_intake, world, clue_body):
    client, runtime = case_intake
    clue = (await client.post("/api/v1/clues", json=clue_body(world, source="举报", real_name_reporter=True))).json()
    decided = await client.post(f"/api/v1/clues/{clue['id']}/not-filed", json={
        "ground": "违法行为轻微并及时改正，没有造成危害后果", "reason": "当场改正，未造成危害",
        "decided_on": date.today().isoformat()}, headers=world.acting)
    again = await client.post(f"/api/v1/clues/{clue['id']}/not-filed", json={
        "ground": "其他", "reason": "重复", "decided_on": date.today().isoformat()}, headers=world.acting)
    assert decided.json()["status"] == "不予立案"
    assert decided.json()["not_filed_reason"].endswith(f"（批准：{world.officers[0]}）")  # the verified approver
    assert decided.json()["filing_clock"]["state"] == "met"
    assert again.status_code == 409
    async with runtime.engine.connect() as conn:
        payload = (await conn.execute(select(tables.outbox.c.payload).where(
            tables.outbox.c.message_key == clue["id"]).order_by(tables.outbox.c.id.desc()))).scalars().first()
    assert b'"filed":false' in payload and b"K-5" in payload and b"S-3" in payload


async def test_a_clue_sent_twice_with_the_same_source_ref_is_stored_once(case_intake, world, clue_body):
    client, _ = case_intake
    body = clue_body(world, source="移送", source_ref=f"YS-{world.department}")
    first, again = (await client.post("/api/v1/clues", json=body)), (await client.post("/api/v1/clues", json=body))
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]


async def test_e2e_a_12345_report_about_a_penalty_matter_becomes_a_clue_with_its_clock_from_receipt(
        case_intake, world, emit, eventually):
    """What hotline_ingestion publishes for a 举报 on a catalog matter (S-1, K-5, H-13) arrives as a clue."""
    client, _ = case_intake
    work_order_id = f"wo-{world.department}"
    lead = EnforcementLeadReported(
        work_order_id=work_order_id, order_no=f"12345-{world.department}", received_at="2026-11-20T10:15:00+08:00",
        request_type="举报", matter_code=world.matter, department_code=world.department, region_code="210681",
        address="东港市新兴路 1 号", content="举报某超市未公示食品经营许可证", reported_party_name="某超市",
        real_name_reporter=True, rule_ids=["S-1", "K-5", "H-13"])
    await emit(lead, work_order_id, source="/services/hotline_ingestion")

    async def arrived() -> dict | None:
        page = (await client.get("/api/v1/clues", params={"source_ref": work_order_id})).json()
        return page["items"][0] if page["items"] else None

    clue = await eventually(arrived)
    full = (await client.get(f"/api/v1/clues/{clue['id']}")).json()
    assert full["source"] == "举报" and full["real_name_reporter"] is True and full["matter_code"] == world.matter
    assert full["filing_clock"]["due_on"] == CAL.add_working_days(date(2026, 11, 20), 15).due.isoformat()


async def test_a_second_lead_for_the_same_work_order_opens_no_second_clue(case_intake, world, emit, eventually):
    """Two events about one 12345 order (a hotline retry with a new ce_id): the inbox lets both through, the
    clue's natural key (source, source_ref = work order id) keeps one clue. Redelivery of one event is the
    messaging library's to prove (libs/messaging/tests/test_delivery_guarantees.py)."""
    client, runtime = case_intake
    work_order_id = f"wo-twice-{world.department}"
    lead = EnforcementLeadReported(
        work_order_id=work_order_id, order_no=f"12345-T{world.department}", received_at=datetime.now(UTC),
        request_type="举报", matter_code=world.matter, department_code=world.department, region_code="210681",
        content="举报某超市未公示食品经营许可证", real_name_reporter=False, rule_ids=["S-1", "K-5", "H-13"])
    ids = [await emit(lead, work_order_id, source="/services/hotline_ingestion") for _ in range(2)]
    i = tables.inbox.c

    async def both_handled() -> bool:
        async with runtime.engine.connect() as conn:
            handled = (await conn.execute(select(i.event_id).where(
                i.consumer_group == "case_intake", i.event_id.in_(ids)))).scalars().all()
        return len(handled) == 2

    await eventually(both_handled)
    page = (await client.get("/api/v1/clues", params={"source_ref": work_order_id})).json()
    assert len(page["items"]) == 1


async def test_s1_a_clue_received_later_than_now_beyond_the_clock_skew_is_a_422_naming_received_at(
        case_intake, world, clue_body):
    client, _ = case_intake  # the rule hotline intake applies too (platform_calendar.future_receipt)
    ahead = datetime.now(UTC) + timedelta(hours=2)
    refused = await client.post("/api/v1/clues", json=clue_body(
        world, source="移送", source_ref=f"F-{world.department}", received_at=ahead.isoformat()))
    assert refused.status_code == 422, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == ["received_at"]
    listed = (await client.get("/api/v1/clues", params={"department_code": world.department})).json()
    assert f"F-{world.department}" not in {c.get("source_ref") for c in listed["items"]}
    skewed = datetime.now(UTC) + timedelta(minutes=2)  # within the 5-minute tolerance
    accepted = await client.post("/api/v1/clues", json=clue_body(
        world, source="移送", source_ref=f"G-{world.department}", received_at=skewed.isoformat()))
    assert accepted.status_code == 201, accepted.text


async def test_a_clue_with_a_receipt_or_act_date_outside_the_supported_years_is_a_422_naming_the_field(
        case_intake, world, clue_body):
    client, _ = case_intake  # issue 12 item 5: refused by the request model (SupportedDate), nothing stored
    for n, (field, value) in enumerate((("received_at", "1900-01-01T09:00:00+08:00"), ("act_date", "2200-01-01"))):
        ref = f"R{n}-{world.department}"
        refused = await client.post("/api/v1/clues", json=clue_body(
            world, source="移送", source_ref=ref, **{field: value}))
        assert refused.status_code == 422, refused.text
        assert [e["field"] for e in refused.json()["errors"]] == [field]
        listed = (await client.get("/api/v1/clues", params={"department_code": world.department})).json()
        assert ref not in {c.get("source_ref") for c in listed["items"]}
