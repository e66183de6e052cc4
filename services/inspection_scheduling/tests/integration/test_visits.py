"""Visits through the API: a routine one beyond the yearly cap refused with its rule (E-3, E-4) and a 个案 one
allowed and counted; approval before execution (E-9); the on-site record's inspectors (R-10, E-1); scan-to-enter
and the enterprise's rating (E-10); results completing the visit and starting the publicity clock (R-7); 伴随执法
invitations; and the caller's data scope."""

import random
from datetime import UTC, date, datetime

import httpx
from sqlalchemy import func, select

from inspection_scheduling.adapters import tables
from platform_calendar import WorkCalendar, shanghai_date

CAL = WorkCalendar(unknown_year="provisional")
LETTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def today() -> date:
    """Today in China, the day every record is dated by (DOMAIN §1.1)."""
    return shanghai_date(datetime.now(UTC))


def credit_code() -> str:
    """A 统一社会信用代码 of the shape case_intake's party accepts (digits 3–8: the registering 区划)."""
    return "91" + "".join(random.choices("0123456789", k=6)) + "".join(random.choices(LETTERS, k=10))


async def entity(runtime, region: str) -> str:
    code = credit_code()
    async with runtime.engine.begin() as conn:
        await conn.execute(tables.entity.insert().values(
            credit_code=code, name="东港市某某食品有限公司", kind="enterprise", industry="F", region_code=region,
            status="存续", credit_class="B", credit_as_of=date(2026, 1, 1)))
    return code


def visit_body(agency, code: str, **changes) -> dict:
    return {"credit_code": code, "department_code": agency.department, "inspection_type": "个案", "trigger": "12345",
            "trigger_ref": "DG2026100800123", "matter_codes": agency.matters[:1], "window_from": today().isoformat(),
            "window_to": today().isoformat()} | changes


def record(inspectors, task_ids, result="no_problem", finding=None, on: date | None = None) -> dict:
    on = on or today()
    return {"visited_on": on.isoformat(), "record": {
        "inspectors": inspectors, "started_at": f"{on.isoformat()}T09:00:00+08:00",
        "ended_at": f"{on.isoformat()}T10:30:00+08:00", "checked": "食品经营许可证公示、进货查验记录",
        "representative_signed": True},
        "results": [{"task_id": x, "result": result, "finding": finding} for x in task_ids]}


async def approved_visit(client, agency, code: str, **changes) -> dict:
    visit = (await client.post("/api/v1/visits", json=visit_body(agency, code, **changes))).json()
    return (await client.post(f"/api/v1/visits/{visit['id']}/approval")).json()


async def events(runtime, code: str, event_type: str) -> int:
    o = tables.outbox.c
    async with runtime.engine.connect() as conn:
        headers = (await conn.execute(select(o.headers).where(o.message_key == code))).scalars().all()
    return [h[h.index("ce_type") + 1] for h in headers].count(event_type)


async def test_e3_e4_h13_a_routine_visit_beyond_the_cap_is_refused_through_the_api_and_a_12345_one_is_counted(
        inspection, agency):
    client, runtime = inspection
    code = await entity(runtime, agency.region)
    routine = [visit_body(agency, code, inspection_type="日常", trigger=None, trigger_ref=None,
                          window_from=f"2026-{m:02d}-01", window_to=f"2026-{m:02d}-05") for m in (2, 6, 10)]
    answers = [await client.post("/api/v1/visits", json=body) for body in routine]
    case = await client.post("/api/v1/visits", json=visit_body(agency, code, window_from="2026-11-02",
                                                               window_to="2026-11-03"))
    assert [a.status_code for a in answers] == [201, 201, 422]
    assert answers[2].json()["rule"] == "E-3" and answers[2].headers["content-type"] == "application/problem+json"
    assert case.status_code == 201 and case.json()["trigger"] == "12345"
    counts = (await client.get(f"/api/v1/entities/{code}/inspections", params={"year": 2026})).json()
    mine = next(a for a in counts["agencies"] if a["department_code"] == agency.department)
    assert (mine["used"], mine["cap"], mine["left"]) == (2, 2, 0)
    assert counts["combined"] == {"used": 2, "cap": 4, "left": 2} and counts["case_triggered"] == 1
    async with runtime.engine.connect() as conn:
        assert (await conn.execute(select(func.count()).where(tables.visit.c.credit_code == code))).scalar() == 3


async def test_e2_a_matter_not_on_the_departments_published_list_is_refused(inspection, agency):
    client, runtime = inspection
    code = await entity(runtime, agency.region)
    refused = await client.post("/api/v1/visits", json=visit_body(agency, code, matter_codes=["NOT-LISTED"]))
    assert (refused.status_code, refused.json()["rule"]) == (422, "E-2")


async def test_e9_results_are_refused_before_the_visit_is_approved_and_the_approver_is_the_caller(
        inspection, agency, tokens):
    client, runtime = inspection
    code = await entity(runtime, agency.region)
    visit = (await client.post("/api/v1/visits", json=visit_body(agency, code))).json()
    early = await client.post(f"/api/v1/visits/{visit['id']}/results",
                              json=record(agency.inspectors[:2], [visit["tasks"][0]["id"]]))
    head = await tokens.headers("visits:approve", agencies=[agency.department], region=agency.region,
                                person=f"{agency.department}-HEAD")
    approved = await client.post(f"/api/v1/visits/{visit['id']}/approval", headers=head)
    again = await client.post(f"/api/v1/visits/{visit['id']}/approval", headers=head)
    assert (early.status_code, early.json()["rule"]) == (422, "E-9")
    assert approved.json()["status"] == "approved" and approved.json()["approved_by"] == f"{agency.department}-HEAD"
    assert again.status_code == 409


async def test_r10_e1_the_on_site_record_needs_two_certified_inspectors_of_the_task(inspection, agency):
    client, runtime = inspection
    code = await entity(runtime, agency.region)
    visit = await approved_visit(client, agency, code, inspectors=agency.inspectors[:2])
    task = [visit["tasks"][0]["id"]]
    url = f"/api/v1/visits/{visit['id']}/results"
    with_auxiliary = await client.post(url, json=record([agency.inspectors[0], agency.auxiliary], task))
    not_assigned = await client.post(url, json=record([agency.inspectors[0], agency.inspectors[2]], task))
    expired = await client.post(url, json=record([agency.inspectors[0], agency.expired], task))
    done = await client.post(url, json=record(agency.inspectors[:2], task))
    assert [(r.status_code, r.json()["rule"]) for r in (with_auxiliary, not_assigned, expired)] == [(422, "R-10")] * 3
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert {p["certificate_no"] for p in done.json()["inspectors"]} == {f"ZF{p}" for p in agency.inspectors[:2]}


async def test_r7_the_last_result_completes_the_visit_and_starts_the_publicity_clock(inspection, agency):
    client, runtime = inspection
    code = await entity(runtime, agency.region)
    visit = await approved_visit(client, agency, code, matter_codes=agency.matters)
    first, second = (x["id"] for x in visit["tasks"])
    url = f"/api/v1/visits/{visit['id']}/results"
    partly = (await client.post(url, json=record(agency.inspectors[:2], [first], "problem_found",
                                                 "未公示食品经营许可证"))).json()
    again = await client.post(url, json=record(agency.inspectors[:2], [first]))
    done = (await client.post(url, json=record(agency.inspectors[2:4], [second]))).json()
    assert partly["status"] == "approved" and partly["publicity_clock"] is None and again.status_code == 409
    assert done["status"] == "done" and len(done["onsite_record"]) == 2
    clock = done["publicity_clock"]
    assert clock["due_on"] == CAL.add_working_days(today(), 20).due.isoformat()
    assert clock["rule_ids"] == ["R-7"] and clock["state"] in ("running", "approaching")
    assert await events(runtime, code, "inspection.problem_found.v1") == 1
    assert await events(runtime, code, "visit.completed.v1") == 1


async def test_e10_with_scan_to_enter_results_wait_for_the_visit_code_scanned_on_entry(inspection, agency,
                                                                                       monkeypatch):
    client, runtime = inspection
    svc = runtime.services
    monkeypatch.setattr(runtime, "services", type(svc)(**{**svc.__dict__, "rules": svc.rules.model_copy(
        update={"scan_to_enter": True})}))
    code = await entity(runtime, agency.region)
    visit = await approved_visit(client, agency, code)
    body = record(agency.inspectors[:2], [visit["tasks"][0]["id"]])
    unscanned = await client.post(f"/api/v1/visits/{visit['id']}/results", json=body)
    wrong = await client.post(f"/api/v1/visits/{visit['id']}/check-in", json={"visit_code": "ZZZZZZZZZZ"})
    scanned = await client.post(f"/api/v1/visits/{visit['id']}/check-in", json={"visit_code": visit["visit_code"]})
    done = await client.post(f"/api/v1/visits/{visit['id']}/results", json=body)
    assert [(r.status_code, r.json()["rule"]) for r in (unscanned, wrong)] == [(422, "E-10"), (422, "E-10")]
    assert scanned.json()["checked_in_at"] is not None and done.json()["status"] == "done"


async def test_e10_the_enterprise_looks_its_visit_up_by_code_and_rates_it_once_after_it_is_done(inspection, agency):
    client, runtime = inspection
    public = httpx.AsyncClient(transport=client._transport, base_url=client.base_url)  # no token
    code = await entity(runtime, agency.region)
    visit = await approved_visit(client, agency, code, inspectors=agency.inspectors[:2])
    seen = (await public.get(f"/api/v1/public/visits/{visit['visit_code']}")).json()
    early = await public.post(f"/api/v1/public/visits/{visit['visit_code']}/rating", json={"rating": 5})
    await client.post(f"/api/v1/visits/{visit['id']}/results",
                      json=record(agency.inspectors[:2], [visit["tasks"][0]["id"]]))
    rated = await public.post(f"/api/v1/public/visits/{visit['visit_code']}/rating",
                              json={"rating": 4, "comment": "检查规范，未影响经营"})
    twice = await public.post(f"/api/v1/public/visits/{visit['visit_code']}/rating", json={"rating": 1})
    assert seen["status"] == "approved" and seen["matter_codes"] == agency.matters[:1]
    assert {p["certificate_no"] for p in seen["inspectors"]} == {f"ZF{p}" for p in agency.inspectors[:2]}
    assert "trigger_ref" not in seen and "credit_code" not in seen
    assert (early.status_code, early.json()["rule"]) == (409, "E-10")
    assert rated.status_code == 200 and rated.json()["rating"] == 4
    assert (twice.status_code, twice.json()["rule"]) == (409, "E-10")


async def test_invitations_and_the_invitees_feedback_are_recorded_once_and_shown_on_the_visit(inspection, agency):
    client, runtime = inspection
    code = await entity(runtime, agency.region)
    visit = (await client.post("/api/v1/visits", json=visit_body(agency, code))).json()
    invited = await client.post(f"/api/v1/visits/{visit['id']}/invitations", json={
        "invitee": "王某", "organisation": "东港市人大常委会", "role": "人大代表"})
    invitation = invited.json()["invitations"][0]
    url = f"/api/v1/visits/{visit['id']}/invitations/{invitation['id']}/feedback"
    fed = await client.post(url, json={"feedback": "检查程序规范，未干扰企业正常经营"})
    twice = await client.post(url, json={"feedback": "再次意见"})
    shown = (await client.get(f"/api/v1/visits/{visit['id']}")).json()["invitations"][0]
    assert invited.status_code == 201 and invitation["role"] == "人大代表"
    assert fed.status_code == 200 and twice.status_code == 409
    assert shown["feedback"] == "检查程序规范，未干扰企业正常经营" and shown["feedback_by"]


async def test_an_agency_sees_the_visits_its_departments_take_part_in_and_no_other(inspection, agency, tokens):
    client, runtime = inspection
    code = await entity(runtime, agency.region)
    visit = (await client.post("/api/v1/visits", json=visit_body(agency, code))).json()
    own = await tokens.headers("visits:read", agencies=[agency.department], region=agency.region)
    other = await tokens.headers("visits:read", agencies=[agency.neighbour], region=agency.region)
    listed = (await client.get("/api/v1/visits", params={"credit_code": code}, headers=own)).json()
    assert [x["id"] for x in listed["items"]] == [visit["id"]]
    assert (await client.get(f"/api/v1/visits/{visit['id']}", headers=other)).status_code == 404
    assert (await client.get("/api/v1/visits", params={"credit_code": code}, headers=other)).json()["items"] == []


async def test_a_retried_visit_request_with_its_idempotency_key_answers_the_visit_it_scheduled(inspection, agency):
    client, runtime = inspection
    code = await entity(runtime, agency.region)
    body, key = visit_body(agency, code, trigger_ref="DG2026120300042"), {"Idempotency-Key": "order-42-visit"}
    first = await client.post("/api/v1/visits", json=body, headers=key)
    again = await client.post("/api/v1/visits", json=body, headers=key)
    other = await client.post("/api/v1/visits", json=body, headers={"Idempotency-Key": "order-42-second-visit"})
    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 201)
    assert again.json()["id"] == first.json()["id"] != other.json()["id"]
    async with runtime.engine.connect() as conn:
        assert (await conn.execute(select(func.count()).where(tables.visit.c.credit_code == code))).scalar() == 2
