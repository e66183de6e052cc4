"""Departments, matters and personnel over HTTP: idempotent creation, clear errors, nothing half-written."""

from sqlalchemy import func, select

from list_management.adapters import tables


async def _count(container, table) -> int:
    async with container.engine.connect() as conn:
        return (await conn.execute(select(func.count()).select_from(table))).scalar_one()


async def test_registering_a_department_twice_returns_the_original_and_stores_one(client, build, uid, container,
                                                                                   tokens):
    body = build.department(f"D{uid}")
    clerk = await tokens.headers("departments:write departments:read", agencies=[f"D{uid}"], region="210681",
                                 person="clerk-1")
    first = await client.post("/api/v1/departments", json=body, headers=clerk)
    again = await client.post("/api/v1/departments", json=body)
    assert (first.status_code, again.status_code) == (201, 200), first.text
    assert first.json()["created_by"] == "clerk-1"  # the token's verified subject, never a header
    assert again.json()["created_at"] == first.json()["created_at"]
    async with container.engine.connect() as conn:
        n = (await conn.execute(select(func.count()).where(tables.department.c.code == f"D{uid}"))).scalar_one()
    assert n == 1


async def test_same_code_with_different_data_is_a_conflict_not_an_overwrite(client, build, uid):
    await client.post("/api/v1/departments", json=build.department(f"D{uid}"))
    clash = await client.post("/api/v1/departments", json=build.department(f"D{uid}", name="另一个局"))
    assert clash.status_code == 409
    assert clash.headers["content-type"] == "application/problem+json"


async def test_malformed_input_gets_422_problem_json_with_field_errors_and_writes_nothing(client, container):
    before = (await _count(container, tables.department), await _count(container, tables.outbox))
    bad = {"code": "X", "name": "", "region_code": "21068", "sector": "市场监管"}
    response = await client.post("/api/v1/departments", json=bad)
    assert response.status_code == 422
    problem = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert {"type", "title", "status", "detail"} <= problem.keys()
    fields = {e["field"] for e in problem["errors"]}
    assert {"code", "name", "region_code"} <= fields
    assert (await _count(container, tables.department), await _count(container, tables.outbox)) == before


async def test_a_matter_of_an_unknown_department_is_refused_with_the_field_named(client, build, uid):
    response = await client.post("/api/v1/matters", json=build.matter(f"M{uid}", "NO-SUCH-DEPT"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "department_code"


async def test_lists_are_paginated_with_a_cursor_and_filtered(client, build, uid):
    for i in range(3):
        await client.post("/api/v1/departments", json=build.department(f"P{uid}{i}", sector=f"分页{uid}"))
    first = (await client.get("/api/v1/departments", params={"sector": f"分页{uid}", "limit": 2})).json()
    second = (await client.get("/api/v1/departments",
                               params={"sector": f"分页{uid}", "limit": 2, "cursor": first["next_cursor"]})).json()
    codes = [d["code"] for d in first["items"] + second["items"]]
    assert codes == [f"P{uid}0", f"P{uid}1", f"P{uid}2"]
    assert second["next_cursor"] is None


async def test_p1_s2_a_suspended_certificate_stops_counting_from_its_effective_date(client, build, uid):
    dept = f"D{uid}"
    await client.post("/api/v1/departments", json=build.department(dept))
    officer = {"person_no": f"O{uid}", "name": "王晓明", "department_code": dept, "certificate_no": f"C{uid}",
               "valid_from": "2024-01-01", "valid_to": "2028-12-31"}
    assert (await client.post("/api/v1/personnel", json=officer)).status_code == 201
    change = {"status": "suspended", "effective_on": "2025-06-01", "reason": "涉嫌违纪，暂扣执法证"}
    assert (await client.post(f"/api/v1/personnel/O{uid}/certificate-status", json=change)).status_code == 200
    before = (await client.get(f"/api/v1/personnel/O{uid}", params={"as_of": "2025-05-31"})).json()
    after = (await client.get(f"/api/v1/personnel/O{uid}", params={"as_of": "2025-06-01"})).json()
    assert (before["certificate_valid"], after["certificate_valid"]) == (True, False)


async def test_e1_an_auxiliary_never_counts_as_a_certified_officer(client, build, uid):
    dept = f"D{uid}"
    await client.post("/api/v1/departments", json=build.department(dept))
    aux = {"person_no": f"A{uid}", "name": "李协管", "department_code": dept, "auxiliary": True}
    await client.post("/api/v1/personnel", json=aux)
    got = (await client.get(f"/api/v1/personnel/A{uid}", params={"as_of": "2025-06-01"})).json()
    assert got["certificate_valid"] is False
    refused = await client.post(f"/api/v1/personnel/A{uid}/certificate-status",
                                json={"status": "suspended", "effective_on": "2025-06-01", "reason": "无证"})
    assert refused.status_code == 409 and refused.json()["rule"] == "E-1"


async def test_updates_publish_the_new_state_and_status_changes_keep_their_own_route(client, build, uid, container):
    dept = f"D{uid}"
    await client.post("/api/v1/departments", json=build.department(dept))
    await client.post("/api/v1/matters", json=build.matter(f"M{uid}", dept))
    officer = {"person_no": f"U{uid}", "name": "赵敏", "department_code": dept, "certificate_no": f"UC{uid}"}
    await client.post("/api/v1/personnel", json=officer)
    moved = await client.put(f"/api/v1/personnel/U{uid}", json=officer | {"legal_professional_qualification": True})
    renamed = await client.put(f"/api/v1/matters/M{uid}", json=build.matter(f"M{uid}", dept, name="新名称事项"))
    sneaky = await client.put(f"/api/v1/personnel/U{uid}", json=officer | {"status": "revoked"})
    assert moved.json()["legal_professional_qualification"] is True
    assert renamed.json()["name"] == "新名称事项"
    assert sneaky.status_code == 409
    async with container.engine.connect() as conn:
        headers = (await conn.execute(select(tables.outbox.c.headers).where(
            tables.outbox.c.message_key.in_([f"U{uid}", f"M{uid}"])))).scalars().all()
    kinds = {h[h.index("ce_type") + 1] for h in headers}
    assert {"personnel.updated.v1", "matter.updated.v1"} <= kinds


async def test_a_certificate_number_belongs_to_one_officer(client, build, uid):
    await client.post("/api/v1/departments", json=build.department(f"D{uid}"))
    first = {"person_no": f"X{uid}", "name": "钱一", "department_code": f"D{uid}", "certificate_no": f"SAME{uid}"}
    await client.post("/api/v1/personnel", json=first)
    clash = await client.post("/api/v1/personnel", json=first | {"person_no": f"Y{uid}", "name": "孙二"})
    assert clash.status_code == 409 and clash.json()["errors"][0]["field"] == "certificate_no"
