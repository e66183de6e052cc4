"""Identity and authorization in case_intake, against the session's real issuer (issue 10).

- Data scope (OWASP API1, BOLA): another agency's clue, case, publicity record or measure does not exist for a
  caller (404, reads and writes alike), lists never show it; the supervising 司法局 reads it across its region and
  changes nothing (403).
- Verified actors: a case act is done by a person who is an officer of the case's agency, certified on the act's
  date (P-1), never an auxiliary (E-1); approvals by the head need no certificate; the record chain names the
  verified subject and client; what the service does on its own is recorded as the service.
- Confidential data: a reporter's identity (K-7) reaches cleared callers only, and that read is audited.
- Service to service: list_management is called with case_intake's own client-credentials token; a token the
  issuer will not give is a 503.
"""

import base64
import dataclasses
import hashlib
import json
from datetime import UTC, date, datetime

import httpx
import pytest
from sqlalchemy import select

from case_intake.adapters import tables
from case_intake.adapters.list_management import ListManagement
from case_intake.bootstrap import LIST_MANAGEMENT_SCOPE
from platform_events.contracts import legality_review as lr
from platform_events.contracts.hotline_ingestion import EnforcementLeadReported
from platform_identity import ClientCredentials
from platform_settings import IdentitySettings

#: What a department's case system may do here (the demo `dept-*` clients hold these, README: Identity).
DEPARTMENT = ("clues:read clues:write cases:read cases:write publicity:read publicity:write flexible-measures:read "
              "flexible-measures:write reports:read")
#: The supervising 司法局: reads the whole region, writes nothing here.
SUPERVISOR = "clues:read cases:read publicity:read flexible-measures:read reports:read audit:read"
REPORTER = {"name": "举报人赵某", "phone": "13900001111", "contact": "东港市新兴路 9 号"}


def _claims(headers: dict[str, str]) -> dict:
    payload = headers["Authorization"].split()[1].split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


async def _department_officer(tokens, world) -> dict[str, str]:
    """The world's first officer through the department's own system (agency scope, not cleared)."""
    return await tokens.headers(DEPARTMENT, agencies=[world.department], region="210681", data_scope="agency",
                                person=world.officers[0])


async def _supervisor(tokens) -> dict[str, str]:
    return await tokens.headers(SUPERVISOR, region="210681", data_scope="region", clearance="internal")


@dataclasses.dataclass
class Records:
    """One of each record of agency A that a route takes by id."""

    clue: str
    case: dict  # notified, with a pending recusal and an unexamined statement
    recusal: str
    statement: str
    publicity: str
    measure: str


@pytest.fixture
async def records(walk, world, clue_body, party) -> Records:
    client = walk.client
    clue = (await client.post("/api/v1/clues", json=clue_body(world, source="举报", reporter=REPORTER))).json()
    case = await walk.to_notice(fine="5000")
    with_recusal = await walk.ok(case["id"], "recusals", {"person_no": world.officers[1], "applicant": "当事人申请",
                                                          "reason": "与当事人有亲属关系", "declared_on": walk.day(11)})
    with_statement = await walk.ok(case["id"], "statements", {"received_on": walk.day(12), "content": "请求从轻"})
    decided = await walk.decided(fine="5000")
    measure = (await client.post("/api/v1/flexible-measures", headers=walk.acting, json={
        "kind": "行政调解", "department_code": world.department, "party": party(), "measure_on": walk.day(5),
        "officers": world.officers[:1], "content": "消费者与商家就退款争议申请调解"})).json()
    return Records(clue["id"], with_statement, with_recusal["recusals"][0]["id"],
                   with_statement["statements"][0]["id"], decided["publicity"]["id"], measure["id"])


def _routes(r: Records, walk) -> list[tuple[str, str, dict | None]]:
    """Every route of case_intake that takes a record id, with a body it would accept (so only the caller differs)."""
    case, on = f"/api/v1/cases/{r.case['id']}", walk.day(20)
    sha = hashlib.sha256(b"x").hexdigest()
    steps = {
        "officers": {"on": on}, "recusals": {"person_no": walk.world.officers[2], "applicant": "本人申请",
                                             "reason": "回避理由", "declared_on": on},
        "evidence": {"type": "书证", "title": "询问笔录", "collected_on": on, "content_sha256": sha},
        "notice": {"notified_on": on, "proposal": walk.proposal("5000")}, "waivers": {"on": on, "statement": True},
        "statements": {"received_on": on, "content": "陈述"}, "hearing/request": {"requested_on": on},
        "hearing/schedule": {"notice_sent_on": on, "scheduled_for": on, "place": "听证室", "chair": "X"},
        "hearing/held": {"held_on": on, "record_sha256": sha}, "review-requests": {"requested_on": on},
        "collective-discussion": {"held_on": on, "participants": ["局长"], "conclusion": "同意"},
        "decision": walk.decision(r.case, on=20, fine="5000"),
        "decision-changes": {"change": "撤销", "changed_on": on, "reason": "复议撤销"},
        "service": {"method": "直接送达", "issued_on": on, "documents": ["行政处罚决定书"]},
        "payments": {"paid_on": on, "amount_cny": "5000", "receipt_ref": "R-1", "payee": "东港农行"},
        "closure": {"closed_on": on, "ground": "执行完毕"},
        "transfer": {"transferred_on": on, "organ": "东港市公安局", "documents": ["移送书"], "reason": "涉嫌犯罪"},
        "clock-pauses": {"kind": "鉴定", "started_on": on, "reason": "送检"},
        "clock-resumptions": {"kind": "鉴定", "ended_on": on},
        "extensions": {"days": 30, "approval_ref": "延期审批表", "approved_on": on},
        "simple-filing": {"filed_on": on},
        f"recusals/{r.recusal}/decision": {"decision": "回避", "decided_on": on},
        f"statements/{r.statement}/reexamination": {"reexamined_on": on, "adopted": False, "reasons": "不予采纳"},
    }
    clue = f"/api/v1/clues/{r.clue}"
    publicity, measure = f"/api/v1/publicity/{r.publicity}", f"/api/v1/flexible-measures/{r.measure}"
    return [
        ("GET", clue, None), ("GET", case, None), ("GET", f"{case}/record", None),
        ("GET", f"{case}/record/verification", None), ("GET", publicity, None), ("GET", measure, None),
        ("POST", f"{clue}/pauses", {"kind": "检测", "started_on": on}), ("POST", f"{clue}/resume", {"ended_on": on}),
        ("POST", f"{clue}/extensions", {"days": 5, "approval_ref": "延期审批表", "approved_on": on}),
        ("POST", f"{clue}/not-filed", {"ground": "其他", "reason": "不予立案", "decided_on": on}),
        ("POST", f"{clue}/case", walk.filing_body(walk.world, filed_on=on)),
        *(("POST", f"{case}/{path}", body) for path, body in steps.items()),
        ("POST", f"{publicity}/publication", {"published_on": on}),
        ("POST", f"{publicity}/withdrawal", {"withdrawn_on": on, "reason": "撤销"}),
        ("POST", f"{publicity}/credit-repair", {"decided_on": on, "penalty_fulfilled": True, "harm_removed": True,
                                                "credit_commitment": True}),
        ("POST", f"{measure}/mediation-steps", {"action": "受理", "on": on, "note": "受理调解申请"}),
    ]


async def _statuses(client: httpx.AsyncClient, routes, headers: dict) -> dict[str, int]:
    found = {}
    for method, path, body in routes:
        response = await client.request(method, path, json=body, headers=headers)
        found[f"{method} {path}"] = response.status_code
    return found


async def test_bola_another_agencys_records_do_not_exist_for_it_on_any_route_read_or_write(
        walk, records, make_world, tokens):
    other = await make_world()
    b = await tokens.headers(DEPARTMENT, agencies=[other.department], region="210681", data_scope="agency",
                             clearance="confidential", person=other.officers[0])
    routes = _routes(records, walk)
    statuses = await _statuses(walk.client, routes, b)
    assert {route: status for route, status in statuses.items() if status != 404} == {}
    assert len(statuses) == 38  # 6 reads and 32 writes: every route that takes an id
    record = (await walk.client.get(f"/api/v1/cases/{records.case['id']}/record")).json()
    assert record["head"] == records.case["record"]  # B's attempts wrote nothing


async def test_bola_the_region_wide_supervisor_reads_every_record_and_changes_none(walk, records, tokens):
    supervisor = await _supervisor(tokens)
    statuses = await _statuses(walk.client, _routes(records, walk), supervisor)
    assert {route: status for route, status in statuses.items() if route.startswith("GET") and status != 200} == {}
    writes = {route: status for route, status in statuses.items() if route.startswith("POST")}
    assert set(writes.values()) == {403}


async def test_bola_lists_and_reports_never_show_another_agencys_rows(walk, world, records, make_world, tokens):
    other = await make_world()
    b = await tokens.headers(DEPARTMENT, agencies=[other.department], region="210681", data_scope="agency")
    supervisor = await _supervisor(tokens)
    mine = {"department_code": world.department}
    month = {"year": int(walk.day(30)[:4]), "month": int(walk.day(30)[5:7])}
    lists = [("/api/v1/clues", mine), ("/api/v1/cases", mine), ("/api/v1/flexible-measures", mine),
             ("/api/v1/publicity", mine)]
    for path, params in lists:
        seen_by_b = (await walk.client.get(path, params=params, headers=b)).json()
        seen_by_supervisor = (await walk.client.get(path, params=params, headers=supervisor)).json()
        ids = {x["id"] for x in seen_by_supervisor["items"]}  # every list is {items, next_cursor}
        assert not {x["id"] for x in seen_by_b["items"]} & ids, path
        assert {records.clue, records.case["id"], records.measure, records.publicity} & ids, path
    report = (await walk.client.get("/api/v1/reports/flexible-enforcement", params=month, headers=b)).json()
    assert all(row["department_code"] != world.department for row in report["decisions"])


async def test_bola_a_record_is_created_only_for_an_agency_the_caller_acts_for(walk, world, make_world, tokens,
                                                                              clue_body, party):
    other = await make_world()
    b = await tokens.headers(DEPARTMENT, agencies=[other.department], region="210681", data_scope="agency",
                             person=other.officers[0])
    clue = await walk.client.post("/api/v1/clues", json=clue_body(world), headers=b)
    measure = await walk.client.post("/api/v1/flexible-measures", headers=b, json={
        "kind": "告诫", "department_code": world.department, "party": party(), "measure_on": walk.day(5),
        "officers": other.officers[:1], "content": "告诫"})
    assert (clue.status_code, measure.status_code) == (403, 403)
    assert (await walk.client.post("/api/v1/clues", json=clue_body(other), headers=b)).status_code == 201


async def test_p1_a_case_act_needs_a_token_that_names_the_acting_person(walk):
    case = await walk.file()
    system = await walk.post(case["id"], "evidence", {"type": "书证", "title": "笔录", "collected_on": walk.day(3),
                                                      "content_sha256": "a" * 64}, headers={})
    assert system.status_code == 403 and system.json()["rule"] == "P-1"  # the client's own token: no person


async def test_p1_only_an_officer_of_the_cases_agency_certified_on_the_act_date_acts(walk, make_world, as_person):
    case = await walk.file()
    other = await make_world()
    body = {"type": "书证", "title": "笔录", "collected_on": walk.day(3), "content_sha256": "a" * 64}
    stranger = await walk.post(case["id"], "evidence", body, headers=await as_person(other.officers[0]))
    expired = await walk.post(case["id"], "evidence", body, headers=await as_person(walk.world.expired))
    assert (stranger.status_code, stranger.json()["rule"]) == (403, "P-1")
    assert (expired.status_code, expired.json()["rule"]) == (403, "P-1")  # expired on 2021-12-31
    record = (await walk.client.get(f"/api/v1/cases/{case['id']}/record")).json()
    assert [link["act"] for link in record["links"]] == ["立案"]  # refused acts wrote nothing


async def test_e1_an_auxiliary_never_acts_alone_not_even_to_file_or_approve(walk, as_person, clue_body):
    auxiliary = await as_person(walk.world.auxiliary)
    case = await walk.file()
    act = await walk.post(case["id"], "evidence", {"type": "书证", "title": "笔录", "collected_on": walk.day(3),
                                                   "content_sha256": "a" * 64}, headers=auxiliary)
    approval = await walk.post(case["id"], "extensions", {"days": 30, "approval_ref": "延期审批表",
                                                          "approved_on": walk.day(5)}, headers=auxiliary)
    clue = (await walk.client.post("/api/v1/clues", json=clue_body(walk.world))).json()
    filing = await walk.client.post(f"/api/v1/clues/{clue['id']}/case", json=walk.filing_body(walk.world),
                                    headers=auxiliary)
    assert [(r.status_code, r.json()["rule"]) for r in (act, approval, filing)] == [(403, "E-1")] * 3


async def test_p1_the_head_approves_without_a_certificate_but_does_no_act_of_enforcement(walk, as_person):
    head = await as_person(walk.world.head)
    case = await walk.file()
    extended = await walk.post(case["id"], "extensions", {"days": 30, "approval_ref": "延期审批表〔2026〕1号",
                                                          "approved_on": walk.day(5)}, headers=head)
    evidence = await walk.post(case["id"], "evidence", {"type": "书证", "title": "笔录", "collected_on": walk.day(6),
                                                        "content_sha256": "a" * 64}, headers=head)
    assert extended.status_code == 200, extended.text
    assert extended.json()["extensions"][0]["approved_by"] == walk.world.head
    assert (evidence.status_code, evidence.json()["rule"]) == (403, "P-1")


async def test_p3_an_approval_is_recorded_for_the_verified_approver_never_a_name_in_the_body(walk, as_person):
    case = await walk.file(officers=[walk.world.officers[1], walk.world.officers[2]])
    named = await walk.post(case["id"], "extensions", {"days": 30, "approval_ref": "延期审批表", "approved_by": "局长 李某",
                                                       "approved_on": walk.day(5)})
    assert (named.status_code, named.json()["rule"]) == (403, "S-4")
    officer = walk.world.officers[2]
    declared = await walk.ok(case["id"], "recusals", {"person_no": officer, "applicant": "本人申请",
                                                      "reason": "与当事人有利害关系", "declared_on": walk.day(2)})
    recusal = f"recusals/{declared['recusals'][0]['id']}/decision"
    own = await walk.post(case["id"], recusal, {"decision": "不予回避", "decided_on": walk.day(3)},
                          headers=await as_person(officer))
    decided = await walk.post(case["id"], recusal, {"decision": "回避", "decided_on": walk.day(3)},
                              headers=await as_person(walk.world.head))
    assert (own.status_code, own.json()["rule"]) == (403, "P-3")
    assert decided.json()["recusals"][0]["decided_by"] == walk.world.head


async def test_p13_the_record_names_the_verified_subject_and_client_of_every_act(walk, tokens, world):
    department = await _department_officer(tokens, world)
    case = await walk.file()
    await walk.evidence(case["id"])
    assigned = await walk.post(case["id"], "officers", {"on": walk.day(4)}, headers=department)
    assert assigned.status_code == 200, assigned.text
    claims, system = _claims(department), _claims(walk.acting)
    record = (await walk.client.get(f"/api/v1/cases/{case['id']}/record")).json()
    who = [(x["actor"], x["client_id"], x["acting_client"]) for x in record["links"]]
    assert who == [(world.officers[0], system["client_id"], system["act"]["sub"])] * 2 + [
        (world.officers[0], claims["client_id"], claims["act"]["sub"])]
    assert (await walk.client.get(f"/api/v1/cases/{case['id']}/record/verification")).json()["intact"] is True


async def test_p13_what_the_service_does_on_its_own_is_recorded_as_the_service(walk, case_intake, emit, eventually):
    client, runtime = case_intake
    case = await walk.to_notice(fine="5000")
    await walk.ok(case["id"], "review-requests", {"requested_on": walk.day(15)})
    await emit(lr.ReviewApproved(review_id=f"rv-{case['id']}", case_id=case["id"], round=1, outcome="同意",
                                 reviewer=walk.world.reviewer, decided_at=datetime.now(UTC), reasons="同意",
                                 items=[]), case["id"], source="/services/legality_review")

    async def outcome() -> dict | None:
        links = (await client.get(f"/api/v1/cases/{case['id']}/record")).json()["links"]
        return next((x for x in links if x["act"] == "法制审核结论"), None)

    link = await eventually(outcome)
    assert (link["actor"], link["client_id"], link["content"]["reviewer"]) == ("case_intake", "case_intake",
                                                                              walk.world.reviewer)
    work_order = f"wo-{walk.world.department}-lead"
    await emit(EnforcementLeadReported(
        work_order_id=work_order, order_no="12345-1", received_at=datetime.now(UTC), request_type="举报",
        matter_code=walk.world.matter, department_code=walk.world.department, region_code="210681",
        content="举报", real_name_reporter=True, rule_ids=["S-1"]), work_order, source="/services/hotline_ingestion")

    async def lead() -> str | None:
        async with runtime.engine.connect() as conn:
            return (await conn.execute(select(tables.clue.c.created_by).where(
                tables.clue.c.source_ref == work_order))).scalar_one_or_none()

    assert await eventually(lead) == "case_intake"


async def test_k7_the_reporter_reaches_only_a_cleared_caller_and_that_read_is_audited(walk, world, tokens, records):
    department = await _department_officer(tokens, world)  # a department's system: not cleared
    supervisor = await _supervisor(tokens)
    cleared = (await walk.client.get(f"/api/v1/clues/{records.clue}")).json()
    for headers in (department, supervisor):
        found = (await walk.client.get(f"/api/v1/clues/{records.clue}", headers=headers)).json()
        assert "reporter" not in found and found["id"] == records.clue
        listed = (await walk.client.get("/api/v1/clues", params={"department_code": world.department},
                                        headers=headers)).json()["items"]
        assert all("reporter" not in x for x in listed)
    assert cleared["reporter"]["phone"] == REPORTER["phone"]
    audit = (await walk.client.get("/api/v1/audit-log", params={"kind": "confidential_read"})).json()["items"]
    assert any(row["resource"] == f"clue/{records.clue}" and row["method"] == "GET" for row in audit)


async def test_k7_the_reporter_never_reaches_an_event(walk, world, clue_body, case_intake):
    _, runtime = case_intake
    clue = (await walk.client.post("/api/v1/clues", json=clue_body(world, reporter=REPORTER))).json()
    o = tables.outbox.c
    async with runtime.engine.connect() as conn:
        payloads = (await conn.execute(select(o.payload).where(o.message_key == clue["id"]))).scalars().all()
    assert payloads and not any(REPORTER["phone"].encode() in p or REPORTER["name"].encode() in p for p in payloads)


async def test_the_audit_log_names_client_subject_and_request_id_of_a_change(walk, world):
    case = await walk.file()
    request_id = f"req-{world.department}"
    await walk.client.post(f"/api/v1/cases/{case['id']}/evidence", headers=walk.acting | {"X-Request-ID": request_id},
                           json={"type": "书证", "title": "笔录", "collected_on": walk.day(3), "content_sha256": "a" * 64})
    rows = (await walk.client.get("/api/v1/audit-log", params={"subject": world.officers[0]})).json()["items"]
    row = next(r for r in rows if r["request_id"] == request_id)
    claims = _claims(walk.acting)
    assert (row["kind"], row["client_id"], row["acting_client"]) == ("change", claims["client_id"], claims["act"]["sub"])
    assert row["method"] == "POST" and "case.stage_changed.v1" in row["event_types"] and case["id"] in row["resource"]


async def test_list_management_is_called_with_case_intakes_own_client_credentials_token(case_intake):
    _, runtime = case_intake
    auth = runtime.services.lists._client.auth
    assert isinstance(auth, ClientCredentials) and auth.scope == LIST_MANAGEMENT_SCOPE
    claims = json.loads(base64.urlsafe_b64decode((await auth.token()).split(".")[1] + "=="))
    assert claims["client_id"] == runtime.settings.identity.client_id == claims["sub"]  # the service, no person
    assert set(LIST_MANAGEMENT_SCOPE.split()) <= set(claims["scope"].split())


async def test_a_token_the_issuer_will_not_give_makes_the_decision_503_never_500(walk, case_intake, list_management,
                                                                                local_stack, monkeypatch):
    _, runtime = case_intake
    _, lm_app = list_management
    case = await walk.to_notice(fine="5000")
    await walk.ok(case["id"], "waivers", {"on": walk.day(11), "statement": True})
    refused = IdentitySettings(issuer=local_stack.issuer.issuer, audience=local_stack.issuer.audience,
                               client_id="not-a-client", client_secret="wrong")
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=lm_app), base_url="http://lm",
                               auth=ClientCredentials(refused))
    monkeypatch.setattr(runtime, "services", dataclasses.replace(runtime.services, lists=ListManagement(client)))
    answer = await walk.post(case["id"], "decision", walk.decision(case, fine="5000"))
    assert answer.status_code == 503 and answer.headers["content-type"] == "application/problem+json"
    assert (await walk.client.get(f"/api/v1/cases/{case['id']}")).json()["decision"] is None


async def test_the_published_decisions_are_open_to_the_public_without_a_token(walk):
    decided = await walk.decided(fine="5000")
    await walk.serve(decided)
    publicity = decided["publicity"]["id"]
    await walk.client.post(f"/api/v1/publicity/{publicity}/publication", json={"published_on": walk.day(33)},
                           headers=walk.acting)
    public = await walk.client.get("/api/v1/published-decisions", params={"department_code": walk.world.department},
                                   headers={"Authorization": ""})
    assert public.status_code == 200 and [x["id"] for x in public.json()["items"]] == [publicity]
    assert (await walk.client.get(f"/api/v1/publicity/{publicity}", headers={"Authorization": ""})).status_code == 401
    assert date.fromisoformat(public.json()["items"][0]["published_on"]) == date.fromisoformat(walk.day(33))
