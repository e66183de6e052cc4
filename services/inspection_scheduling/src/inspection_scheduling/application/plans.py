"""Plans (R-3, E-6, E-9, E-13): annual, campaign and joint plans with their tasks, from draft to published, and the
one question the draws ask of them: is this task's plan published?

The initiating department plans (R-9): its caller, or a region-wide one, writes; a cooperating department reads.
Every step locks the plan, checks its status, writes, publishes its event and commits once (the unit of work also
writes the audit row naming the verified caller)."""

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from inspection_scheduling.adapters import tables as t
from inspection_scheduling.application.plan_queries import (
    header_checked,
    one,
    plan_visible,
    ready,
    stored_tasks,
    task,
    tasks_checked,
)
from inspection_scheduling.application.services import Services
from inspection_scheduling.domain import plans as rules
from inspection_scheduling.domain.plans import Filing, PlanCreate, PlanHeader, TaskDraft, Withdrawal
from platform_calendar import shanghai_date
from platform_errors import NotFound, NotPermitted, RuleViolation
from platform_events import IntegrationEvent
from platform_events.contracts import inspection_scheduling as events
from platform_identity import Caller

p, pt = t.plan.c, t.plan_task.c
#: Idempotency-Key -> plan id, stable forever: a retried creation finds the plan it made
_KEYS = uuid.UUID("3e8b51c2-6f0d-4a47-9c1e-7b2d4f8a6e13")


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
    if row["plan_status"] != rules.Status.published:
        raise RuleViolation((f"计划任务 {task_id} 所属计划尚未公布（状态：{row['plan_status']}），不得抽取或检查",
                             f"the plan of task {task_id} is {row['plan_status']}, not published: it may not be "
                             "drawn or inspected"), rule="E-13")
    found = dict(row)
    return found | {"plan_departments": [found["initiating_department"], *found["cooperating_departments"]]}


async def create(svc: Services, body: PlanCreate, caller: Caller, idempotency_key: str | None) -> tuple[dict, bool]:
    """(the plan, created?): a repeat with the same Idempotency-Key of the same client answers the first plan."""
    plan_id = str(uuid.uuid5(_KEYS, f"{caller.client_id}\n{idempotency_key}") if idempotency_key else uuid.uuid4())
    async with svc.uows() as uow:
        made = await uow.session.scalar(select(p.id).where(p.id == plan_id)) is None
        if made:
            region = await header_checked(uow.session, body, caller)
            await tasks_checked(uow.session, body, region, [(f"tasks.{i}", x) for i, x in enumerate(body.tasks)])
            made = await uow.session.scalar(pg_insert(t.plan).values(  # None: the same key's twin got there first
                id=plan_id, **body.model_dump(exclude={"tasks"}), region_code=region, status="draft",
                created_by=caller.actor, updated_by=caller.actor).on_conflict_do_nothing().returning(p.id)) is not None
        if made:
            for seq, x in enumerate(body.tasks, 1):
                await _insert_task(uow.session, svc, body, plan_id, seq, x)
            await uow.commit()
    return await one(svc.engine, plan_id, caller), made


async def update_header(svc: Services, plan_id: str, body: PlanHeader, caller: Caller) -> dict:
    """A draft's header replaced; its tasks are checked again against it (departments, year, 区划, E-2)."""
    async with svc.uows() as uow:
        plan = await _draft(uow.session, plan_id, caller)
        region = await header_checked(uow.session, body, caller)
        await tasks_checked(uow.session, body, region, await stored_tasks(uow.session, plan["id"]))
        await uow.session.execute(update(t.plan).where(p.id == plan_id).values(
            **body.model_dump(), region_code=region, updated_by=caller.actor, updated_at=datetime.now(UTC)))
        await uow.session.execute(update(t.plan_task).where(pt.plan_id == plan_id).values(
            inspection_type=rules.inspection_type(body.kind)))
        await uow.commit()
    return await one(svc.engine, plan_id, caller)


async def add_task(svc: Services, plan_id: str, body: TaskDraft, caller: Caller) -> dict:
    async with svc.uows() as uow:
        plan = await _draft(uow.session, plan_id, caller)
        header = PlanHeader.model_validate(plan)
        await tasks_checked(uow.session, header, plan["region_code"], [("", body)])
        seq = await uow.session.scalar(select(func.coalesce(func.max(pt.seq), 0) + 1).where(pt.plan_id == plan_id))
        task_id = await _insert_task(uow.session, svc, header, plan_id, seq, body)
        await _touch(uow.session, plan_id, caller)
        await uow.commit()
    return await task(svc.engine, plan_id, task_id, caller)


async def replace_task(svc: Services, plan_id: str, task_id: str, body: TaskDraft, caller: Caller) -> dict:
    async with svc.uows() as uow:
        plan = await _draft(uow.session, plan_id, caller)
        header = PlanHeader.model_validate(plan)
        await tasks_checked(uow.session, header, plan["region_code"], [("", body)])
        done = await uow.session.execute(update(t.plan_task).where(pt.id == task_id, pt.plan_id == plan_id).values(
            **_task_values(svc, body)))
        if done.rowcount == 0:
            raise NotFound((f"计划任务 {task_id} 不存在", f"no task {task_id} in plan {plan_id}"))
        await _touch(uow.session, plan_id, caller)
        await uow.commit()
    return await task(svc.engine, plan_id, task_id, caller)


async def delete_task(svc: Services, plan_id: str, task_id: str, caller: Caller) -> None:
    async with svc.uows() as uow:
        await _draft(uow.session, plan_id, caller)
        done = await uow.session.execute(t.plan_task.delete().where(pt.id == task_id, pt.plan_id == plan_id))
        if done.rowcount == 0:
            raise NotFound((f"计划任务 {task_id} 不存在", f"no task {task_id} in plan {plan_id}"))
        await _touch(uow.session, plan_id, caller)
        await uow.commit()


async def approve(svc: Services, plan_id: str, caller: Caller) -> dict:
    """E-9: approved by a person other than the one who drew the plan up (four eyes), with its tasks still on
    published matter lists (E-2)."""
    async def check(session: AsyncSession, plan: dict) -> None:
        if caller.person is None or caller.actor == plan["created_by"]:
            raise NotPermitted(("计划须由起草人以外的人员审批（令牌须指明审批人）",
                                "a plan is approved by a person other than the one who drew it up (the token names "
                                "the approving person)"), rule="E-9")
        await ready(session, plan)
    return await _advance(svc, plan_id, caller, "approval", check,
                          lambda plan, at: {"approved_by": caller.actor, "approved_at": at},
                          lambda _, facts: events.PlanApproved(**facts))


async def file(svc: Services, plan_id: str, body: Filing, caller: Caller) -> dict:
    """备案 with the level above; after the deadline (E-13, configurable) it is allowed and marked late."""
    def values(plan: dict, at: datetime) -> dict:
        return {"filed_with": body.filed_with, "filed_at": at,
                "filing_due_on": rules.filing_due(plan["kind"], plan["year"], svc.rules)}

    def event(plan: dict, facts: dict) -> IntegrationEvent:
        late = rules.filed_late(shanghai_date(plan["filed_at"]), plan["filing_due_on"])
        return events.PlanFiled(**facts, filed_with=body.filed_with, late=late)
    return await _advance(svc, plan_id, caller, "filing", None, values, event)


async def publish(svc: Services, plan_id: str, caller: Caller) -> dict:
    """E-13: published before execution; only now may its tasks be drawn (E-2 checked once more)."""
    return await _advance(svc, plan_id, caller, "publication", ready, lambda _, at: {"published_at": at},
                          lambda _, facts: events.PlanPublished(**facts))


async def withdraw(svc: Services, plan_id: str, body: Withdrawal, caller: Caller) -> dict:
    """Withdrawn from any status but withdrawn: no new draw or visit; completed draws stay on record."""
    return await _advance(svc, plan_id, caller, "withdrawal", None, lambda *_: {"withdrawn_reason": body.reason},
                          lambda _, facts: events.PlanWithdrawn(**facts, reason=body.reason))


async def _advance(svc: Services, plan_id: str, caller: Caller, step: str,
                   check: Callable[[AsyncSession, dict], Awaitable[None]] | None,
                   values: Callable[[dict, datetime], dict], event: Callable[[dict, dict], IntegrationEvent]) -> dict:
    """One step of the lifecycle: lock, check the status (409), check, write, publish, commit."""
    async with svc.uows() as uow:
        plan = await _locked(uow.session, plan_id, caller)
        status = rules.next_status(plan["status"], step)
        if check is not None:
            await check(uow.session, plan)
        at = datetime.now(UTC)
        changes = values(plan, at) | {"status": status.value, "updated_by": caller.actor, "updated_at": at}
        await uow.session.execute(update(t.plan).where(p.id == plan_id).values(**changes))
        matters = await uow.session.scalars(select(func.jsonb_array_elements_text(pt.matter_codes))
                                            .where(pt.plan_id == plan_id).distinct())
        plan |= changes
        facts = {name: plan[name] for name in ("kind", "title", "year", "initiating_department", "region_code",
                                               "cooperating_departments", "status")}
        uow.publish(event(plan, facts | {"plan_id": plan_id, "matter_codes": sorted(matters), "at": at}),
                    subject=plan_id)
        await uow.commit()
    return await one(svc.engine, plan_id, caller)


async def _locked(session: AsyncSession, plan_id: str, caller: Caller) -> dict:
    """The plan, locked; NotFound outside the caller's data scope, NotPermitted (R-9) to a cooperating agency."""
    row = (await session.execute(select(t.plan).where(p.id == plan_id, plan_visible(caller))
                                 .with_for_update())).mappings().first()
    if row is None:
        raise NotFound((f"检查计划 {plan_id} 不存在", f"no plan {plan_id}"))
    if not caller.sees(row["initiating_department"], row["region_code"]):
        raise NotPermitted((f"计划由发起部门 {row['initiating_department']} 制定，配合部门只能查阅",
                            f"the initiating department {row['initiating_department']} plans; a cooperating "
                            "department reads"), rule="R-9")
    return dict(row)


async def _draft(session: AsyncSession, plan_id: str, caller: Caller) -> dict:
    plan = await _locked(session, plan_id, caller)
    rules.editable(plan["status"])
    return plan


async def _insert_task(session: AsyncSession, svc: Services, plan: PlanHeader, plan_id: str, seq: int,
                       body: TaskDraft) -> str:
    task_id = str(uuid.uuid4())
    await session.execute(t.plan_task.insert().values(
        id=task_id, plan_id=plan_id, seq=seq, inspection_type=rules.inspection_type(plan.kind),
        **_task_values(svc, body)))
    return task_id


def _task_values(svc: Services, body: TaskDraft) -> dict:
    return body.model_dump() | {"ratio_by_class": rules.ratios(body, svc.rules)}


async def _touch(session: AsyncSession, plan_id: str, caller: Caller) -> None:
    await session.execute(update(t.plan).where(p.id == plan_id).values(updated_by=caller.actor,
                                                                       updated_at=datetime.now(UTC)))
