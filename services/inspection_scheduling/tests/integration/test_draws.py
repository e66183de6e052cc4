"""Draws over the API (R-4): committed, revealed by each party's own department, completed into a proof that the
verify route and the offline verifier reproduce byte for byte, with visits scheduled from the selection; the
exclusions and the inspector pool's refusals named by rule (R-1, R-2, E-3, E-1, R-10); redraws kept."""

import hashlib
import json
import secrets
import subprocess
import sys
import uuid
from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from inspection_scheduling.adapters import tables
from inspection_scheduling.application import draws
from inspection_scheduling.application.draws import CommitDraw, Party
from platform_identity import Caller

TOOL = Path(__file__).resolve().parents[2] / "tools" / "verify_draw.py"
CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
DRAWN_ON = date(2026, 6, 1)


def _code() -> str:
    return "91" + "".join(CODE_CHARS[b % 31] for b in uuid.uuid4().bytes)[:16]


async def _entities(runtime, region: str, n: int, **overrides) -> list[str]:
    codes = sorted(_code() for _ in range(n))
    async with runtime.engine.begin() as conn:
        await conn.execute(tables.entity.insert(), [
            {"credit_code": code, "name": "东港市某某食品有限公司", "kind": "enterprise", "industry": "F",
             "region_code": region + "001", "status": "存续", "credit_class": "B", "credit_as_of": date(2026, 3, 1)}
            | overrides for code in codes])
    return codes


async def _task(runtime, agency, *, status="published", matters=None, ratios=None) -> str:
    plan_id, task_id = str(uuid.uuid4()), str(uuid.uuid4())
    async with runtime.engine.begin() as conn:
        await conn.execute(tables.plan.insert().values(
            id=plan_id, kind="annual", title="2026年度双随机抽查计划", year=2026,
            initiating_department=agency.department, cooperating_departments=[], region_code=agency.region,
            status=status, published_at=func.now() if status == "published" else None))
        await conn.execute(tables.plan_task.insert().values(
            id=task_id, plan_id=plan_id, seq=1, title="食品经营抽查", inspection_type="日常",
            departments=[agency.department], matter_codes=matters or agency.matters[:1], region_codes=[agency.region],
            ratio_by_class=ratios or {"A": 5, "B": 50, "C": 60, "D": 100},
            window_from=date(2026, 5, 1), window_to=date(2026, 12, 31)))
    return task_id


class Ceremony:
    """Two parties — the drawing department and the supervising 司法局 — with their secrets."""

    def __init__(self, agency):
        self.agency = agency
        self.secrets = {"发起部门": secrets.token_hex(32), "司法局": secrets.token_hex(32)}
        self.departments = {"发起部门": agency.department, "司法局": f"{agency.department}SFJ"}

    def parties(self) -> list[dict]:
        return [{"party": p, "commitment": hashlib.sha256(s.encode()).hexdigest(),
                 "department_code": self.departments[p]} for p, s in self.secrets.items()]

    async def caller(self, tokens, party: str) -> dict:
        return await tokens.headers("draws:reveal draws:read", agencies=[self.departments[party]],
                                    region=self.agency.region)


async def _commit(client, task_id, ceremony, **extra):
    return await client.post("/api/v1/draws", json={"task_id": task_id, "parties": ceremony.parties(),
                                                    "drawn_on": DRAWN_ON.isoformat(), **extra})


async def _complete(client, tokens, task_id, ceremony) -> dict:
    committed = await _commit(client, task_id, ceremony)
    assert committed.status_code == 201, committed.text
    draw = committed.json()
    for party, secret in ceremony.secrets.items():
        revealed = await client.post(f"/api/v1/draws/{draw['id']}/reveals", json={"party": party, "secret": secret},
                                     headers=await ceremony.caller(tokens, party))
        assert revealed.status_code == 200, revealed.text
    assert revealed.json()["status"] == "completed"
    return revealed.json()


def _offline(tmp_path: Path, proof: bytes, roster: bytes, *extra: str) -> dict:
    (tmp_path / "proof.json").write_bytes(proof)
    (tmp_path / "roster.csv").write_bytes(roster)
    done = subprocess.run([sys.executable, "-I", str(TOOL), str(tmp_path / "proof.json"),
                           str(tmp_path / "roster.csv"), *extra], capture_output=True, text=True, check=False)
    return json.loads(done.stdout)


async def test_r4_the_verify_route_and_the_offline_verifier_reproduce_a_draw_byte_for_byte(inspection, agency, tokens,
                                                                                          tmp_path):
    client, runtime = inspection
    await _entities(runtime, agency.region, 12)
    draw = await _complete(client, tokens, await _task(runtime, agency), Ceremony(agency))
    proof = (await client.get(f"/api/v1/draws/{draw['id']}/proof")).content
    roster = await client.get(f"/api/v1/draws/{draw['id']}/roster")
    assert roster.headers["content-type"].startswith("text/csv") and roster.text.startswith("credit_code,stratum\n")
    report = (await client.get(f"/api/v1/draws/{draw['id']}/verify")).json()
    assert report["ok"] and report["byte_identical"] and report["differences"] == []
    assert report["proof_sha256"] == hashlib.sha256(proof).hexdigest() == draw["proof_sha256"]
    offline = _offline(tmp_path, proof, roster.content, "--commitment", draw["commitment"])
    assert offline["ok"] and offline["byte_identical"] and offline["proof_sha256"] == report["proof_sha256"]


async def test_r4_changing_one_reveal_one_roster_row_or_one_stratum_count_is_named(inspection, agency, tokens,
                                                                                 tmp_path):
    client, runtime = inspection
    await _entities(runtime, agency.region, 10)
    draw = await _complete(client, tokens, await _task(runtime, agency), Ceremony(agency))
    proof = json.loads((await client.get(f"/api/v1/draws/{draw['id']}/proof")).content)
    roster = (await client.get(f"/api/v1/draws/{draw['id']}/roster")).text
    reveal = json.loads(json.dumps(proof))
    reveal["reveals"][0]["secret"] = secrets.token_hex(32)
    count = json.loads(json.dumps(proof))
    count["strata"][0]["count"] += 1
    row = roster.splitlines()
    row[1] = _code() + row[1][18:]
    cases = [(reveal, roster, "reveal"), (count, roster, "stratum"), (proof, "\n".join(row) + "\n", "roster")]
    for held, rows, named in cases:
        answer = (await client.post("/api/v1/public/draws/verification", json={"proof": held, "roster": rows})).json()
        offline = _offline(tmp_path, json.dumps(held).encode(), rows.encode())
        assert not answer["ok"] and named in {x["input"] for x in answer["differences"]}
        assert {x["input"] for x in offline["differences"]} == {x["input"] for x in answer["differences"]}


async def test_e1_r10_auxiliary_expired_suspended_and_conflicted_officers_are_never_drawn(inspection, agency, tokens):
    client, runtime = inspection
    codes = await _entities(runtime, agency.region, 8)
    conflicted = agency.inspectors[0]
    async with runtime.engine.begin() as conn:
        await conn.execute(tables.inspector_conflict.insert(), [
            {"person_no": conflicted, "credit_code": code, "reason": "亲属任职", "declared_on": date(2026, 1, 5)}
            for code in codes])
    draw = await _complete(client, tokens, await _task(runtime, agency), Ceremony(agency))
    proof = json.loads((await client.get(f"/api/v1/draws/{draw['id']}/proof")).content)
    drawn = {person for a in proof["assignments"] for person in a["inspectors"]}
    assert proof["assignments"] and all(len(a["inspectors"]) == 2 for a in proof["assignments"])
    assert drawn.isdisjoint({agency.auxiliary, agency.expired, agency.suspended, conflicted})
    skipped = {(s["inspector"], s["reason"], s["rule"]) for s in proof["inspector_skips"]}
    assert {(agency.auxiliary, "auxiliary", "E-1"), (agency.expired, "certificate_expired", "E-1"),
            (agency.suspended, "no_certificate", "E-1"), (conflicted, "conflict", "R-10")} <= skipped


async def test_r4_a_second_draw_names_the_first_and_a_reason_and_both_are_kept(inspection, agency):
    client, runtime = inspection
    await _entities(runtime, agency.region, 6)
    task_id = await _task(runtime, agency)
    first = (await _commit(client, task_id, Ceremony(agency))).json()
    again = await _commit(client, task_id, Ceremony(agency))
    assert again.status_code == 422 and again.json()["rule"] == "R-4"
    redraw = await _commit(client, task_id, Ceremony(agency), redraw_of=first["id"], redraw_reason="参与方密钥遗失")
    assert redraw.status_code == 201 and redraw.json()["redraw_of"] == first["id"]
    listed = (await client.get("/api/v1/draws", params={"task_id": task_id})).json()["items"]
    assert {(x["id"], x["status"]) for x in listed} == {(first["id"], "abandoned"), (redraw.json()["id"], "committed")}
    assert (await client.get(f"/api/v1/draws/{first['id']}")).json()["commitment"] == first["commitment"]


async def test_r4_a_reveal_is_the_partys_own_and_a_wrong_secret_is_refused(inspection, agency, tokens):
    client, runtime = inspection
    await _entities(runtime, agency.region, 4)
    ceremony = Ceremony(agency)
    draw = (await _commit(client, await _task(runtime, agency), ceremony)).json()
    url = f"/api/v1/draws/{draw['id']}/reveals"
    justice = {"party": "司法局", "secret": ceremony.secrets["司法局"]}
    by_drawer = await client.post(url, json=justice, headers=await ceremony.caller(tokens, "发起部门"))
    assert by_drawer.status_code == 403 and by_drawer.json()["rule"] == "R-4"
    stranger = await tokens.headers("draws:reveal", agencies=["ELSEWHERE"], region=agency.region)
    assert (await client.post(url, json=justice, headers=stranger)).status_code == 404
    wrong = await client.post(url, json={"party": "司法局", "secret": secrets.token_hex(32)},
                              headers=await ceremony.caller(tokens, "司法局"))
    assert wrong.status_code == 422 and wrong.json()["rule"] == "R-4"
    parties = (await client.get(f"/api/v1/draws/{draw['id']}")).json()["parties"]
    assert [p["revealed_at"] for p in parties] == [None, None]


async def test_r1_r2_e3_exclusions_carry_their_rule_ids(inspection, agency, tokens):
    client, runtime = inspection
    await _entities(runtime, agency.region, 4)
    gone, = await _entities(runtime, agency.region, 1, status="注销")
    special, = await _entities(runtime, agency.region, 1, special_sectors=["特种设备"])
    capped, = await _entities(runtime, agency.region, 1)
    async with runtime.engine.begin() as conn:
        await conn.execute(tables.visit.insert(), [
            {"id": str(uuid.uuid4()), "visit_code": uuid.uuid4().hex[:10].upper(), "credit_code": capped,
             "entity_name": "某公司", "region_code": agency.region + "001", "lead_department": agency.department,
             "departments": [agency.department], "inspection_type": "日常", "window_from": date(2026, m, 1),
             "window_to": date(2026, m, 2), "status": "done", "year": 2026} for m in (2, 3)])
    draw = await _complete(client, tokens, await _task(runtime, agency), Ceremony(agency))
    excluded = {(e["credit_code"], e["reason"], e["rule"]) for e in draw["exclusions"]}
    assert excluded == {(gone, "deregistered", "R-2"), (special, "special_sector", "R-1"),
                        (capped, "annual_cap_reached", "E-3")}
    why = (await client.get(f"/api/v1/draws/{draw['id']}/why/{capped}")).json()["answers"]
    assert [(a["outcome"], a["rule"]) for a in why] == [("excluded", "E-3")]


async def test_r6_two_matters_for_one_entity_become_one_visit_and_counts_follow_the_ratio(inspection, agency, tokens):
    client, runtime = inspection
    every = await _entities(runtime, agency.region, 4)  # class B: 100 %, drawn in both matters
    await _entities(runtime, agency.region, 3, credit_class="C")  # class C: ceil(50 % of 3) = 2 per matter
    task_id = await _task(runtime, agency, matters=agency.matters, ratios={"A": 5, "B": 100, "C": 50, "D": 100})
    draw = await _complete(client, tokens, task_id, Ceremony(agency))
    assert sorted((s["credit_class"], s["count"]) for s in draw["strata"]) == [("B", 4), ("B", 4), ("C", 2), ("C", 2)]
    v, vt = tables.visit.c, tables.visit_task.c
    async with runtime.engine.connect() as conn:
        rows = (await conn.execute(select(v.credit_code, func.count(func.distinct(v.id)), func.count(vt.id))
                                   .select_from(tables.visit.join(tables.visit_task, vt.visit_id == v.id))
                                   .where(vt.draw_id == draw["id"]).group_by(v.credit_code))).all()
    visits = {code: (n_visits, n_tasks) for code, n_visits, n_tasks in rows}
    assert all(visits[code] == (1, 2) for code in every)  # both matters, one visit (综合查一次)
    assert draw["visits"] == len(visits) and draw["selected"] == 12 and draw["unscheduled"] == []


async def test_e13_a_task_of_an_unpublished_plan_is_not_drawn(inspection, agency):
    client, runtime = inspection
    await _entities(runtime, agency.region, 3)
    refused = await _commit(client, await _task(runtime, agency, status="approved"), Ceremony(agency))
    assert refused.status_code == 422 and refused.json()["rule"] == "E-13"


async def test_e5_an_entity_inspected_without_findings_within_the_period_is_left_out(inspection, agency):
    _, runtime = inspection
    await _entities(runtime, agency.region, 3)
    quiet, = await _entities(runtime, agency.region, 1)
    visit_id = str(uuid.uuid4())
    async with runtime.engine.begin() as conn:
        await conn.execute(tables.visit.insert().values(
            id=visit_id, visit_code=uuid.uuid4().hex[:10].upper(), credit_code=quiet, entity_name="某公司",
            region_code=agency.region + "001", lead_department=agency.neighbour, departments=[agency.neighbour],
            inspection_type="个案", trigger="complaint", window_from=date(2025, 11, 3), window_to=date(2025, 11, 4),
            status="done", visited_on=date(2025, 11, 3), year=2025))
        await conn.execute(tables.visit_task.insert().values(
            id=str(uuid.uuid4()), visit_id=visit_id, department_code=agency.neighbour,
            matter_code=agency.neighbour_matters[0], result="no_problem"))
    svc = runtime.services
    caller = Caller(client_id="test", subject="test", scopes=frozenset(), agencies=(), region="", data_scope="region",
                    clearance="internal")
    ceremony = Ceremony(agency)
    cmd = CommitDraw(await _task(runtime, agency), tuple(Party(**p) for p in ceremony.parties()), DRAWN_ON)
    for days, expected in ((0, set()), (365, {(quiet, "inspected_without_findings", "E-5")})):
        quieter = replace(svc, rules=svc.rules.model_copy(update={"no_findings_exclusion_days": days}))
        draw, _ = await draws.commit(quieter, replace(cmd, redraw_of=None) if days == 0 else cmd, caller)
        assert {(e["credit_code"], e["reason"], e["rule"]) for e in draw["exclusions"]} == expected
        cmd = replace(cmd, redraw_of=draw["id"], redraw_reason="排除期限改为一年")
