"""Executing a visit: a 个案 or single routine inspection asked for by an agency (scheduled the one way visits come
to be), its approval (E-9), the visit code scanned on entry (E-10), per-matter results with the on-site record
(E-9, R-10) — a problem found going to case_intake as a 案源线索 — the results-publicity clock started when the last
result is in (R-7), 伴随执法 invitations with the invitees' feedback, and the enterprise's rating (E-10).

Every step locks the visit, checks its status, writes, publishes and commits once; the unit of work also writes
the audit row naming the verified caller, who is the one recorded as acting (never a body field)."""

import uuid
from datetime import UTC, datetime

from sqlalchemy import func, insert, select, update

from inspection_scheduling.adapters import tables as t
from inspection_scheduling.application import publicity, visit_queries
from inspection_scheduling.application.services import Services
from inspection_scheduling.application.visit_scheduling import TaskRequest, VisitRequest, schedule
from inspection_scheduling.domain import results
from inspection_scheduling.domain.results import (
    CheckIn,
    Feedback,
    InvitationCreate,
    Rating,
    ResultsRecord,
    VisitCreate,
)
from platform_calendar import shanghai_date
from platform_db import UnitOfWork
from platform_errors import Conflict, FieldProblem, InvalidInput, InvalidTransition, NotFound, RuleViolation
from platform_events.contracts import inspection_scheduling as ev
from platform_identity import Caller

v, vt, inv, o = t.visit.c, t.visit_task.c, t.invitation.c, t.officer_copy.c

#: Idempotency-Key -> request key, stable forever: a retried request finds the visit it scheduled
_KEYS = uuid.UUID("6f1d8a52-3c1e-4e0b-9a51-7d2f0c4b8e13")


async def create(svc: Services, body: VisitCreate, caller: Caller,
                 idempotency_key: str | None = None) -> tuple[dict, bool]:
    """(the visit, joined an open one or asked for before?); a routine one beyond a yearly cap is refused (E-3,
    E-4), nothing written. A repeat with the same Idempotency-Key of the same client answers the visit it got."""
    key = str(uuid.uuid5(_KEYS, f"{caller.client_id}\n{idempotency_key}")) if idempotency_key else None
    async with svc.uows() as uow:
        if key:  # a retry racing its first attempt waits for it, then finds its visit
            await uow.session.execute(select(func.pg_advisory_xact_lock(func.hashtext(key))))
        if key and (earlier := await uow.session.scalar(
                select(t.visit_request.c.visit_id).where(t.visit_request.c.key == key))):
            return await visit_queries.one(svc, earlier, caller), True
        department = await visit_queries.acting_department(uow.session, caller, body.department_code)
        await visit_queries.check_entity_and_matters(uow.session, caller, body.credit_code, department,
                                                     body.matter_codes)
        tasks = tuple(TaskRequest(department, m, tuple(body.inspectors)) for m in dict.fromkeys(body.matter_codes))
        done, = await schedule(uow, svc, [VisitRequest(body.credit_code, tasks, department, body.inspection_type,
                                                       body.window_from, body.window_to, body.trigger,
                                                       body.trigger_ref)], caller.actor)
        if (refused := done.refused) is not None:
            raise RuleViolation((f"已达年度检查次数上限：{refused.detail}", refused.detail), rule=refused.rule,
                                used=refused.used, cap=refused.cap, department_code=refused.department)
        if key:
            await uow.session.execute(insert(t.visit_request).values(key=key, visit_id=done.visit_id))
        await uow.commit()
    return await visit_queries.one(svc, done.visit_id, caller), done.joined


async def approve(svc: Services, visit_id: str, caller: Caller) -> dict:
    """行政检查审批 (E-9): the approver is the verified caller."""
    async with svc.uows() as uow:
        visit = await _locked(uow, visit_id, caller, "planned")
        now = datetime.now(UTC)
        await uow.session.execute(update(t.visit).where(v.id == visit["id"]).values(
            status="approved", approved_by=caller.actor, approved_at=now, updated_at=now, updated_by=caller.actor))
        await uow.commit()
    return await visit_queries.one(svc, visit_id, caller)


async def check_in(svc: Services, visit_id: str, body: CheckIn, caller: Caller) -> dict:
    """扫码入企 (E-10): the inspectors scan the visit's code on entry; only an approved visit is entered (E-9)."""
    async with svc.uows() as uow:
        visit = await _locked(uow, visit_id, caller, "approved")
        if body.visit_code.strip().upper() != visit["visit_code"]:
            raise RuleViolation(("扫描的检查码不是本次检查的", "the code scanned is not this visit's"), rule="E-10",
                                errors=[FieldProblem("visit_code", "not this visit's code")])
        if visit["checked_in_at"] is None:
            now = datetime.now(UTC)
            await uow.session.execute(update(t.visit).where(v.id == visit_id).values(
                checked_in_at=now, checked_in_by=caller.actor, updated_at=now, updated_by=caller.actor))
        await uow.commit()
    return await visit_queries.one(svc, visit_id, caller)


async def record_results(svc: Services, visit_id: str, body: ResultsRecord, caller: Caller) -> dict:
    """Per-matter results with their 现场检查笔录, on an approved (E-9) and, where required, scanned (E-10) visit.
    A problem found is announced at once (case_intake opens a clue); the last result completes the visit and
    starts the results-publicity clock (R-7). One transaction."""
    async with svc.uows() as uow:
        visit = await _locked(uow, visit_id, caller, "approved")
        if svc.rules.scan_to_enter and visit["checked_in_at"] is None:
            raise RuleViolation(("须先扫码入企，方可记录检查结果", "the visit code must be scanned on entry before "
                                 "results are recorded"), rule="E-10")
        _check_day(body, visit, svc)
        tasks = await visit_queries.open_tasks(uow.session, visit_id, [r.task_id for r in body.results], caller,
                                               visit["region_code"])
        await _check_inspectors(uow, body, tasks)
        await _write_results(uow, visit, tasks, body, caller)
        await _complete_if_done(uow, svc, visit_id)
        await uow.commit()
    return await visit_queries.one(svc, visit_id, caller)


def _check_day(body: ResultsRecord, visit: dict, svc: Services) -> None:
    approved_on = shanghai_date(visit["approved_at"])
    if not approved_on <= body.visited_on <= svc.today():
        raise InvalidInput(("检查日期须在审批之后、今天或之前", "visited_on lies between the approval and today"),
                           rule="E-9", errors=[FieldProblem("visited_on", f"from {approved_on} to today")])


async def _check_inspectors(uow: UnitOfWork, body: ResultsRecord, tasks: dict[str, dict]) -> None:
    """R-10 per task: two or more of the record's inspectors are its assigned ones, or — without assigned ones —
    officers of its department; either way certified on the visit day, never auxiliaries (E-1)."""
    on = body.visited_on
    rows = await uow.session.execute(select(o.person_no, o.department_code).where(
        o.person_no.in_(body.record.inspectors), ~o.auxiliary, o.certificate_no.is_not(None), o.status == "valid",
        o.valid_from <= on, o.valid_to >= on))
    certified = dict(rows.all())
    for task in tasks.values():
        qualified = (set(task["inspectors"]) if task["inspectors"]
                     else {p for p, dept in certified.items() if dept == task["department_code"]})
        results.check_inspectors(task["id"], body.record.inspectors, qualified & certified.keys())


async def _write_results(uow: UnitOfWork, visit: dict, tasks: dict[str, dict], body: ResultsRecord,
                         caller: Caller) -> None:
    now = datetime.now(UTC)
    for r in body.results:
        await uow.session.execute(update(t.visit_task).where(vt.id == r.task_id).values(
            result=r.result.value, finding=r.finding, result_at=now, result_by=caller.actor))
        if r.result is results.Result.problem_found:
            task = tasks[r.task_id]
            uow.publish(ev.InspectionProblemFound(
                **publicity.common(visit), task_id=task["id"], department_code=task["department_code"],
                matter_code=task["matter_code"], entity_name=visit["entity_name"], found_on=body.visited_on,
                finding=r.finding, inspectors=list(body.record.inspectors), rule_ids=["E-9"]),
                subject=visit["credit_code"])
    record = body.record.model_dump(mode="json") | {
        "visited_on": body.visited_on.isoformat(), "task_ids": [r.task_id for r in body.results],
        "recorded_by": caller.actor, "recorded_at": now.isoformat()}
    visited_on = max(filter(None, (visit["visited_on"], body.visited_on)))
    await uow.session.execute(update(t.visit).where(v.id == visit["id"]).values(
        onsite_record=[*(visit["onsite_record"] or []), record], visited_on=visited_on, updated_at=now,
        updated_by=caller.actor))


async def _complete_if_done(uow: UnitOfWork, svc: Services, visit_id: str) -> None:
    """Every matter has its result: the visit is done, VisitCompleted, the R-7 clock starts from the visit day."""
    tasks = (await uow.session.execute(select(vt.matter_code, vt.result).where(vt.visit_id == visit_id))).all()
    if any(result is None for _, result in tasks):
        return
    visit = dict((await uow.session.execute(update(t.visit).where(v.id == visit_id).values(status="done")
                                             .returning(t.visit))).mappings().one())
    clock = publicity.schedule(svc, visit["visited_on"])
    await publicity.CLOCKS.start(uow, publicity.ref(visit_id), clock)
    uow.publish(ev.VisitCompleted(**publicity.common(visit), visited_on=visit["visited_on"],
                                  results=dict(tasks), publish_by=clock.due_on), subject=visit["credit_code"])


async def publish_results(svc: Services, visit_id: str, caller: Caller) -> dict:
    """Publish a done visit's results (R-7), redacted, pushed to the 公示系统 endpoint in the same transaction."""
    async with svc.uows() as uow:
        await publicity.CLOCKS.lock(uow, publicity.ref(visit_id))  # the watcher locks the clock first too
        visit = await _locked(uow, visit_id, caller, "done")
        await publicity.publish(uow, visit, caller.actor)
        await uow.commit()
    return await visit_queries.one(svc, visit_id, caller)


async def invite(svc: Services, visit_id: str, body: InvitationCreate, caller: Caller) -> dict:
    """伴随执法 (policy 001 item 18): an observer invited to a visit not cancelled."""
    async with svc.uows() as uow:
        await _locked(uow, visit_id, caller, "planned", "approved", "done")
        await uow.session.execute(t.invitation.insert().values(
            id=str(uuid.uuid4()), visit_id=visit_id, **body.model_dump(), created_by=caller.actor))
        await uow.commit()
    return await visit_queries.one(svc, visit_id, caller)


async def record_feedback(svc: Services, visit_id: str, invitation_id: str, body: Feedback, caller: Caller) -> dict:
    """The invitee's feedback, recorded once by the verified caller."""
    async with svc.uows() as uow:
        await _locked(uow, visit_id, caller, "planned", "approved", "done")
        done = await uow.session.execute(update(t.invitation).where(
            inv.id == invitation_id, inv.visit_id == visit_id, inv.feedback.is_(None)).values(
            feedback=body.feedback, feedback_at=datetime.now(UTC), feedback_by=caller.actor).returning(inv.id))
        if done.first() is None:
            await _feedback_refusal(uow, visit_id, invitation_id)
        await uow.commit()
    return await visit_queries.one(svc, visit_id, caller)


async def _feedback_refusal(uow: UnitOfWork, visit_id: str, invitation_id: str) -> None:
    found = await uow.session.scalar(select(inv.id).where(inv.id == invitation_id, inv.visit_id == visit_id))
    if found is None:
        raise NotFound((f"邀请 {invitation_id} 不存在", f"no invitation {invitation_id} on this visit"))
    raise Conflict(("该受邀人的意见已记录", "the invitee's feedback is already recorded"))


async def rate(svc: Services, visit_code: str, body: Rating) -> dict:
    """The enterprise rates a done visit once, by its visit code (E-10; no token: the code is what it holds)."""
    async with svc.uows() as uow:
        visit = (await uow.session.execute(select(t.visit).where(v.visit_code == visit_code.strip().upper())
                                           .with_for_update())).mappings().first()
        if visit is None:
            raise NotFound(("检查码不存在", "no visit with this code"))
        if visit["status"] != "done":
            raise InvalidTransition(("检查完成后方可评价", "a visit is rated once it is done"), allowed=[], rule="E-10")
        if visit["rating"] is not None:
            raise Conflict(("本次检查已评价", "this visit is already rated"), rule="E-10")
        await uow.session.execute(update(t.visit).where(v.id == visit["id"]).values(
            rating=body.rating, rating_comment=body.comment, rated_at=datetime.now(UTC)))
        await uow.commit()
    return await visit_queries.public_visit(svc.engine, visit_code)


async def _locked(uow: UnitOfWork, visit_id: str, caller: Caller, *statuses: str) -> dict:
    """The visit, locked, if the caller sees it (404 otherwise) and it is in one of `statuses`; a planned one
    where an approved one is needed is refused by E-9 (行政检查审批)."""
    visit = (await uow.session.execute(select(t.visit).where(v.id == visit_id, visit_queries.visible(caller))
                                       .with_for_update())).mappings().first()
    if visit is None:
        raise NotFound((f"检查 {visit_id} 不存在", f"no visit {visit_id}"))
    if visit["status"] not in statuses:
        if visit["status"] == "planned" and "approved" in statuses:
            raise RuleViolation(("检查尚未审批（行政检查审批表），不得实施", "the visit is not approved: an inspection is "
                                 "approved before it is carried out"), rule="E-9")
        raise InvalidTransition((f"检查状态为 {visit['status']}，不允许此操作",
                                 f"the visit is {visit['status']}"), allowed=list(statuses))
    return dict(visit)
