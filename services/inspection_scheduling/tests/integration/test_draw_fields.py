"""A joint task's matters are inspected by their own departments' people (R-2: the inspector pool is tagged by
qualification): each matter's inspectors hold its department's enforcement field, so the health commission's matter
never gets the market bureau's inspectors, nor the other way round."""

import hashlib
import secrets
import uuid
from datetime import date

from sqlalchemy import func, select

from inspection_scheduling.adapters import tables
from platform_devstack.pytest_plugin import eventually, publish
from platform_events.contracts import list_management as lm

LM = "/services/list_management"
CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


async def _health_commission(runtime, producer, agency) -> tuple[str, str, list[str]]:
    dept = f"{agency.department}W"
    matter = f"{dept}-JC-001"
    people = [f"{dept}-P{i}" for i in range(1, 4)]
    await publish(producer, lm.DepartmentRegistered(code=dept, name="东港市卫生健康局", region_code=agency.region,
                                                    sector="卫生健康", kind="行政机关"), dept, source=LM)
    for person in people:
        await publish(producer, lm.PersonnelRegistered(
            person_no=person, name="卫生监督员", department_code=dept, certificate_no=f"ZF{person}",
            certificate_type="行政执法证", valid_from=date(2020, 1, 1), valid_to=date(2030, 12, 31), status="valid",
            enforcement_areas=["卫生健康"], legal_professional_qualification=False, auxiliary=False),
            person, source=LM)
    await publish(producer, lm.InspectionMatterListPublished(
        list_id=str(uuid.uuid4()), kind="inspection_matter_list", series_key=f"{dept}:jc", version=1,
        department_code=dept, title="随机抽查事项清单", effective_from=date(2026, 1, 1),
        published_at="2026-01-05T09:00:00+08:00", body={"kind": "inspection_matter_list", "matters": [
            {"matter_code": matter, "basis": "《公共场所卫生管理条例》", "objects": "公共场所经营者",
             "ratio_percent": "5", "frequency_per_year": 1,
             "inspector_requirements": "不少于2名持证卫生监督员，与检查对象有利害关系的应当回避"}]}), dept, source=LM)

    async def copied() -> bool:
        async with runtime.engine.connect() as conn:
            n = (await conn.execute(select(func.count()).where(tables.officer_copy.c.department_code == dept)))
            m = (await conn.execute(select(func.count()).where(tables.inspection_matter.c.department_code == dept)))
            return n.scalar_one() == len(people) and m.scalar_one() == 1
    await eventually(copied)
    return dept, matter, people


async def test_r2_each_matter_of_a_joint_draw_gets_inspectors_of_its_own_departments_field(
        inspection, producer, agency, tokens):
    client, runtime = inspection
    health, health_matter, health_people = await _health_commission(runtime, producer, agency)
    codes = sorted("91" + "".join(CODE_CHARS[b % 31] for b in uuid.uuid4().bytes)[:16] for _ in range(4))
    plan_id, task_id = str(uuid.uuid4()), str(uuid.uuid4())
    async with runtime.engine.begin() as conn:
        await conn.execute(tables.entity.insert(), [
            {"credit_code": c, "name": "东港市某某饭店", "kind": "enterprise", "industry": "H",
             "region_code": agency.region + "001", "status": "存续", "credit_class": "D",
             "credit_as_of": date(2026, 3, 1)} for c in codes])
        await conn.execute(tables.plan.insert().values(
            id=plan_id, kind="joint", title="餐饮单位联合抽查", year=2026, initiating_department=agency.department,
            cooperating_departments=[health], region_code=agency.region, status="published", published_at=func.now()))
        await conn.execute(tables.plan_task.insert().values(
            id=task_id, plan_id=plan_id, seq=1, title="食品安全与公共场所卫生", inspection_type="日常",
            departments=[agency.department, health], matter_codes=[agency.matters[0], health_matter],
            region_codes=[agency.region], ratio_by_class={"A": 5, "B": 20, "C": 60, "D": 100},
            window_from=date(2026, 5, 1), window_to=date(2026, 12, 31)))
    keys = {"发起部门": (agency.department, secrets.token_hex(32)), "卫健": (health, secrets.token_hex(32))}
    parties = [{"party": p, "department_code": d, "commitment": hashlib.sha256(s.encode()).hexdigest()}
               for p, (d, s) in keys.items()]
    draw = (await client.post("/api/v1/draws", json={"task_id": task_id, "parties": parties,
                                                     "drawn_on": "2026-06-01"})).json()
    for party, (dept, secret) in keys.items():
        done = await client.post(f"/api/v1/draws/{draw['id']}/reveals", json={"party": party, "secret": secret},
                                 headers=await tokens.headers("draws:reveal draws:read", agencies=[dept],
                                                              region=agency.region))
        assert done.status_code == 200, done.text
    assert done.json()["status"] == "completed"
    async with runtime.engine.connect() as conn:
        vt = tables.visit_task.c
        tasks = (await conn.execute(select(vt.matter_code, vt.inspectors).where(vt.draw_id == draw["id"]))).all()
    assert len(tasks) == 2 * len(codes)  # every D-class entity, both matters, one visit each (综合查一次)
    market_people = set(agency.inspectors) | set(agency.neighbour_inspectors)
    for matter, inspectors in tasks:
        assert len(inspectors) >= 2
        assert set(inspectors) <= (set(health_people) if matter == health_matter else market_people)
