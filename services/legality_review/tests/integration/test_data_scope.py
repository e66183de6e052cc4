"""Data scope (OWASP API1, BOLA) against the real issuer: each caller reads and changes only what its token reaches.

Agency A is the staff fixture's agency, agency B its neighbour of the same region. For every route that takes a
record id, B gets 404 on A's record — for reads and writes alike, as for a record that does not exist — and no list
or statistic shows it; the region's supervisor (司法局) reads it across agencies but changes nothing without the
scope; a supervisor of another region does not find it. 案卷评查 is the supervisor's act: an agency reads its own
files and rectification items there and changes none.
"""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from legality_review.adapters import tables
from platform_calendar.shanghai_time import shanghai_date
from platform_events.contracts import case_intake as ci
from platform_events.contracts import list_management as lm

READS = "reviews:read reviewers:read file-reviews:read statistics:read"
WRITES = "reviews:write reviews:conclude reviewers:write file-reviews:write"
FULL = {"卷宗装订": 10, "卷宗材料": 15, "执法程序": 20, "事实认定": 15, "证据采信": 15, "适用法律": 15, "执法效果": 10}


@pytest.fixture
def callers(tokens, staff):
    async def headers(kind: str) -> dict:
        shapes = {
            "A": (f"{READS} {WRITES}", {"agencies": [staff.department], "region": staff.region}),
            "B": (f"{READS} {WRITES}", {"agencies": [staff.neighbour], "region": staff.region}),
            "reader": (READS, {"region": staff.region, "data_scope": "region"}),  # the 司法局, reading only
            "supervisor": (f"{READS} {WRITES}", {"region": staff.region, "data_scope": "region"}),
            "elsewhere": (f"{READS} {WRITES}", {"region": _other_region(staff.region), "data_scope": "region"}),
        }
        scopes, shape = shapes[kind]
        return await tokens.headers(scopes, **shape)

    return headers


def _other_region(region: str) -> str:
    return ("8" if region[0] != "8" else "7") + region[1:]


def _round_writes(staff, review: dict) -> list[tuple[str, dict]]:
    base = f"/api/v1/reviews/{review['id']}"
    return [(f"{base}/assignment", {}), (f"{base}/reassignment", {"reviewer": staff.second, "reason": "原审核人员出差"}),
            (f"{base}/extension", {"working_days": 2, "approved_by": "局长 李某", "reason": "需补充鉴定意见"})]


async def test_another_agency_neither_reads_nor_changes_a_round_and_never_learns_it_exists(
        legality_review, staff, submit, submission, checks, callers, tokens):
    client, _ = legality_review
    review = await submit(staff, officers=[staff.officer])
    b = await callers("B")
    assert (await client.get(f"/api/v1/reviews/{review['id']}", headers=b)).status_code == 404
    for url, body in _round_writes(staff, review):
        assert (await client.post(url, json=body, headers=b)).status_code == 404, url
    b_person = await tokens.headers("reviews:conclude", agencies=[staff.neighbour], region=staff.region,
                                    person=staff.outsider)
    concluded = await client.post(f"/api/v1/reviews/{review['id']}/conclusion", headers=b_person, json={
        "outcome": "同意", "items": checks(), "signed_by": "王某"})
    assert concluded.status_code == 404  # not assigned to them, not their agency's: it does not exist for them
    listed = (await client.get("/api/v1/reviews", params={"department_code": staff.department}, headers=b)).json()
    assert listed["items"] == []
    assert (await client.get(f"/api/v1/cases/{review['case_id']}/reviews", headers=b)).json()["items"] == []
    repeat = await client.post("/api/v1/reviews", headers=b, json=submission(
        staff, case_id=review["case_id"], department_code=staff.neighbour))
    assert repeat.status_code == 404 and review["id"] not in repeat.text
    a = await callers("A")
    assert (await client.get(f"/api/v1/reviews/{review['id']}", headers=a)).json()["status"] == "assigned"
    mine = (await client.get("/api/v1/reviews", params={"department_code": staff.department}, headers=a)).json()
    assert [r["id"] for r in mine["items"]] == [review["id"]]


async def test_a_round_is_submitted_only_for_an_agency_the_caller_acts_for(legality_review, staff, submission,
                                                                          callers):
    client, _ = legality_review
    refused = await client.post("/api/v1/reviews", json=submission(staff), headers=await callers("B"))
    assert refused.status_code == 403 and refused.json()["errors"][0]["field"] == "department_code"
    created = await client.post("/api/v1/reviews", json=submission(staff), headers=await callers("A"))
    assert created.status_code == 201 and created.json()["created_by"] != "system", created.text


async def test_the_region_s_supervisor_reads_every_agency_s_rounds_but_changes_none_without_the_scope(
        legality_review, staff, submit, checks, callers):
    client, _ = legality_review
    review = await submit(staff, officers=[staff.officer])
    reader = await callers("reader")
    assert (await client.get(f"/api/v1/reviews/{review['id']}", headers=reader)).status_code == 200
    listed = (await client.get("/api/v1/reviews", params={"case_id": review["case_id"]}, headers=reader)).json()
    assert [r["id"] for r in listed["items"]] == [review["id"]]
    for url, body in [*_round_writes(staff, review), (f"/api/v1/reviews/{review['id']}/conclusion",
                                                      {"outcome": "同意", "items": checks(), "signed_by": "王某"})]:
        refused = await client.post(url, json=body, headers=reader)
        assert refused.status_code == 403 and "insufficient_scope" in refused.headers["www-authenticate"], url
    elsewhere = await callers("elsewhere")
    assert (await client.get(f"/api/v1/reviews/{review['id']}", headers=elsewhere)).status_code == 404
    assert (await client.post(f"/api/v1/reviews/{review['id']}/assignment", json={},
                              headers=elsewhere)).status_code == 404


async def test_the_reviewer_pool_and_experience_are_of_the_caller_s_agencies(legality_review, staff, callers):
    client, _ = legality_review
    b, a = await callers("B"), await callers("A")
    pool = await client.get("/api/v1/reviewers", params={"department_code": staff.department}, headers=b)
    assert pool.status_code == 404
    experience = {"reviewing_since": "2019-03-01", "basis": "东市监〔2019〕8号 任命文件"}
    assert (await client.put(f"/api/v1/reviewers/{staff.first_timer}/experience", json=experience,
                             headers=b)).status_code == 404
    assert staff.qualified in {p["person_no"] for p in (await client.get(
        "/api/v1/reviewers", params={"department_code": staff.department}, headers=a)).json()["items"]}
    recorded = await client.put(f"/api/v1/reviewers/{staff.first_timer}/experience", json=experience, headers=a)
    assert recorded.status_code == 200, recorded.text


async def test_statistics_count_only_what_the_caller_sees(legality_review, staff, submit, callers):
    client, _ = legality_review
    await submit(staff, officers=[staff.officer])
    today = shanghai_date(datetime.now(UTC))  # received dates are Beijing days: after 16:00 UTC it is tomorrow there
    period = {"received_from": (today - timedelta(days=1)).isoformat(), "received_to": today.isoformat(),
              "department_code": staff.department}
    for kind, expected in (("B", []), ("elsewhere", []), ("A", [staff.department]), ("reader", [staff.department])):
        headers = await callers(kind)
        stats = (await client.get("/api/v1/statistics/reviews", params=period, headers=headers)).json()
        assert [d["department_code"] for d in stats["departments"]] == expected, kind
        staffing = (await client.get("/api/v1/statistics/reviewer-staffing",
                                     params={"department_code": staff.department}, headers=headers)).json()
        assert [d["department_code"] for d in staffing["departments"]] == expected, kind


async def _closed_case(emit, department: str) -> str:
    case_id = str(uuid.uuid4())
    common = {"case_id": case_id, "case_no": f"{department}罚〔2026〕1号", "department_code": department,
              "record_seq": 20, "record_hash": "ef" * 32}
    await emit(ci.CaseClosed(**common, closed_on=date(2026, 7, 2), reason="执行完毕", outcome="给予行政处罚"), case_id,
               source="/services/case_intake")
    return case_id


async def _known(runtime, ids: list[str]) -> bool:
    c = tables.case_copy.c
    async with runtime.engine.connect() as conn:
        return len((await conn.execute(select(c.case_id).where(c.case_id.in_(ids)))).all()) == len(ids)


async def _graded_campaign(client, staff, supervisor: dict, cases: list[str]) -> dict:
    """A campaign of both agencies, drawn and graded, each file with one rectification item."""
    created = await client.post("/api/v1/file-review-campaigns", headers=supervisor, json={
        "title": "专项评查", "organiser": "东港市司法局", "closed_from": "2026-07-01", "closed_to": "2026-07-31",
        "department_codes": [staff.department, staff.neighbour], "submitted_case_ids": cases})
    assert created.status_code == 201, created.text
    drawn = await client.post(f"/api/v1/file-review-campaigns/{created.json()['id']}/draw", headers=supervisor)
    assert drawn.status_code == 200 and len(drawn.json()["files"]) == 2, drawn.text
    for f in drawn.json()["files"]:
        scored = await client.post(f"/api/v1/file-reviews/{f['id']}/scores", headers=supervisor, json={
            "reviewer": "评查组 赵某", "scores": FULL | {"卷宗装订": 5},
            "findings": [{"dimension": "卷宗装订", "problem": "卷内目录缺失"}]})
        assert scored.status_code == 200, scored.text
    return (await client.get(f"/api/v1/file-review-campaigns/{created.json()['id']}", headers=supervisor)).json()


async def test_an_agency_reads_only_its_own_case_files_and_items_and_the_supervisor_alone_acts(
        legality_review, staff, emit, eventually, callers):
    client, runtime = legality_review
    cases = [await _closed_case(emit, staff.department), await _closed_case(emit, staff.neighbour)]
    await eventually(lambda: _known(runtime, cases))
    campaign = await _graded_campaign(client, staff, await callers("supervisor"), cases)
    files = {f["department_code"]: f for f in campaign["files"]}
    items = {i["department_code"]: i for i in campaign["rectifications"]}
    a = await callers("A")
    seen = (await client.get(f"/api/v1/file-review-campaigns/{campaign['id']}", headers=a)).json()
    assert [f["id"] for f in seen["files"]] == [files[staff.department]["id"]]
    assert [i["id"] for i in seen["rectifications"]] == [items[staff.department]["id"]]
    listed = (await client.get("/api/v1/file-review-campaigns", params={"limit": 500}, headers=a)).json()["items"]
    assert next(c for c in listed if c["id"] == campaign["id"])["files"] == 1
    theirs, own = files[staff.neighbour], files[staff.department]
    assert (await client.get(f"/api/v1/file-reviews/{theirs['id']}", headers=a)).status_code == 404
    assert (await client.get(f"/api/v1/file-reviews/{own['id']}", headers=a)).status_code == 200
    closure = {"result": "已补齐卷内目录", "accepted_by": "孙某"}
    for url, body in ((f"/api/v1/file-reviews/{theirs['id']}/scores", {"reviewer": "x", "scores": FULL}),
                      (f"/api/v1/rectifications/{items[staff.neighbour]['id']}/closure", closure)):
        assert (await client.post(url, json=body, headers=a)).status_code == 404, url  # another agency's: unseen
    for url, body in ((f"/api/v1/rectifications/{items[staff.department]['id']}/closure", closure),
                      (f"/api/v1/file-review-campaigns/{campaign['id']}/draw", None)):
        assert (await client.post(url, json=body, headers=a)).status_code == 403, url  # its own: not its act
    items_seen = (await client.get("/api/v1/rectifications", params={"campaign_id": campaign["id"]},
                                   headers=a)).json()["items"]
    assert [i["department_code"] for i in items_seen] == [staff.department]
    stats = (await client.get("/api/v1/statistics/file-reviews", params={"campaign_id": campaign["id"]},
                              headers=a)).json()
    assert [d["department_code"] for d in stats["departments"]] == [staff.department]
    reader = await callers("reader")  # the 司法局's reading console: every agency of the region, no change
    both = (await client.get(f"/api/v1/file-review-campaigns/{campaign['id']}", headers=reader)).json()
    assert {f["department_code"] for f in both["files"]} == {staff.department, staff.neighbour}
    refused = await client.post(f"/api/v1/rectifications/{items[staff.department]['id']}/closure", json=closure,
                                headers=reader)
    assert refused.status_code == 403 and "insufficient_scope" in refused.headers["www-authenticate"]


async def test_a_campaign_is_the_supervisor_s_of_its_own_region(legality_review, staff, emit, eventually, callers):
    client, runtime = legality_review
    body = {"title": "年度评查", "organiser": "东港市司法局", "closed_from": "2026-01-01", "closed_to": "2026-06-30",
            "department_codes": [staff.department]}
    refused = await client.post("/api/v1/file-review-campaigns", json=body, headers=await callers("A"))
    assert refused.status_code == 403  # an agency reads its files; it does not run 案卷评查
    far = f"{staff.department}F"
    await emit(lm.DepartmentRegistered(code=far, name="外地局", region_code=_other_region(staff.region),
                                       sector="市场监管", kind="行政机关"), far, source="/services/list_management")
    await eventually(lambda: _department_known(runtime, far))
    supervisor = await callers("supervisor")
    outside = await client.post("/api/v1/file-review-campaigns", headers=supervisor,
                                json=body | {"department_codes": [staff.department, far]})
    assert outside.status_code == 403 and outside.json()["errors"][0]["message"].startswith(far)
    created = await client.post("/api/v1/file-review-campaigns", json=body, headers=supervisor)
    assert created.status_code == 201 and created.json()["region_code"] == staff.region
    elsewhere = await callers("elsewhere")
    url = f"/api/v1/file-review-campaigns/{created.json()['id']}"
    assert (await client.get(url, headers=elsewhere)).status_code == 404
    assert (await client.post(f"{url}/draw", headers=elsewhere)).status_code == 404
    listed = (await client.get("/api/v1/file-review-campaigns", params={"limit": 500}, headers=elsewhere)).json()
    assert created.json()["id"] not in {c["id"] for c in listed["items"]}


async def _department_known(runtime, code: str) -> bool:
    d = tables.department_copy.c
    async with runtime.engine.connect() as conn:
        return (await conn.execute(select(d.code).where(d.code == code))).first() is not None


async def test_a_conclusion_leaves_an_audit_row_naming_client_subject_and_request_id(
        legality_review, staff, submit, checks, tokens):
    client, _ = legality_review
    review = await submit(staff, officers=[staff.officer])
    request_id = f"test-{uuid.uuid4()}"
    headers = await tokens.headers("reviews:conclude", agencies=[staff.department], region=staff.region,
                                   person=review["reviewer"])
    concluded = await client.post(f"/api/v1/reviews/{review['id']}/conclusion", json={
        "outcome": "同意", "items": checks(), "signed_by": "法制科科长 王某"}, headers=headers | {"X-Request-ID": request_id})
    assert concluded.status_code == 200, concluded.text
    log = (await client.get("/api/v1/audit-log", params={"subject": review["reviewer"]})).json()["items"]
    (row,) = [x for x in log if x["request_id"] == request_id]
    assert row["kind"] == "change" and row["subject"] == review["reviewer"]
    assert row["client_id"] and row["client_id"] != review["reviewer"]  # the system the reviewer acted through
    assert row["route"].endswith("/conclusion") and row["event_types"] == ["review.approved.v1"]
    assert row["resource"] == review["case_id"]
