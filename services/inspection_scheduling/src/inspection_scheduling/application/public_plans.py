"""Published plans as the public reads them (E-13: published before execution): what is planned, by whom, where,
at what ratio and when — no approver, filing, audit or quota-use field."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from inspection_scheduling.adapters import tables as t
from platform_db import Page, page
from platform_errors import NotFound

p, pt = t.plan.c, t.plan_task.c
PLAN = (p.id, p.kind, p.title, p.year, p.initiating_department, p.cooperating_departments, p.region_code,
        p.published_at)
TASK = (pt.id, pt.seq, pt.title, pt.inspection_type, pt.departments, pt.matter_codes, pt.region_codes, pt.industries,
        pt.entity_kinds, pt.ratio_by_class, pt.window_from, pt.window_to)


async def listing(engine: AsyncEngine, *, year: int | None, department_code: str | None, limit: int,
                  cursor: str | None) -> Page:
    stmt = select(*PLAN).where(p.status == "published")
    if year is not None:
        stmt = stmt.where(p.year == year)
    if department_code is not None:
        stmt = stmt.where((p.initiating_department == department_code)
                          | p.cooperating_departments.contains([department_code]))
    return await page(engine, stmt, p.id, limit=limit, cursor=cursor)


async def one(engine: AsyncEngine, plan_id: str) -> dict:
    async with engine.connect() as conn:
        plan = (await conn.execute(select(*PLAN).where(p.id == plan_id, p.status == "published"))).mappings().first()
        if plan is None:
            raise NotFound((f"已公布的检查计划 {plan_id} 不存在", f"no published plan {plan_id}"))
        tasks = (await conn.execute(select(*TASK).where(pt.plan_id == plan_id).order_by(pt.seq))).mappings()
        draws = (await conn.execute(select(t.draw.c.id, t.draw.c.task_id, t.draw.c.status, t.draw.c.commitment)
                                    .where(t.draw.c.plan_id == plan_id).order_by(t.draw.c.committed_at)))
        return dict(plan) | {"tasks": [dict(x) for x in tasks], "draws": [dict(x) for x in draws.mappings()]}
