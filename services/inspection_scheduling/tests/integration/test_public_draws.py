"""The public's routes, no token: published plans only (E-13), a draw's frozen inputs and commitment before the
ceremony and its proof, roster, verification and "why" after (R-4), and the check of a proof and roster one holds."""

import hashlib
import json
import secrets
import uuid
from datetime import date

import httpx
import pytest
from sqlalchemy import func

from inspection_scheduling.adapters import tables
from inspection_scheduling.application import draw_queries

CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@pytest.fixture
async def public(inspection):
    client, _ = inspection
    async with httpx.AsyncClient(transport=client._transport, base_url=str(client.base_url)) as anonymous:
        yield anonymous


async def _published_task(runtime, agency, n: int, status: str = "published") -> tuple[str, list[str]]:
    plan_id, task_id = str(uuid.uuid4()), str(uuid.uuid4())
    codes = sorted("91" + "".join(CODE_CHARS[b % 31] for b in uuid.uuid4().bytes)[:16] for _ in range(n))
    async with runtime.engine.begin() as conn:
        await conn.execute(tables.entity.insert(), [
            {"credit_code": code, "name": "东港市某某商贸有限公司", "kind": "enterprise", "industry": "F",
             "region_code": agency.region, "status": "存续", "credit_class": "C", "credit_as_of": date(2026, 3, 1)}
            for code in codes])
        await conn.execute(tables.plan.insert().values(
            id=plan_id, kind="annual", title="2026年度抽查计划", year=2026, initiating_department=agency.department,
            cooperating_departments=[], region_code=agency.region, status=status, approved_by="审批人",
            published_at=func.now() if status == "published" else None))
        await conn.execute(tables.plan_task.insert().values(
            id=task_id, plan_id=plan_id, seq=1, title="产品质量抽查", inspection_type="日常",
            departments=[agency.department], matter_codes=agency.matters[:1], region_codes=[agency.region],
            ratio_by_class={"A": 5, "B": 20, "C": 60, "D": 100}, window_from=date(2026, 5, 1),
            window_to=date(2026, 12, 31)))
    return task_id, codes


async def _draw(client, tokens, agency, task_id: str, *, complete: bool) -> dict:
    keys = {"发起部门": (agency.department, secrets.token_hex(32)), "司法局": (f"{agency.department}SFJ",
                                                                             secrets.token_hex(32))}
    parties = [{"party": p, "commitment": hashlib.sha256(s.encode()).hexdigest(), "department_code": dept}
               for p, (dept, s) in keys.items()]
    draw = (await client.post("/api/v1/draws", json={"task_id": task_id, "parties": parties,
                                                     "drawn_on": "2026-06-01"})).json()
    for party, (dept, secret) in keys.items() if complete else ():
        headers = await tokens.headers("draws:reveal", agencies=[dept], region=agency.region)
        answer = await client.post(f"/api/v1/draws/{draw['id']}/reveals", json={"party": party, "secret": secret},
                                   headers=headers)
        draw = answer.json()
    return draw


async def test_r4_the_public_sees_the_commitment_first_and_the_proof_after(inspection, agency, tokens, public):
    client, runtime = inspection
    task_id, codes = await _published_task(runtime, agency, 6)
    draw = await _draw(client, tokens, agency, task_id, complete=False)
    before = (await public.get(f"/api/v1/public/draws/{draw['id']}")).json()
    assert before["frozen"]["commitment"] == before["commitment"] == draw["commitment"]
    assert (await public.get(f"/api/v1/public/draws/{draw['id']}/proof")).status_code == 409
    assert all(p["secret"] is None and "person" not in p for p in before["parties"])
    value = "上证指数 2026-05-29 收盘 3361.88"
    entered = await client.post(f"/api/v1/draws/{draw['id']}/public-value", json={"value": value})
    assert entered.status_code == 200
    assert (await public.get(f"/api/v1/public/draws/{draw['id']}")).json()["public_value"] == value
    again = await client.post(f"/api/v1/draws/{draw['id']}/public-value", json={"value": "another"})
    assert again.status_code == 409  # once


async def test_r4_a_completed_draw_is_verified_and_explained_without_a_token(inspection, agency, tokens, public):
    client, runtime = inspection
    task_id, codes = await _published_task(runtime, agency, 6)
    draw = await _draw(client, tokens, agency, task_id, complete=True)
    assert draw["status"] == "completed"
    shown = (await public.get(f"/api/v1/public/draws/{draw['id']}")).json()
    assert shown["frozen"] is None and all(p["secret"] for p in shown["parties"]) and "created_by" not in shown
    proof = await public.get(f"/api/v1/public/draws/{draw['id']}/proof")
    assert proof.content == (await client.get(f"/api/v1/draws/{draw['id']}/proof")).content
    roster = (await public.get(f"/api/v1/public/draws/{draw['id']}/roster")).text
    assert roster.splitlines()[1:] == [f"{code},{agency.matters[0]}|{agency.region}|C" for code in codes]
    report = (await public.get(f"/api/v1/public/draws/{draw['id']}/verify")).json()
    assert report["ok"] and report["byte_identical"] and report["proof_sha256"] == shown["proof_sha256"]
    why = (await public.get(f"/api/v1/public/draws/{draw['id']}/why/{codes[0]}")).json()["answers"]
    assert [a["rule"] for a in why] == ["R-4"] and why[0]["of"] == 6 and why[0]["count"] == 4  # ceil(60 % of 6)
    held = await public.post("/api/v1/public/draws/verification",
                             json={"proof": proof.text, "roster": roster, "commitment": draw["commitment"]})
    assert held.json() == report


async def test_r4_a_held_proof_over_the_size_limit_is_refused(public, monkeypatch):
    monkeypatch.setattr(draw_queries, "HELD_MAX_BYTES", 1024)
    refused = await public.post("/api/v1/public/draws/verification",
                                content=json.dumps({"proof": "x" * 2048, "roster": ""}),
                                headers={"content-type": "application/json"})
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "body"


async def test_e13_only_published_plans_are_public_and_without_internal_fields(inspection, agency, public):
    _, runtime = inspection
    published, _ = await _published_task(runtime, agency, 1)
    draft, _ = await _published_task(runtime, agency, 1, status="approved")
    async with runtime.engine.connect() as conn:
        plans = dict((await conn.execute(tables.plan_task.select().with_only_columns(
            tables.plan_task.c.id, tables.plan_task.c.plan_id))).all())
    listed = {p["id"] for p in (await public.get("/api/v1/public/plans", params={"limit": 500,
                                                                                "year": 2026})).json()["items"]}
    shown = await public.get(f"/api/v1/public/plans/{plans[published]}")
    assert shown.status_code == 200 and shown.json()["tasks"][0]["id"] == published
    assert "approved_by" not in shown.json() and "created_by" not in shown.json()
    assert (await public.get(f"/api/v1/public/plans/{plans[draft]}")).status_code == 404
    assert plans[draft] not in listed
