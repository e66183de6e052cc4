"""Plans (R-3, E-6, E-9, E-13): annual, campaign and joint plans with their tasks, from draft to published, and the
one question the draws ask of them: is this task's plan published?"""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inspection_scheduling.adapters import tables as t
from platform_errors import NotFound, RuleViolation

p, pt = t.plan.c, t.plan_task.c


async def published_task(session: AsyncSession, task_id: str) -> dict:
    """The task `task_id` joined with its plan, for a draw to run on; the plan row is locked FOR SHARE until the
    caller's transaction ends, so the plan cannot be withdrawn while a draw on it commits.

    Returns every column of `plan_task` under its own name — `id`, `plan_id`, `seq`, `title`, `inspection_type`
    (日常 | 专项), `departments` (the task's departments), `matter_codes`, `region_codes`, `industries`,
    `entity_kinds`, `ratio_by_class` ({"A": percent, …}), `window_from`, `window_to` — and of the plan:
    `plan_status` (always "published" here), `plan_title`, `kind` (annual | campaign | joint), `year`,
    `initiating_department`, `cooperating_departments`, `plan_departments` (initiating first, then the
    cooperating ones) and `region_code` (the initiating department's, the draw's data scope).

    Raises NotFound when no such task exists, and RuleViolation (rule E-13) when its plan is not published (a draft,
    approved, filed or withdrawn plan is not executed: plans are published before execution, and an unpublished
    matter is not inspected, E-2). The caller's data scope is not applied here: the draw checks it on
    `region_code`/`plan_departments`, and the task's window against the draw date, itself.
    """
    stmt = (select(t.plan_task, p.status.label("plan_status"), p.title.label("plan_title"), p.kind, p.year,
                   p.initiating_department, p.cooperating_departments, p.region_code)
            .select_from(t.plan_task.join(t.plan, p.id == pt.plan_id)).where(pt.id == task_id)
            .with_for_update(read=True, of=t.plan))
    row = (await session.execute(stmt)).mappings().first()
    if row is None:
        raise NotFound((f"计划任务 {task_id} 不存在", f"no plan task {task_id}"))
    if row["plan_status"] != "published":
        raise RuleViolation((f"计划任务 {task_id} 所属计划尚未公布（状态：{row['plan_status']}），不得抽取或检查",
                             f"the plan of task {task_id} is {row['plan_status']}, not published: it may not be "
                             "drawn or inspected"), rule="E-13")
    task = dict(row)
    return task | {"plan_departments": [task["initiating_department"], *task["cooperating_departments"]]}
