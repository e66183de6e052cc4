"""Bulk import/export for departments leaving spreadsheets, and the five-year unused-matter report."""

from datetime import date

import pytest
from sqlalchemy import func, select

from list_management.adapters import tables


async def _departments_like(container, prefix: str) -> int:
    stmt = select(func.count()).select_from(tables.department).where(tables.department.c.code.like(f"{prefix}%"))
    async with container.engine.connect() as conn:
        return (await conn.execute(stmt)).scalar_one()


async def test_a_bundle_with_one_bad_row_reports_it_by_index_and_imports_nothing(client, build, uid, container):
    bundle = {
        "departments": [build.department(f"I{uid}A"), build.department(f"I{uid}B", region_code="bad")],
        "matters": [build.matter(f"I{uid}M", f"I{uid}A")],
    }
    response = await client.post("/api/v1/imports", json=bundle)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["departments[1].region_code"]
    assert await _departments_like(container, f"I{uid}") == 0


async def test_a_list_breaking_d7_rolls_back_the_whole_file(client, build, uid, container):
    benchmark = build.benchmark(f"I{uid}M")
    benchmark["tiers"] = benchmark["tiers"][:1]
    bundle = {"departments": [build.department(f"I{uid}A")], "matters": [build.matter(f"I{uid}M", f"I{uid}A")],
              "lists": [{"department_code": f"I{uid}A", "title": "一档基准", "effective_from": "2025-01-01",
                         "body": benchmark}]}
    response = await client.post("/api/v1/imports", json=bundle)
    assert response.status_code == 422
    assert "D-7" in response.json()["errors"][0]["message"]
    assert await _departments_like(container, f"I{uid}") == 0


async def test_a_valid_bundle_imports_and_publishes_and_a_second_run_changes_nothing(client, build, uid):
    bundle = {"departments": [build.department(f"I{uid}A")], "matters": [build.matter(f"I{uid}M", f"I{uid}A")],
              "lists": [{"department_code": f"I{uid}A", "title": "裁量基准", "effective_from": "2025-01-01",
                         "body": build.benchmark(f"I{uid}M")}]}
    first = (await client.post("/api/v1/imports", json=bundle)).json()
    assert first["created"] == {"departments": 1, "matters": 1} and first["lists_published"] == 1
    again = (await client.post("/api/v1/imports", json={k: bundle[k] for k in ("departments", "matters")})).json()
    assert again["unchanged"] == {"departments": 1, "matters": 1} and again["created"] == {}


async def test_csv_rows_import_with_list_cells_split_on_bars_and_export_round_trips(client, uid):
    csv_text = ("code,name,region_code,sector,responsibilities\n"
                f"C{uid}A,东港市测试局甲,210681,市场监管,食品|价格\n"
                f"C{uid}B,东港市测试局乙,210681,城市管理,占道|噪声\n")
    response = await client.post("/api/v1/imports", params={"entity": "departments"}, content=csv_text.encode(),
                                 headers={"content-type": "text/csv"})
    assert response.status_code == 200, response.text
    got = (await client.get(f"/api/v1/departments/C{uid}A")).json()
    assert got["responsibilities"] == ["食品", "价格"]
    exported = await client.get("/api/v1/exports/departments", params={"format": "csv"})
    assert exported.headers["content-type"].startswith("text/csv")
    assert f"C{uid}B,东港市测试局乙,210681,城市管理" in exported.text


async def test_a_csv_row_with_a_bad_cell_names_row_and_column(client, uid):
    csv_text = f"code,name,region_code,sector\nC{uid}X,好名字,21068X,市场监管\n"
    response = await client.post("/api/v1/imports", params={"entity": "departments"}, content=csv_text.encode(),
                                 headers={"content-type": "text/csv"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "departments[0].region_code"


async def test_unused_matter_report_lists_matters_without_recorded_use_and_says_how_far_records_reach(
    client, build, uid, container
):
    await client.post("/api/v1/departments", json=build.department(f"D{uid}"))
    for code in (f"U{uid}USED", f"U{uid}IDLE"):
        await client.post("/api/v1/matters", json=build.matter(code, f"D{uid}"))
    async with container.engine.begin() as conn:
        await conn.execute(tables.matter_usage.insert().values(
            matter_code=f"U{uid}USED", case_id=f"case-{uid}", used_on=date(2026, 5, 1), source_event_id=f"e-{uid}"))
    report = (await client.get("/api/v1/reports/unused-matters", params={"as_of": "2026-11-23"})).json()
    codes = {m["code"] for m in report["matters"]}
    assert f"U{uid}IDLE" in codes and f"U{uid}USED" not in codes
    assert report["window_start"] == "2021-11-23"
    assert report["complete"] is False and "no recorded use" in report["note"]


async def test_a_row_citing_a_department_in_neither_file_nor_catalog_is_a_422_not_a_crash(client, build, uid):
    response = await client.post("/api/v1/imports", json={"matters": [build.matter(f"I{uid}M", f"NONE{uid}")]})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "matters[0].department_code"


async def test_an_export_imports_back_unchanged_and_a_reimported_list_adds_no_version(client, build, uid):
    bundle = {"departments": [build.department(f"R{uid}A")], "matters": [build.matter(f"R{uid}M", f"R{uid}A")],
              "lists": [{"department_code": f"R{uid}A", "title": "裁量基准", "effective_from": "2025-01-01",
                         "body": build.benchmark(f"R{uid}M")}]}
    await client.post("/api/v1/imports", json=bundle)
    again = (await client.post("/api/v1/imports", json={"lists": bundle["lists"]})).json()
    assert again["lists_unchanged"] == 1 and again["lists_published"] == 0
    exported = (await client.get("/api/v1/exports/matters")).json()
    mine = [m for m in exported if m["code"] == f"R{uid}M"]
    back = (await client.post("/api/v1/imports", json={"matters": mine})).json()
    assert back["unchanged"] == {"matters": 1}


async def test_a_csv_file_names_a_bad_cell_and_an_unknown_department_in_one_pass(client, build, uid, container):
    await client.post("/api/v1/imports", json={"departments": [build.department(f"U{uid}A")]})
    csv_text = ("code,name,department_code,matter_type,legal_basis\n"
                f"U{uid}M1,对未按规定公示证照的处罚,U{uid}A,不存在的类型,《食品安全法》第一百二十六条\n"
                f"U{uid}M2,对未按规定公示证照的处罚,NONE{uid},处罚,《食品安全法》第一百二十六条\n"
                f"U{uid}M3,对未按规定公示证照的处罚,U{uid}A,处罚,《食品安全法》第一百二十六条\n")
    response = await client.post("/api/v1/imports", params={"entity": "matters"}, content=csv_text.encode(),
                                 headers={"content-type": "text/csv"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["matters[0].matter_type", "matters[1].department_code"]
    assert (await client.get(f"/api/v1/matters/U{uid}M3")).status_code == 404  # all or nothing


async def test_a_bundle_names_bad_rows_unknown_departments_and_list_problems_together(client, build, uid, container):
    benchmark = build.benchmark(f"V{uid}M")
    benchmark["tiers"] = benchmark["tiers"][:1]
    bundle = {"departments": [build.department(f"V{uid}A"), build.department(f"V{uid}B", region_code="bad")],
              "matters": [build.matter(f"V{uid}M", f"V{uid}A"), build.matter(f"V{uid}N", f"V{uid}B"),
                          build.matter(f"V{uid}O", f"NONE{uid}")],
              "lists": [{"department_code": f"V{uid}A", "title": "一档基准", "effective_from": "2025-01-01",
                         "body": benchmark}]}
    response = await client.post("/api/v1/imports", json=bundle)
    assert response.status_code == 422
    fields = [e["field"] for e in response.json()["errors"]]
    assert fields[:2] == ["departments[1].region_code", "matters[2].department_code"]
    assert any(f.startswith("lists[0]") for f in fields[2:]) and len(fields) >= 3
    assert await _departments_like(container, f"V{uid}") == 0


@pytest.mark.parametrize(("body", "content_type"), [
    (b"[" * 100_000 + b"]" * 100_000, "application/json"),  # nested deeper than any parser should follow
    (b'{"departments": [{"code": ' + b"9" * 5000 + b"}]}", "application/json"),  # a 5,000-digit integer
    (b'{"departments": "\xff\xfe"}', "application/json"),  # not UTF-8
    (b"code,name\nD-1,\xff\xfe\n", "text/csv"),  # a CSV that is not UTF-8
])
async def test_hostile_files_are_refused_as_the_callers_mistake_never_a_500(client, body, content_type):
    params = {"entity": "departments"} if content_type == "text/csv" else {}
    response = await client.post("/api/v1/imports", content=body, params=params,
                                 headers={"content-type": content_type})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == ["body"]
    assert (await client.get("/api/v1/departments", params={"limit": 1})).status_code == 200  # still serving
