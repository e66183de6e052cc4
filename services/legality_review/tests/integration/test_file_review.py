"""案卷评查 (policy 003 item 4): a campaign samples closed cases known from case_intake's events, grades them on
the rubric, and issues rectification items that are tracked to closure."""

import uuid
from datetime import date, timedelta

from sqlalchemy import func, select

from legality_review.adapters import tables
from legality_review.application.review_clock import ReviewClockRules
from platform_db.clock_watch import watch_round
from platform_db.clocks import start_of
from platform_events.contracts import case_intake as ci

SOURCE = "/services/case_intake"
FULL = {"卷宗装订": 10, "卷宗材料": 15, "执法程序": 20, "事实认定": 15, "证据采信": 15, "适用法律": 15, "执法效果": 10}


async def _closed_cases(emit, staff, n: int, *, changed: int = 0) -> list[str]:
    ids = []
    for i in range(n):
        case_id = str(uuid.uuid4())
        common = {"case_id": case_id, "case_no": f"{staff.department}罚〔2026〕{i + 1}号",
                  "department_code": staff.department, "record_seq": 20, "record_hash": "ef" * 32}
        await emit(ci.CaseDecided(**common, decided_on=date(2026, 6, 1), decision_no=f"D{i}", outcome="给予行政处罚",
                                  penalties=[{"kind": "罚款", "amount_cny": "5000"}], matter_code="CF-001"),
                   case_id, source=SOURCE)
        await emit(ci.CaseClosed(**common, closed_on=date(2026, 7, 1) + timedelta(days=i), reason="执行完毕",
                                 outcome="给予行政处罚"), case_id, source=SOURCE)
        if i < changed:
            await emit(ci.CaseDecisionChanged(**common, change="撤销", changed_on=date(2026, 9, 1),
                                              reason="行政复议决定撤销"), case_id, source=SOURCE)
        ids.append(case_id)
    return ids


async def _known(runtime, ids: list[str], changed: int) -> bool:
    c = tables.case_copy.c
    async with runtime.engine.connect() as conn:
        closed = (await conn.execute(select(func.count()).where(c.case_id.in_(ids), c.closed_on.is_not(None)))
                  ).scalar_one()
        revoked = (await conn.execute(select(func.count()).where(c.case_id.in_(ids), c.changes != []))).scalar_one()
    return closed == len(ids) and revoked == changed


async def test_a_campaign_grades_its_files_and_its_rectification_items_can_be_closed(
        legality_review, staff, emit, eventually):
    client, runtime = legality_review
    ids = await _closed_cases(emit, staff, 6, changed=1)
    await eventually(lambda: _known(runtime, ids, 1))
    created = await client.post("/api/v1/file-review-campaigns", json={
        "title": "2026年度行政执法案卷评查", "organiser": "东港市司法局", "closed_from": "2026-07-01",
        "closed_to": "2026-07-31", "department_codes": [staff.department], "random_count": 2,
        "submitted_case_ids": [ids[5]], "seed": 20261201})
    assert created.status_code == 201, created.text
    campaign_id = created.json()["id"]
    drawn = await client.post(f"/api/v1/file-review-campaigns/{campaign_id}/draw")
    assert drawn.status_code == 200, drawn.text
    files = {f["case_id"]: f for f in drawn.json()["files"]}
    assert files[ids[5]]["selection"] == "选送" and files[ids[0]]["selection"] == "重点评查"  # revoked in review
    assert sum(1 for f in files.values() if f["selection"] == "随机抽取") == 2 and len(files) == 4
    assert (await client.post(f"/api/v1/file-review-campaigns/{campaign_id}/draw")).status_code == 409

    revoked, submitted, *randoms = [files[ids[0]], files[ids[5]], *(f for f in files.values()
                                                                    if f["selection"] == "随机抽取")]
    failing = await client.post(f"/api/v1/file-reviews/{revoked['id']}/scores", json={
        "reviewer": "评查组 赵某", "scores": FULL | {"证据采信": 2, "适用法律": 3, "执法程序": 0},
        "findings": [{"dimension": "证据采信", "problem": "关键证据系复印件且未注明出处"},
                     {"dimension": "适用法律", "problem": "适用条款错误，被复议机关撤销",
                      "due_on": (date.today() + timedelta(days=10)).isoformat()}]})
    assert failing.status_code == 200, failing.text
    assert failing.json()["grade"] == "不合格" and failing.json()["total"] == 55
    items = failing.json()["rectifications"]
    assert len(items) == 2 and {i["status"] for i in items} == {"open"}
    default_due = runtime.services.calendar.add_working_days(runtime.services.today(), 20).due.isoformat()
    assert {i["dimension"]: i["due_on"] for i in items}["证据采信"] == default_due

    good = await client.post(f"/api/v1/file-reviews/{submitted['id']}/scores",
                             json={"reviewer": "评查组 赵某", "scores": FULL | {"执法效果": 8}})
    assert good.json()["grade"] == "优秀" and good.json()["total"] == 98
    for f in randoms:
        passed = await client.post(f"/api/v1/file-reviews/{f['id']}/scores",
                                   json={"reviewer": "评查组 钱某", "scores": FULL | {"卷宗材料": 0, "卷宗装订": 5}})
        assert passed.json()["grade"] == "合格", passed.text

    progress = (await client.get(f"/api/v1/file-review-campaigns/{campaign_id}")).json()
    assert progress["grades"] == {"优秀": 1, "合格": 2, "不合格": 1} and progress["progress"] == "in_progress"
    for item in items:
        closed = await client.post(f"/api/v1/rectifications/{item['id']}/closure",
                                   json={"result": "已补充原件并重新作出决定", "accepted_by": "东港市司法局 孙某"})
        assert closed.status_code == 200 and closed.json()["overdue"] is False, closed.text
    assert (await client.post(f"/api/v1/rectifications/{items[0]['id']}/closure",
                              json={"result": "再次", "accepted_by": "孙某"})).status_code == 409
    done = (await client.get(f"/api/v1/file-review-campaigns/{campaign_id}")).json()
    assert done["progress"] == "completed" and done["open_rectifications"] == 0

    stats = (await client.get("/api/v1/statistics/file-reviews", params={"campaign_id": campaign_id})).json()
    (mine,) = stats["departments"]
    assert mine["grades"] == {"优秀": 1, "合格": 2, "不合格": 1} and mine["rectifications"]["closed"] == 2
    o = tables.outbox.c
    async with runtime.engine.connect() as conn:
        headers = (await conn.execute(select(o.headers).where(o.message_key.in_(ids)))).scalars().all()
    types = [h[h.index("ce_type") + 1] for h in headers]
    assert types.count("file_review.graded.v1") == 4 and types.count("rectification.issued.v1") == 2
    assert types.count("rectification.closed.v1") == 2


async def test_a_score_outside_the_rubric_or_a_failing_file_without_findings_is_refused(
        legality_review, staff, emit, eventually):
    client, runtime = legality_review
    ids = await _closed_cases(emit, staff, 1)
    await eventually(lambda: _known(runtime, ids, 0))
    campaign = (await client.post("/api/v1/file-review-campaigns", json={
        "title": "专项评查", "organiser": "东港市司法局", "closed_from": "2026-07-01", "closed_to": "2026-07-31",
        "department_codes": [staff.department], "random_count": 1})).json()
    (f,) = (await client.post(f"/api/v1/file-review-campaigns/{campaign['id']}/draw")).json()["files"]
    url = f"/api/v1/file-reviews/{f['id']}/scores"
    over = await client.post(url, json={"reviewer": "赵某", "scores": FULL | {"执法程序": 25, "文书": 3}})
    assert over.status_code == 422
    assert {e["field"] for e in over.json()["errors"]} == {"scores.执法程序", "scores.文书"}
    missing = await client.post(url, json={"reviewer": "赵某", "scores": {"卷宗装订": 10}})
    assert missing.status_code == 422 and len(missing.json()["errors"]) == 6
    silent_fail = await client.post(url, json={"reviewer": "赵某", "scores": dict.fromkeys(FULL, 1)})
    assert silent_fail.status_code == 422 and silent_fail.json()["errors"][0]["field"] == "findings"
    assert (await client.get(f"/api/v1/file-reviews/{f['id']}")).json()["status"] == "pending"
    bad_period = await client.post("/api/v1/file-review-campaigns", json={
        "title": "专项评查", "organiser": "司法局", "closed_from": "2026-08-01", "closed_to": "2026-07-01"})
    assert bad_period.status_code == 422


async def test_a_campaign_created_again_with_the_same_idempotency_key_is_the_same_campaign(legality_review):
    client, _ = legality_review
    body = {"title": "年度评查", "organiser": "东港市司法局", "closed_from": "2026-01-01", "closed_to": "2026-06-30"}
    headers = {"Idempotency-Key": f"campaign-{uuid.uuid4()}"}
    first = await client.post("/api/v1/file-review-campaigns", json=body, headers=headers)
    again = await client.post("/api/v1/file-review-campaigns", json=body, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200) and first.json()["id"] == again.json()["id"]
    other = await client.post("/api/v1/file-review-campaigns", json=body)
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]


async def _watch(runtime, on: date) -> None:
    """One round of the service's deadline watcher (its sweep signals overdue rectification items) on day `on`."""
    services = runtime.services
    await watch_round(runtime.uow, tables.clock, ReviewClockRules(services), now=start_of(on),
                      calendar_version=services.calendar.version)


async def test_a_rectification_item_open_past_its_due_date_is_signalled_once(
        legality_review, staff, emit, eventually):
    client, runtime = legality_review
    ids = await _closed_cases(emit, staff, 1)
    await eventually(lambda: _known(runtime, ids, 0))
    campaign = (await client.post("/api/v1/file-review-campaigns", json={
        "title": "不定期评查", "organiser": "东港市司法局", "closed_from": "2026-07-01", "closed_to": "2026-07-31",
        "department_codes": [staff.department], "random_count": 1})).json()
    (f,) = (await client.post(f"/api/v1/file-review-campaigns/{campaign['id']}/draw")).json()["files"]
    due = date.today() + timedelta(days=2)
    scored = await client.post(f"/api/v1/file-reviews/{f['id']}/scores", json={
        "reviewer": "赵某", "scores": FULL | {"卷宗装订": 4},
        "findings": [{"dimension": "卷宗装订", "problem": "卷内目录缺失", "due_on": due.isoformat()}]})
    (item,) = scored.json()["rectifications"]
    for _ in range(2):  # the watcher, on the days after the due date
        await _watch(runtime, due + timedelta(days=1))
    await _watch(runtime, due + timedelta(days=5))
    o = tables.outbox.c
    async with runtime.engine.connect() as conn:
        headers = (await conn.execute(select(o.headers).where(o.message_key == ids[0]))).scalars().all()
    assert [h[h.index("ce_type") + 1] for h in headers].count("rectification.overdue.v1") == 1
    closed = await client.post(f"/api/v1/rectifications/{item['id']}/closure", json={
        "result": "已补齐卷内目录", "accepted_by": "孙某", "closed_on": date.today().isoformat()})
    assert closed.status_code == 200 and closed.json()["overdue"] is False  # done before its due date after all
