"""Who sees and who changes what (OWASP API1, BOLA), with tokens from the session's real issuer.

Agency A's own records — its officers, its list drafts — do not exist for agency B (404 on read and write, absent
from every list and export). Reference data — departments, matters, published lists — is read anywhere in the
region but changed only by the agency itself or a region-wide operator (403 for B). Outside the region nothing of
A exists. A region-wide reader (the 司法局, case_intake's own client) reads everything of its region and changes
nothing. Every change is in the audit log with the verified client, subject and request id.
"""

import base64
import json
import uuid
from types import SimpleNamespace

import pytest

REGION, ELSEWHERE = "210681", "210682"
WRITE = ("departments:read departments:write matters:read matters:write personnel:read personnel:write "
         "lists:read lists:write lists:publish lists:import")
READ = "departments:read matters:read personnel:read lists:read"
CASE_INTAKE = "lists:read matters:read departments:read personnel:read"  # its client-credentials token


def _client_id(headers: dict) -> str:
    payload = headers["Authorization"].split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["client_id"]


@pytest.fixture(scope="module")
async def world(client, tokens) -> SimpleNamespace:
    """Agencies A and B of 东港市 and X of another county; A's matter, officer, draft and published list."""
    uid = uuid.uuid4().hex[:8].upper()
    a, b, x = f"A{uid}", f"B{uid}", f"X{uid}"
    for code, region in ((a, REGION), (b, REGION), (x, ELSEWHERE)):
        created = await client.post("/api/v1/departments", json=_department(code, region))
        assert created.status_code == 201, created.text
    matter = f"M{uid}"
    assert (await client.post("/api/v1/matters", json=_matter(matter, a))).status_code == 201
    officer = _officer(f"O{uid}", a)
    assert (await client.post("/api/v1/personnel", json=officer)).status_code == 201
    published = (await client.post("/api/v1/lists", json=_list(a, _review_list([matter])))).json()
    await client.post(f"/api/v1/lists/{published['id']}/publish", json={"effective_from": "2025-01-01"})
    draft = (await client.post("/api/v1/lists", json=_list(a, _no_penalty(matter)))).json()
    return SimpleNamespace(
        uid=uid, a=a, b=b, x=x, matter=matter, officer=officer, draft=draft["id"], published=published["id"],
        as_a=await tokens.headers(WRITE, agencies=[a], region=REGION, person=f"P-A{uid}"),
        as_b=await tokens.headers(WRITE, agencies=[b], region=REGION),
        as_elsewhere=await tokens.headers(WRITE, agencies=[x], region=ELSEWHERE, data_scope="region"),
        as_sfj=await tokens.headers(READ, agencies=[f"SFJ{uid}"], region=REGION, data_scope="region"),
        as_case_intake=await tokens.headers(CASE_INTAKE, region=REGION, data_scope="region"),
    )


def _department(code: str, region: str) -> dict:
    return {"code": code, "name": f"测试执法局{code}", "region_code": region, "sector": "市场监管"}


def _matter(code: str, department: str, **overrides) -> dict:
    return {"code": code, "name": f"对未按规定公示证照的处罚{code}", "department_code": department,
            "matter_type": "处罚", "legal_basis": "《中华人民共和国食品安全法》第一百二十六条"} | overrides


def _officer(person_no: str, department: str, **overrides) -> dict:
    return {"person_no": person_no, "name": "王晓明", "department_code": department,
            "certificate_no": f"C{person_no}", "valid_from": "2024-01-01", "valid_to": "2028-12-31"} | overrides


def _no_penalty(matter: str) -> dict:
    return {"kind": "leniency_list", "list_type": "不予处罚",
            "entries": [{"entry_no": "1", "matter_code": matter, "violation": "未按规定公示",
                         "conditions": ["first_violation"], "legal_basis": "《中华人民共和国行政处罚法》第三十三条",
                         "measures": "责令改正", "rule_ids": ["Q-1"]}]}


def _review_list(matters: list[str]) -> dict:
    return {"kind": "review_matter_list", "thresholds": {"natural_person_cny": "10000", "organisation_cny": "100000"},
            "categories": ["较大数额罚款"], "matter_codes": matters}


def _list(department: str, body: dict) -> dict:
    return {"department_code": department, "title": "测试清单", "body": body}


def _own_record_calls(w: SimpleNamespace) -> list[tuple[str, str, dict | None]]:
    """Every route that takes the id of one of A's own records (officer, draft), with a body that would pass."""
    officer, draft = w.officer["person_no"], w.draft
    return [
        ("GET", f"/api/v1/personnel/{officer}", None),
        ("GET", f"/api/v1/personnel/{officer}/certificate-history", None),
        ("PUT", f"/api/v1/personnel/{officer}", w.officer | {"name": "改名"}),
        ("POST", f"/api/v1/personnel/{officer}/certificate-status",
         {"status": "suspended", "effective_on": "2025-06-01", "reason": "越权尝试"}),
        ("GET", f"/api/v1/lists/{draft}", None),
        ("PUT", f"/api/v1/lists/{draft}", {"title": "越权修改", "body": _no_penalty(w.matter)}),
        ("POST", f"/api/v1/lists/{draft}/publish", {"effective_from": "2025-02-01"}),
        ("POST", f"/api/v1/lists/{draft}/filing", {"filing_status": "filed"}),
    ]


def _reference_calls(w: SimpleNamespace) -> tuple[list[tuple[str, str, dict | None]], list[tuple[str, str, dict]]]:
    """(reads, changes) of every route that takes the id of A's reference data (department, matter, published)."""
    reads = [("GET", f"/api/v1/departments/{w.a}", None), ("GET", f"/api/v1/matters/{w.matter}", None),
             ("GET", f"/api/v1/lists/{w.published}", None)]
    changes = [("PUT", f"/api/v1/departments/{w.a}", _department(w.a, REGION) | {"name": "越权改名局"}),
               ("PUT", f"/api/v1/matters/{w.matter}", _matter(w.matter, w.a, name="越权改名事项")),
               ("POST", f"/api/v1/matters/{w.matter}/retire", {}),
               ("POST", f"/api/v1/lists/{w.published}/filing", {"filing_status": "filed"})]
    return reads, changes


async def _status(client, call: tuple, headers: dict) -> int:
    method, path, body = call
    return (await client.request(method, path, json=body, headers=headers)).status_code


async def test_another_agency_gets_404_on_every_route_with_an_id_of_an_agencys_own_records(client, world):
    answers = {f"{m} {p}": await _status(client, (m, p, b), world.as_b) for m, p, b in _own_record_calls(world)}
    assert set(answers.values()) == {404}, answers


async def test_another_agency_never_sees_an_agencys_officers_or_drafts_in_lists_or_exports(client, world):
    officers = (await client.get("/api/v1/personnel", params={"department_code": world.a}, headers=world.as_b)).json()
    by_name = (await client.get("/api/v1/personnel", params={"q": world.officer["person_no"]},
                                headers=world.as_b)).json()
    drafts = (await client.get("/api/v1/lists", params={"department_code": world.a, "status": "draft"},
                               headers=world.as_b)).json()
    exported = (await client.get("/api/v1/exports/officers", params={"format": "csv"}, headers=world.as_b)).text
    assert officers["items"] == [] and by_name["items"] == [] and drafts["items"] == []
    assert world.officer["person_no"] not in exported


async def test_another_agency_reads_reference_data_of_its_region_but_may_not_change_it(client, world):
    reads, changes = _reference_calls(world)
    assert {await _status(client, call, world.as_b) for call in reads} == {200}
    refused = {f"{m} {p}": await _status(client, (m, p, b), world.as_b) for m, p, b in changes}
    assert set(refused.values()) == {403}, refused
    assert (await client.get(f"/api/v1/matters/{world.matter}")).json()["name"] != "越权改名事项"


async def test_another_agency_may_not_create_records_for_an_agency_it_does_not_act_for(client, world):
    uid = world.uid
    attempts = [("/api/v1/matters", _matter(f"N{uid}", world.a)), ("/api/v1/personnel", _officer(f"N{uid}", world.a)),
                ("/api/v1/lists", _list(world.a, _no_penalty(world.matter))),
                ("/api/v1/departments", _department(f"N{uid}", REGION))]
    answers = [(await client.post(path, json=body, headers=world.as_b)) for path, body in attempts]
    assert [a.status_code for a in answers] == [403] * 4, [a.text for a in answers]
    assert answers[0].headers["content-type"] == "application/problem+json"
    assert (await client.get(f"/api/v1/personnel/N{uid}")).status_code == 404  # nothing was written


async def test_outside_its_region_nothing_of_the_agency_exists(client, world):
    reads, changes = _reference_calls(world)
    answers = {f"{m} {p}": await _status(client, (m, p, b), world.as_elsewhere)
               for m, p, b in reads + changes + _own_record_calls(world)}
    assert set(answers.values()) == {404}, answers
    listed = (await client.get("/api/v1/matters", params={"department_code": world.a}, headers=world.as_elsewhere))
    evaluation = await client.post("/api/v1/evaluations", json={"matter_code": world.matter, "act_date": "2025-06-01"},
                                   headers=world.as_elsewhere)
    assert listed.json()["items"] == [] and evaluation.status_code == 404


async def test_a_region_wide_reader_sees_everything_of_its_region_and_changes_nothing(client, world):
    reads, changes = _reference_calls(world)
    own = _own_record_calls(world)
    own_reads = [c for c in own if c[0] == "GET"]
    assert {await _status(client, call, world.as_sfj) for call in reads + own_reads} == {200}
    refused = {await _status(client, call, world.as_sfj) for call in changes + [c for c in own if c[0] != "GET"]}
    assert refused == {403}
    officers = (await client.get("/api/v1/personnel", params={"department_code": world.a}, headers=world.as_sfj)).json()
    assert [o["person_no"] for o in officers["items"]] == [world.officer["person_no"]]


async def test_case_intakes_own_token_evaluates_and_reads_matters_and_personnel_of_the_region(client, world):
    evaluation = await client.post("/api/v1/evaluations", json={"matter_code": world.matter, "act_date": "2025-06-01",
                                                                "proposed_fine_cny": "500"},
                                   headers=world.as_case_intake)
    assert evaluation.status_code == 200, evaluation.text
    assert evaluation.json()["legality_review"]["required"] is True  # A's published review list binds (L-5)
    matter = await client.get(f"/api/v1/matters/{world.matter}", headers=world.as_case_intake)
    officer = await client.get(f"/api/v1/personnel/{world.officer['person_no']}", params={"as_of": "2025-06-01"},
                               headers=world.as_case_intake)
    assert (matter.status_code, officer.status_code) == (200, 200)
    assert officer.json()["certificate_valid"] is True


async def test_the_agency_changes_its_own_records_and_the_verified_person_is_recorded(client, world):
    officer = world.officer["person_no"]
    moved = await client.put(f"/api/v1/personnel/{officer}", json=world.officer | {"enforcement_areas": ["东港"]},
                             headers=world.as_a)
    assert moved.status_code == 200, moved.text
    assert moved.json()["updated_by"] == f"P-A{world.uid}"
    renamed = await client.put(f"/api/v1/matters/{world.matter}", json=_matter(world.matter, world.a, name="本局改名"),
                               headers=world.as_a)
    assert renamed.status_code == 200 and renamed.json()["updated_by"] == f"P-A{world.uid}"
    to_b = await client.put(f"/api/v1/personnel/{officer}", json=world.officer | {"department_code": world.b},
                            headers=world.as_a)
    assert to_b.status_code == 403  # A may not place its officer in B's staff


async def test_an_idempotency_key_is_the_callers_own(client, world):
    body = _list(world.a, _no_penalty(world.matter))
    key = {"Idempotency-Key": f"same-{world.uid}"}
    mine = await client.post("/api/v1/lists", json=body, headers=world.as_a | key)
    theirs = await client.post("/api/v1/lists", json=_list(world.b, _no_penalty(world.matter)),
                               headers=world.as_b | key)
    assert (mine.status_code, theirs.status_code) == (201, 201), theirs.text
    assert theirs.json()["id"] != mine.json()["id"] and theirs.json()["department_code"] == world.b


async def test_an_import_with_rows_of_other_agencies_names_every_one_and_imports_nothing(client, world):
    uid = world.uid
    bundle = {"departments": [_department(f"I{uid}", REGION)],
              "matters": [_matter(f"IB{uid}", world.b), _matter(f"IA{uid}", world.a)],
              "officers": [_officer(f"IA{uid}", world.a)],
              "lists": [{"department_code": world.a, "title": "他局清单", "body": _no_penalty(world.matter)}]}
    answer = await client.post("/api/v1/imports", json=bundle, headers=world.as_b)
    assert answer.status_code == 403, answer.text
    fields = [e["field"] for e in answer.json()["errors"]]
    assert fields == ["departments[0].code", "matters[1].department_code", "officers[0].department_code",
                      "lists[0].department_code"]
    assert (await client.get(f"/api/v1/matters/IB{uid}")).status_code == 404  # B's own row was not imported either
    own = await client.post("/api/v1/imports", json={"matters": [_matter(f"IB{uid}", world.b)]}, headers=world.as_b)
    assert own.status_code == 200 and own.json()["created"] == {"matters": 1}


async def test_a_region_wide_importer_may_import_for_its_region_and_not_for_another(client, world, tokens):
    uid = world.uid
    operator = await tokens.headers("lists:import", region=REGION, data_scope="region")
    across = {"matters": [_matter(f"RA{uid}", world.a), _matter(f"RB{uid}", world.b)]}
    assert (await client.post("/api/v1/imports", json=across, headers=operator)).status_code == 200
    foreign = await client.post("/api/v1/imports", json={"matters": [_matter(f"RX{uid}", world.x)]}, headers=operator)
    assert foreign.status_code == 403
    assert [e["field"] for e in foreign.json()["errors"]] == ["matters[0].department_code"]


async def test_a_change_is_in_the_audit_log_with_client_subject_and_request_id(client, world, tokens):
    request_id = f"req-{world.uid}-audit"
    change = {"status": "suspended", "effective_on": "2025-07-01", "reason": "审计测试暂扣"}
    answer = await client.post(f"/api/v1/personnel/{world.officer['person_no']}/certificate-status", json=change,
                               headers=world.as_a | {"X-Request-ID": request_id})
    assert answer.status_code == 200, answer.text
    auditor = await tokens.headers("audit:read", region=REGION, data_scope="region")
    log = (await client.get("/api/v1/audit-log", params={"subject": f"P-A{world.uid}"}, headers=auditor)).json()
    row = next(r for r in log["items"] if r["request_id"] == request_id)
    assert row["client_id"] == _client_id(world.as_a) and row["kind"] == "change"
    assert "certificate.status_changed.v1" in row["event_types"]
    history = (await client.get(f"/api/v1/personnel/{world.officer['person_no']}/certificate-history",
                                headers=world.as_a)).json()["items"]
    assert history[-1]["recorded_by"] == f"P-A{world.uid}"
