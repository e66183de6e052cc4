"""Reads of plans, filtered in SQL by the caller's data scope: a plan the caller may not see is not found (404,
never 403). An agency sees the plans its agencies initiate or cooperate in; a region-wide caller its region's.
Also the reads a plan is checked against before it is written: the departments and published matter lists copied
from list_management (R-9, E-2)."""

from sqlalchemy import Select, Text, bindparam, distinct, func, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.sql import ColumnElement

from inspection_scheduling.adapters import tables as t
from inspection_scheduling.domain import plans as rules
from inspection_scheduling.domain.plans import Kind, PlanHeader, Status, TaskDraft, filed_late
from platform_calendar import shanghai_date
from platform_db import Page, page
from platform_errors import (
    FieldProblem,
    InvalidInput,
    InvalidTransition,
    NotFound,
    NotPermitted,
    RuleViolation,
)
from platform_identity import Caller
from platform_identity.sql import in_region, within

p, pt, vt, v = t.plan.c, t.plan_task.c, t.visit_task.c, t.visit.c
m, d = t.inspection_matter.c, t.department_copy.c


def plan_visible(caller: Caller) -> ColumnElement[bool]:
    """A plan of the caller's region (region-wide), or one its agencies initiate (发起) or cooperate in (配合)."""
    if caller.region_wide:
        return within(caller, p.region_code)
    if not caller.agencies:
        return p.id.is_(None)
    mine = bindparam(None, list(caller.agencies), ARRAY(Text))
    return in_region(caller, p.region_code) & or_(p.initiating_department.in_(caller.agencies),
                                                   p.cooperating_departments.has_any(mine))


def _used() -> ColumnElement[int]:
    """Inspections made under the plan: visits (not cancelled) with a task of it — a campaign's quota use (E-6)."""
    return (select(func.count(distinct(vt.visit_id))).select_from(t.visit_task.join(t.visit, v.id == vt.visit_id))
            .where(vt.plan_id == p.id, v.status != "cancelled").scalar_subquery().label("inspections_used"))


def _plans(*where: object) -> Select:
    return select(t.plan, _used()).where(*where)


async def one(engine: AsyncEngine, plan_id: str, caller: Caller) -> dict:
    """One plan with its tasks in order (NotFound outside the caller's data scope)."""
    async with engine.connect() as conn:
        row = (await conn.execute(_plans(p.id == plan_id, plan_visible(caller)))).mappings().first()
        if row is None:
            raise NotFound((f"检查计划 {plan_id} 不存在", f"no plan {plan_id}"))
        tasks = (await conn.execute(select(t.plan_task).where(pt.plan_id == plan_id).order_by(pt.seq))).mappings()
        return present(dict(row)) | {"tasks": [dict(x) for x in tasks]}


async def task(engine: AsyncEngine, plan_id: str, task_id: str, caller: Caller) -> dict:
    """One task of a plan the caller sees."""
    stmt = (select(t.plan_task).select_from(t.plan_task.join(t.plan, p.id == pt.plan_id))
            .where(pt.id == task_id, pt.plan_id == plan_id, plan_visible(caller)))
    async with engine.connect() as conn:
        row = (await conn.execute(stmt)).mappings().first()
    if row is None:
        raise NotFound((f"计划任务 {task_id} 不存在", f"no task {task_id} in plan {plan_id}"))
    return dict(row)


async def listing(engine: AsyncEngine, caller: Caller, *, year: int | None, kind: Kind | None,
                  status: Status | None, department_code: str | None, limit: int, cursor: str | None) -> Page:
    """The plans the caller sees, by id; `department_code` matches the initiating or a cooperating department."""
    stmt = _plans(plan_visible(caller))
    for column, value in ((p.year, year), (p.kind, kind and kind.value), (p.status, status and status.value)):
        if value is not None:
            stmt = stmt.where(column == value)
    if department_code is not None:
        stmt = stmt.where(or_(p.initiating_department == department_code,
                              p.cooperating_departments.contains([department_code])))
    found = await page(engine, stmt, p.id, limit=limit, cursor=cursor)
    return Page([present(x) for x in found.items], found.next_cursor)


def present(row: dict) -> dict:
    """The plan as read: its departments together, and whether it was filed late (E-13)."""
    filed_on = row["filed_at"] and shanghai_date(row["filed_at"])
    return row | {"departments": [row["initiating_department"], *row["cooperating_departments"]],
                  "filed_late": filed_late(filed_on, row["filing_due_on"]),
                  "remaining_quota": None if row["quota"] is None else max(row["quota"] - row["inspections_used"], 0)}


# --- what a plan is checked against: the local copies of departments and published matter lists ---------------

async def header_checked(session: AsyncSession, plan: PlanHeader, caller: Caller) -> str:
    """The initiating department's 区划, once its departments are known and the caller may plan for it."""
    known = dict((await session.execute(select(d.code, d.region_code)
                                        .where(d.code.in_(rules.departments_of(plan))))).all())
    problems = rules.plan_problems(plan)
    problems += [FieldProblem("initiating_department" if code == plan.initiating_department
                              else "cooperating_departments", f"{code} is not a known department")
                 for code in rules.departments_of(plan) if code not in known]
    region = known.get(plan.initiating_department)
    if plan.initiating_department in known and not region:
        problems.append(FieldProblem("initiating_department", "the department has no 行政区划 on record"))
    if region and not caller.sees(plan.initiating_department, region):
        raise NotPermitted((f"{caller.client_id} 不能为 {plan.initiating_department} 制定计划",
                            f"{caller.client_id} does not plan for {plan.initiating_department}"),
                           errors=[FieldProblem("initiating_department", "outside the caller's data scope")])
    if problems:
        raise InvalidInput(("计划不符合要求", "the plan is not valid"), errors=problems)
    return region


async def tasks_checked(session: AsyncSession, plan: PlanHeader, region: str,
                         tasks: list[tuple[str, TaskDraft]]) -> None:
    """Every task fits the plan, then every matter is on a published list of the task's departments in force over
    its whole window (E-2: an unpublished matter may not be inspected)."""
    problems = [x for at, one_task in tasks for x in rules.task_problems(plan, one_task, region, at)]
    if problems:
        raise InvalidInput(("计划任务不符合要求", "a task of the plan is not valid"), errors=problems)
    unlisted: list[FieldProblem] = []
    for at, x in tasks:
        listed = set(await session.scalars(select(m.matter_code).where(
            m.matter_code.in_(x.matter_codes), m.department_code.in_(x.departments),
            m.effective_from <= x.window_from, or_(m.effective_to.is_(None), m.effective_to >= x.window_to))))
        unlisted += [FieldProblem(f"{at}.matter_codes" if at else "matter_codes",
                                  f"{code} is not on a published inspection matter list of "
                                  f"{', '.join(x.departments)} in force from {x.window_from} to {x.window_to}")
                     for code in x.matter_codes if code not in listed]
    if unlisted:
        names = "、".join(sorted({problem.message.split(" ")[0] for problem in unlisted}))
        raise RuleViolation((f"检查事项未在已公布的随机抽查事项清单上，不得检查：{names}",
                             f"not on a published inspection matter list, so not inspected: {names}"),
                            rule="E-2", errors=unlisted)


async def stored_tasks(session: AsyncSession, plan_id: str) -> list[tuple[str, TaskDraft]]:
    rows = (await session.execute(select(t.plan_task).where(pt.plan_id == plan_id).order_by(pt.seq))).mappings()
    return [(f"tasks.{x['id']}", TaskDraft.model_validate({k: x[k] for k in tuple(TaskDraft.model_fields)})) for x in rows]


async def ready(session: AsyncSession, plan: dict) -> None:
    """A plan goes forward with at least one task, every matter still on a published list (E-2)."""
    tasks = await stored_tasks(session, plan["id"])
    if not tasks:
        raise InvalidTransition(("计划没有任务，不能审批或公布", "a plan without tasks goes no further"),
                                rule="E-9", missing=["tasks"], current=plan["status"])
    await tasks_checked(session, PlanHeader.model_validate(plan), plan["region_code"], tasks)
