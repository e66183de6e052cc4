"""Integration fixtures: inspection_scheduling against the session's real PostgreSQL and broker.

Agencies, personnel and inspection matter lists reach it as list_management publishes them: events on the broker,
sent here by a producer standing in for that service (`agency` sets up one agency of its own per test).

Calls carry tokens of the session's real issuer: by default an integrator holding every scope the app declares,
national and region-wide (tests about something else); tests about who acts ask `tokens` for their own caller.
"""

import os
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from inspection_scheduling import bootstrap
from inspection_scheduling.adapters import tables
from inspection_scheduling.api.app import create_app
from inspection_scheduling.settings import Settings
from platform_devstack.pytest_plugin import eventually, publish, service_settings
from platform_events.contracts import list_management as lm

REPO = Path(__file__).resolve().parents[4]
TOPICS_FILE = Path(os.environ.get("PLATFORM_TOPICS_FILE", REPO / "deploy" / "topics.yaml"))
LM = "/services/list_management"


async def app_on(stack, database: str, **overrides):
    kwargs = await service_settings(stack, database, bootstrap.migrations_dir(), TOPICS_FILE)
    app = create_app(Settings(**kwargs, **overrides))
    headers = await stack.tokens.for_app(app)  # every scope the app declares, national, region-wide, cleared
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://inspection-scheduling",
                                     headers=headers) as c:
            yield c, app.state.container


@pytest.fixture(name="app_on", scope="session")
def app_on_fixture():
    return app_on


@pytest.fixture(scope="session")
async def inspection(local_stack):
    async for pair in app_on(local_stack, "inspection_scheduling", deadline_scan_interval_s=3600):
        yield pair


@dataclass
class Agency:
    """One agency of its own per test with a neighbour in the same region, its inspection matter list published,
    and people of every kind the inspector-pool rules tell apart (E-1, R-10)."""

    department: str
    neighbour: str  # a second agency of the region (joint plans, 综合查一次)
    region: str  # 6 digits: the agencies' 行政区划
    matters: list[str]  # published on the department's inspection matter list
    neighbour_matters: list[str]
    inspectors: list[str]  # certified, valid, 市场监管 (the department's)
    neighbour_inspectors: list[str]
    auxiliary: str  # E-1: never drawn
    expired: str  # E-1: certificate expired
    suspended: str  # E-1: certificate suspended


def _officer(person_no: str, dept: str, *, auxiliary: bool = False, valid_to: date = date(2030, 12, 31),
             status: str = "valid", areas: tuple[str, ...] = ("市场监管",)) -> lm.PersonnelRegistered:
    return lm.PersonnelRegistered(person_no=person_no, name=f"检查员{person_no[-4:]}", department_code=dept,
                                  certificate_no=None if auxiliary else f"ZF{person_no}",
                                  certificate_type="辅助人员" if auxiliary else "行政执法证",
                                  valid_from=date(2020, 1, 1), valid_to=valid_to, status=status,
                                  enforcement_areas=list(areas), legal_professional_qualification=False,
                                  auxiliary=auxiliary)


def _matter_list(dept: str, matters: list[str]) -> lm.InspectionMatterListPublished:
    return lm.InspectionMatterListPublished(
        list_id=str(uuid.uuid4()), kind="inspection_matter_list", series_key=f"{dept}:inspection_matter_list",
        version=1, department_code=dept, title=f"{dept} 随机抽查事项清单", effective_from=date(2026, 1, 1),
        published_at="2026-01-05T09:00:00+08:00",
        body={"kind": "inspection_matter_list", "matters": [
            {"matter_code": code, "sub_item": "", "basis": "《产品质量法》第十五条", "objects": "生产经营者",
             "ratio_percent": "5", "frequency_per_year": 1, "method": "现场检查", "inspector_requirements": ""}
            for code in matters]})


@pytest.fixture
async def agency(inspection, producer) -> Agency:
    _, runtime = inspection
    code = f"IS{uuid.uuid4().hex[:6].upper()}"
    region = f"{uuid.uuid4().int % 10**6:06d}"
    a = Agency(code, f"{code}N", region, [f"{code}-JC-{i:03d}" for i in (1, 2)], [f"{code}N-JC-001"],
               [f"{code}-P{i}" for i in range(1, 7)], [f"{code}N-P{i}" for i in range(1, 5)],
               f"{code}-AUX", f"{code}-EXP", f"{code}-SUS")
    for dept in (a.department, a.neighbour):
        await publish(producer, lm.DepartmentRegistered(code=dept, name=f"东港市检查测试局{dept}", region_code=region,
                                                        sector="市场监管", kind="行政机关"), dept, source=LM)
    people = [_officer(p, a.department) for p in a.inspectors]
    people += [_officer(p, a.neighbour) for p in a.neighbour_inspectors]
    people += [_officer(a.auxiliary, a.department, auxiliary=True), _officer(a.expired, a.department,
                                                                              valid_to=date(2025, 6, 30)),
               _officer(a.suspended, a.department, status="suspended")]
    for person in people:
        await publish(producer, person, person.person_no, source=LM)
    await publish(producer, _matter_list(a.department, a.matters), a.department, source=LM)
    await publish(producer, _matter_list(a.neighbour, a.neighbour_matters), a.neighbour, source=LM)
    await eventually(lambda: _copied(runtime, a, len(people)))
    return a


async def _copied(runtime, a: Agency, people: int) -> bool:
    o, m, d = tables.officer_copy.c, tables.inspection_matter.c, tables.department_copy.c
    both = [a.department, a.neighbour]
    async with runtime.engine.connect() as conn:  # each copy comes by its own topic: wait for all three
        n = (await conn.execute(select(func.count()).where(o.department_code.in_(both))))
        matters = (await conn.execute(select(func.count()).where(m.department_code.in_(both))))
        departments = (await conn.execute(select(func.count()).where(d.code.in_(both))))
        return n.scalar_one() == people and matters.scalar_one() == 3 and departments.scalar_one() == 2
