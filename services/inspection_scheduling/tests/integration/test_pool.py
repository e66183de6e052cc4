"""一单两库 over HTTP and the database (R-2): the inspector pool with who may be drawn and why not (E-1), declared
conflicts (R-10), the matter list copy (E-2), and the object pool's imports and updates."""

import json
from datetime import date, datetime

from sqlalchemy import select

from inspection_scheduling.adapters import tables
from inspection_scheduling.application.pool import inspector_pool, workload_caps
from inspection_scheduling.domain.entities import CHARSET
from platform_calendar.supported_years import SUPPORTED_YEARS
from platform_events.personal import is_credit_code

ON = date(2026, 11, 2)


def credit_code(region: str, serial: int) -> str:
    """A 统一社会信用代码 of `region` (6 digits) whose check character holds (GB 32100)."""
    body = f"91{region}MA{serial:07d}"
    return next(body + c for c in CHARSET if is_credit_code(body + c))


async def _pool(runtime, departments: list[str], on: date = ON):
    async with runtime.engine.connect() as conn:
        return {i.inspector_id: i for i in await inspector_pool(conn, departments, on)}


async def test_e1_r10_the_draws_inspector_pool_marks_auxiliaries_and_lapsed_certificates_and_holds_conflicts(
        inspection, agency):
    client, runtime = inspection
    person, code = agency.inspectors[0], credit_code(agency.region, 1)
    declared = await client.post(f"/api/v1/inspectors/{person}/conflicts",
                                 json={"credit_code": code, "reason": "配偶任该企业股东"})
    assert declared.status_code == 201, declared.text
    put = await client.put(f"/api/v1/inspectors/{agency.inspectors[1]}/profile",
                           json={"specialties": ["食品安全"], "max_objects_per_draw": 3, "active": True})
    assert put.status_code == 200, put.text
    await client.put(f"/api/v1/inspectors/{agency.inspectors[2]}/profile", json={"active": False})
    pool = await _pool(runtime, [agency.department, agency.neighbour])
    assert pool[person].conflicts == (code,)
    assert pool[agency.inspectors[1]].specialties == ("市场监管", "食品安全")
    assert agency.inspectors[2] not in pool  # 出库
    assert pool[agency.auxiliary].auxiliary
    assert pool[agency.suspended].certificate_valid_from is None  # the core skips it: no_certificate (E-1)
    assert pool[agency.expired].certificate_valid_until == date(2025, 6, 30)
    assert set(agency.neighbour_inspectors) <= set(pool)
    async with runtime.engine.connect() as conn:
        assert await workload_caps(conn, [agency.department]) == {agency.inspectors[1]: 3}


def entity(region: str, serial: int, **fields: object) -> dict:
    return {"credit_code": credit_code(region, serial), "name": f"东港市测试商贸有限公司{serial}", "kind": "enterprise",
            "industry": "F52", "region_code": region, "address": f"东港市滨海路{serial}号", "status": "存续",
            "credit_class": "ABCD"[serial % 4], "credit_as_of": "2026-10-01", "risk_level": "一般",
            "special_sectors": []} | fields


def as_csv(rows: list[dict]) -> bytes:
    header = list(rows[0])
    lines = [",".join(header)] + [",".join("|".join(r[h]) if isinstance(r[h], list) else str(r[h]) for h in header)
                                  for r in rows]
    return ("\ufeff" + "\n".join(lines) + "\n").encode()


async def _import(client, body: bytes, media_type: str = "text/csv", **params: str):
    return await client.post("/api/v1/entities/imports", content=body, headers={"Content-Type": media_type},
                             params=params)


async def test_r2_a_few_thousand_csv_rows_land_in_one_import_and_read_back_by_filters(inspection, agency):
    client, _ = inspection
    rows = [entity(agency.region, n) for n in range(1, 3001)]
    answer = await _import(client, as_csv(rows), filename="pool.csv")
    assert answer.status_code == 201, answer.text[:500]
    done = answer.json()
    assert (done["status"], done["rows"], done["inserted"], done["updated"]) == ("imported", 3000, 3000, 0)
    assert (await client.get(f"/api/v1/entities/imports/{done['id']}")).json()["filename"] == "pool.csv"
    page = (await client.get("/api/v1/entities", params={"region_code": agency.region, "credit_class": "C",
                                                          "limit": 500})).json()
    assert len(page["items"]) == 500 and page["next_cursor"] and {i["credit_class"] for i in page["items"]} == {"C"}
    rest = (await client.get("/api/v1/entities", params={"region_code": agency.region, "credit_class": "C",
                                                          "limit": 500, "cursor": page["next_cursor"]})).json()
    assert len(rest["items"]) == 250 and rest["next_cursor"] is None
    found = (await client.get("/api/v1/entities", params={"region_code": agency.region, "q": "有限公司2999"})).json()
    assert [i["credit_code"] for i in found["items"]] == [credit_code(agency.region, 2999)]
    one = (await client.get(f"/api/v1/entities/{credit_code(agency.region, 7)}")).json()
    assert (one["kind_label"], one["import_id"], one["credit_as_of"]) == ("企业", done["id"], "2026-10-01")


async def test_r2_a_file_with_one_bad_row_changes_nothing(inspection, agency):
    client, runtime = inspection
    rows = [entity(agency.region, n) for n in range(1, 501)]
    code = rows[249]["credit_code"]
    rows[249]["credit_code"] = code[:17] + ("1" if code[17] != "1" else "2")  # the check character broken
    rows[399]["credit_class"] = "E"
    answer = await _import(client, as_csv(rows))
    assert answer.status_code == 422 and answer.headers["content-type"].startswith("application/problem+json")
    problem = answer.json()
    assert problem["problems"] == [
        {"row": 250, "field": "credit_code", "reason": "check character does not hold (GB 32100)"},
        {"row": 400, "field": "credit_class", "reason": "not one of A, B, C, D"}]
    assert [e["field"] for e in problem["errors"]] == ["rows[250].credit_code", "rows[400].credit_class"]
    refused = (await client.get(f"/api/v1/entities/imports/{problem['import_id']}")).json()
    assert (refused["status"], refused["rows"], len(refused["problems"])) == ("refused", 500, 2)
    assert (await client.get(f"/api/v1/entities/{rows[0]['credit_code']}")).status_code == 404


async def test_r2_a_re_import_updates_rows_present_and_the_same_file_answers_the_earlier_import(inspection, agency):
    client, _ = inspection
    first = as_csv([entity(agency.region, n, credit_class="A") for n in range(1, 101)])
    done = (await _import(client, first)).json()
    again = await _import(client, first)
    assert (again.status_code, again.json()["id"]) == (200, done["id"])
    second = [entity(agency.region, n, credit_class="D", credit_as_of="2026-11-01") for n in range(51, 151)]
    merged = (await _import(client, as_csv(second))).json()
    assert (merged["inserted"], merged["updated"]) == (50, 50)
    changed = (await client.get(f"/api/v1/entities/{credit_code(agency.region, 60)}")).json()
    assert (changed["credit_class"], changed["credit_as_of"], changed["import_id"]) == ("D", "2026-11-01",
                                                                                        merged["id"])
    kept = (await client.get(f"/api/v1/entities/{credit_code(agency.region, 10)}")).json()
    assert kept["credit_class"] == "A"


async def test_r2_json_and_ndjson_files_import_objects_with_their_own_codes(inspection, agency):
    client, _ = inspection
    product = entity(agency.region, 1, credit_code=f"{agency.region}P00000000001", kind="product",
                     special_sectors=["食品", "特种设备"])
    array = await _import(client, json.dumps([product, entity(agency.region, 2)]).encode(), "application/json")
    assert array.status_code == 201, array.text
    number = int(agency.region) if agency.region[0] != "0" else agency.region  # a 区划 as a JSON number is read
    lines = "\n".join(json.dumps(entity(agency.region, n, region_code=number)) for n in (3, 4))
    ndjson = await _import(client, lines.encode(), "application/x-ndjson")
    assert (ndjson.status_code, ndjson.json()["format"], ndjson.json()["inserted"]) == (201, "ndjson", 2)
    got = (await client.get(f"/api/v1/entities/{product['credit_code']}")).json()
    assert (got["kind_label"], got["special_sectors"]) == ("产品", ["食品", "特种设备"])
    bad = await _import(client, json.dumps([entity(agency.region, 5, name=["x"], colour="red")]).encode(),
                        "application/json")
    assert bad.json()["problems"] == [{"row": 0, "field": "header", "reason": "unknown colour"}]
    assert (await _import(client, b"a,b\n", "text/plain")).json()["errors"][0]["field"] == "content-type"


async def test_r2_a_file_above_the_configured_size_is_refused_413(local_stack, app_on, agency):
    async for client, _ in app_on(local_stack, "inspection_scheduling", import_max_bytes=2048):
        body = as_csv([entity(agency.region, n) for n in range(1, 40)])
        answer = await _import(client, body)
        assert (answer.status_code, answer.json()["max_body_bytes"]) == (413, 2048)
        assert (await _import(client, as_csv([entity(agency.region, 1)]))).status_code == 201


async def test_r2_entities_and_imports_are_seen_only_inside_the_callers_region(inspection, agency, tokens):
    client, _ = inspection
    done = (await _import(client, as_csv([entity(agency.region, n) for n in (1, 2)]))).json()
    mine = await tokens.headers("pool:read pool:write", agencies=[agency.department], region=agency.region)
    other = await tokens.headers("pool:read pool:write", agencies=["ELSEWHERE"], region="999999")
    code = credit_code(agency.region, 1)
    assert (await client.get(f"/api/v1/entities/{code}", headers=mine)).status_code == 200
    assert (await client.get(f"/api/v1/entities/{code}", headers=other)).status_code == 404
    assert (await client.get(f"/api/v1/entities/imports/{done['id']}", headers=other)).status_code == 404
    assert (await client.get("/api/v1/entities", headers=other, params={"region_code": agency.region})).json() \
        == {"items": [], "next_cursor": None}
    assert (await client.patch(f"/api/v1/entities/{code}", headers=other, json={"status": "注销"})).status_code == 404
    outside = await client.post("/api/v1/entities/imports", content=as_csv([entity("999998", 3)]),
                                headers=mine | {"Content-Type": "text/csv"})
    assert outside.json()["problems"][0]["reason"] == f"outside the importer's region {agency.region}"


async def test_r2_put_writes_an_entity_whole_and_patch_changes_its_class_with_the_date_and_deregisters(
        inspection, agency):
    client, _ = inspection
    code = credit_code(agency.region, 77)
    whole = {k: v for k, v in entity(agency.region, 77).items() if k != "credit_code"}
    assert (await client.put(f"/api/v1/entities/{code}", json=whole)).json()["import_id"] is None
    assert (await client.patch(f"/api/v1/entities/{code}", json={"credit_class": "D"})).status_code == 422
    graded = await client.patch(f"/api/v1/entities/{code}", json={"credit_class": "D", "credit_as_of": "2026-11-01"})
    assert (graded.json()["credit_class"], graded.json()["credit_as_of"]) == ("D", "2026-11-01")
    closed = (await client.patch(f"/api/v1/entities/{code}", json={"status": "注销", "address": "已迁出"})).json()
    assert (closed["status"], closed["address"], closed["credit_class"]) == ("注销", "已迁出", "D")
    wrong = await client.put(f"/api/v1/entities/{code[:17]}0", json=whole | {"region_code": "12"})
    assert {e["field"] for e in wrong.json()["errors"]} >= {"region_code"}


async def _listed(client, department: str, on: str, headers: dict | None = None) -> dict[str, dict]:
    answer = await client.get("/api/v1/inspectors", params={"department_code": department, "eligible_on": on},
                              headers=headers)
    return {i["person_no"]: i for i in answer.json()["items"]}


async def test_e1_an_auxiliary_or_a_lapsed_certificate_is_never_in_the_drawable_pool_and_says_why(inspection, agency):
    client, _ = inspection
    await client.put(f"/api/v1/inspectors/{agency.inspectors[5]}/profile", json={"active": False})
    listed = await _listed(client, agency.department, "2026-11-02")
    why = {p: (i["not_drawable"] or {}).get("reason") for p, i in listed.items()}
    assert why[agency.auxiliary] == "auxiliary" and why[agency.expired] == "certificate_expired"
    assert why[agency.suspended] == "certificate_suspended" and why[agency.inspectors[5]] == "inactive"
    assert {listed[p]["not_drawable"]["rule"] for p in (agency.auxiliary, agency.expired, agency.suspended)} == {"E-1"}
    assert listed[agency.inspectors[5]]["not_drawable"]["rule"] == "R-2"
    assert all(listed[p]["drawable"] for p in agency.inspectors[:5])
    early = await _listed(client, agency.department, "2019-12-31")
    assert early[agency.inspectors[0]]["not_drawable"] == {"reason": "certificate_not_yet_valid", "rule": "E-1"}


async def test_r10_a_declared_conflict_is_listed_and_a_withdrawal_keeps_it_with_its_date(inspection, agency):
    client, runtime = inspection
    person, code = agency.inspectors[3], credit_code(agency.region, 42)
    body = {"credit_code": code, "reason": "曾在该企业任职", "declared_on": "2026-10-01"}
    first = await client.post(f"/api/v1/inspectors/{person}/conflicts", json=body)
    again = await client.post(f"/api/v1/inspectors/{person}/conflicts", json=body)
    assert (first.status_code, again.status_code, again.json()["id"]) == (201, 200, first.json()["id"])
    assert (await _listed(client, agency.department, "2026-11-02"))[person]["conflicts"] == [code]
    withdrawn = await client.delete(f"/api/v1/inspectors/{person}/conflicts/{code}")
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_on"] is not None
    assert (await _listed(client, agency.department, f"{SUPPORTED_YEARS[-1]}-12-31"))[person]["conflicts"] == []
    assert (await client.delete(f"/api/v1/inspectors/{person}/conflicts/{code}")).status_code == 404
    assert (await _pool(runtime, [agency.department], date(2099, 1, 1)))[person].conflicts == ()
    assert (await _pool(runtime, [agency.department], date(2026, 10, 2)))[person].conflicts == (code,)
    bad = await client.post(f"/api/v1/inspectors/{person}/conflicts", json=body | {"credit_code": "O" * 18})
    assert bad.json()["errors"][0]["field"] == "credit_code"


async def test_e1_r10_an_agency_sees_and_changes_only_its_own_inspectors(inspection, agency, tokens):
    client, _ = inspection
    neighbour = await tokens.headers("pool:read pool:write", agencies=[agency.neighbour], region=agency.region)
    assert await _listed(client, agency.department, "2026-11-02", neighbour) == {}
    assert set(await _listed(client, agency.neighbour, "2026-11-02", neighbour)) == set(agency.neighbour_inspectors)
    person = agency.inspectors[0]
    assert (await client.put(f"/api/v1/inspectors/{person}/profile", json={}, headers=neighbour)).status_code == 404
    conflict = {"credit_code": credit_code(agency.region, 5), "reason": "亲属"}
    assert (await client.post(f"/api/v1/inspectors/{person}/conflicts", json=conflict,
                              headers=neighbour)).status_code == 404


async def test_e2_the_published_matter_list_copy_is_listed_by_department(inspection, agency):
    client, _ = inspection
    answer = await client.get("/api/v1/inspection-matters", params={"department_code": agency.department})
    items = answer.json()["items"]
    assert [i["matter_code"] for i in items] == agency.matters
    assert items[0]["key"] == f"{agency.department}:inspection_matter_list|{agency.matters[0]}|"


async def test_r2_an_import_is_audited_with_its_caller(inspection, agency):
    client, runtime = inspection
    done = (await _import(client, as_csv([entity(agency.region, 900)]))).json()
    audit = tables.metadata.tables["audit_log"].c
    async with runtime.engine.connect() as conn:
        rows = (await conn.execute(select(audit.route, audit.method).where(
            audit.at >= datetime.fromisoformat(done["created_at"]), audit.route == "/api/v1/entities/imports"))).all()
    assert ("/api/v1/entities/imports", "POST") in [tuple(r) for r in rows]
