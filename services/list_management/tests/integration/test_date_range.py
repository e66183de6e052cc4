"""Dates outside the years the platform counts in (2004–2035, platform_events.wire.SupportedDate) are a 422 naming
the field on every list_management route that takes a date, and nothing is written (issue 12 item 5)."""

import pytest
from sqlalchemy import func, select

from list_management.adapters import tables

OUT_OF_RANGE = ("1900-01-01", "2200-01-01")


async def _count(container, table, *where) -> int:
    async with container.engine.connect() as conn:
        return (await conn.execute(select(func.count()).select_from(table).where(*where))).scalar_one()


def _fields(answer) -> list[str]:
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    return [e["field"] for e in answer.json()["errors"]]


@pytest.fixture
async def department(client, build, uid) -> str:
    assert (await client.post("/api/v1/departments", json=build.department(f"D{uid}"))).status_code == 201
    return f"D{uid}"


@pytest.mark.parametrize("day", OUT_OF_RANGE)
async def test_publishing_a_list_from_an_out_of_range_date_is_refused_naming_it(client, build, uid, department,
                                                                                container, day):
    await client.post("/api/v1/matters", json=build.matter(f"M{uid}", department))
    draft = (await client.post("/api/v1/lists", json={"department_code": department, "title": "测试清单",
                                                      "body": build.benchmark(f"M{uid}")})).json()
    outbox = await _count(container, tables.outbox)
    for body, field in (({"effective_from": day}, "effective_from"),
                        ({"effective_from": "2025-01-01", "effective_to": day}, "effective_to")):
        assert _fields(await client.post(f"/api/v1/lists/{draft['id']}/publish", json=body)) == [field]
    assert (await client.get(f"/api/v1/lists/{draft['id']}")).json()["status"] == "draft"
    assert await _count(container, tables.outbox) == outbox


@pytest.mark.parametrize("day", OUT_OF_RANGE)
async def test_an_officer_with_an_out_of_range_certificate_date_is_refused_naming_it(client, uid, department,
                                                                                     container, day):
    for field in ("valid_from", "valid_to"):
        officer = {"person_no": f"O{uid}", "name": "王晓明", "department_code": department,
                   "certificate_no": f"C{uid}", "valid_from": "2024-01-01", "valid_to": "2028-12-31"} | {field: day}
        assert _fields(await client.post("/api/v1/personnel", json=officer)) == [field]
    assert await _count(container, tables.officer, tables.officer.c.person_no == f"O{uid}") == 0


@pytest.mark.parametrize("day", OUT_OF_RANGE)
async def test_a_certificate_status_change_effective_out_of_range_is_refused_naming_it(client, uid, department,
                                                                                       container, day):
    officer = {"person_no": f"O{uid}", "name": "王晓明", "department_code": department, "certificate_no": f"C{uid}"}
    assert (await client.post("/api/v1/personnel", json=officer)).status_code == 201
    change = {"status": "suspended", "effective_on": day, "reason": "涉嫌违纪，暂扣执法证"}
    assert _fields(await client.post(f"/api/v1/personnel/O{uid}/certificate-status", json=change)) == ["effective_on"]
    assert await _count(container, tables.certificate_status_change,
                        tables.certificate_status_change.c.person_no == f"O{uid}") == 0
    assert (await client.get(f"/api/v1/personnel/O{uid}")).json()["status"] == "valid"
    assert _fields(await client.get(f"/api/v1/personnel/O{uid}", params={"as_of": day})) == ["as_of"]


@pytest.mark.parametrize("day", OUT_OF_RANGE)
async def test_an_import_names_every_out_of_range_date_and_imports_nothing(client, build, uid, container, day):
    officer = {"person_no": f"I{uid}O", "name": "王晓明", "department_code": f"I{uid}A", "valid_to": day}
    bundle = {"departments": [build.department(f"I{uid}A")], "matters": [build.matter(f"I{uid}M", f"I{uid}A")],
              "officers": [officer],
              "lists": [{"department_code": f"I{uid}A", "title": "基准", "effective_from": day,
                         "body": build.benchmark(f"I{uid}M")}]}
    assert sorted(_fields(await client.post("/api/v1/imports", json=bundle))) == [
        "lists[0].effective_from", "officers[0].valid_to"]
    assert await _count(container, tables.department, tables.department.c.code == f"I{uid}A") == 0
    assert await _count(container, tables.list_version, tables.list_version.c.department_code == f"I{uid}A") == 0


@pytest.mark.parametrize("day", OUT_OF_RANGE)
async def test_queries_and_evaluations_on_an_out_of_range_date_are_refused_naming_it(client, day):
    assert _fields(await client.get("/api/v1/lists", params={"in_force_on": day})) == ["in_force_on"]
    assert _fields(await client.get("/api/v1/reports/unused-matters", params={"as_of": day})) == ["as_of"]
    evaluation = {"matter_code": "ANY", "act_date": day, "facts": []}
    assert _fields(await client.post("/api/v1/evaluations", json=evaluation)) == ["act_date"]
