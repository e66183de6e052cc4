"""法制审核 rounds: received (from case intake's request or over REST), assigned, concluded on the nine checks.

Every change and its event commit in one unit of work. The outcome event is what case intake's decision gate
waits for (L-1): only 同意 opens it. A round that runs past its period stays open and is signalled (deadlines.py).

Who acts is the verified caller: rounds are submitted, assigned and extended by callers that see the deciding
agency (its own system, or the region's supervisor), and concluded only by the person they are assigned to (L-2,
P-3) — whatever a request body says. A round the caller may not see is not found.
"""

import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select, update
from sqlalchemy.sql import ColumnElement

from legality_review.adapters import copies, reviewers
from legality_review.adapters import tables as t
from legality_review.adapters.data_scope import review_visible, sees
from legality_review.application import review_clock, review_queries
from legality_review.application.services import Services
from legality_review.domain import checklist
from legality_review.domain.checklist import CheckResult, Outcome
from legality_review.domain.deadlines import check_extension
from legality_review.domain.reviewers import Subject, balanced_pick, refusal
from platform_db import UnitOfWork
from platform_errors import (
    Conflict,
    FieldProblem,
    InvalidInput,
    NotFound,
    NotPermitted,
    RuleViolation,
)
from platform_events import Envelope
from platform_events.contracts import legality_review as lr
from platform_events.contracts import list_management as lm
from platform_events.contracts.case_intake import CaseReviewRequested
from platform_events.wire import SupportedDate
from platform_identity import Caller
from platform_logging import get_logger

log = get_logger(__name__)
r = t.review.c
OUTCOME_EVENTS = {Outcome.approve: lr.ReviewApproved, Outcome.reject: lr.ReviewRejected,
                  Outcome.revise: lr.ReviewRevisionRequested}


class Submission(BaseModel):
    """送审材料: what is reviewed. The shape of case.review_requested.v1, for systems that submit over REST."""

    case_id: str = Field(min_length=1, max_length=36, description="案件标识")
    case_no: str | None = Field(None, max_length=80, description="案号")
    round: int = Field(1, ge=1, le=100, description="送审轮次")
    department_code: str = Field(min_length=1, max_length=40, description="办案机关编码")
    matter_code: str | None = Field(None, max_length=60, description="执法事项编码")
    party_type: str | None = Field(None, max_length=20, description="当事人类型")
    party_name: str | None = Field(None, max_length=200, description="当事人名称")
    grounds: list[str] = Field(default_factory=list,
                               description="须审核的情形 (L-1, L-5)；空 = 机关主动送审")
    proposal: dict[str, Any] = Field(description="拟作出的决定")
    evidence: list[dict[str, Any]] = Field(default_factory=list, description="证据清单")
    evaluation: dict[str, Any] | None = Field(None, description="清单与裁量基准评估")
    officers: list[str] = Field(min_length=1, description="承办人员 person_no (P-3: never the reviewers)")
    history: list[dict[str, Any]] = Field(default_factory=list, description="程序经过")
    received_on: SupportedDate | None = Field(None, description="收到送审材料之日（默认今天）: the review period runs from it")


class Assignment(BaseModel):
    reviewer: str | None = Field(None, max_length=40, description="审核人员 person_no；不填则按在审数量均衡分配")


class Reassignment(Assignment):
    reason: str = Field(min_length=2, max_length=500, description="改派理由")


class Conclusion(BaseModel):
    """The reviewer is who the access token names (L-2, P-3): the body names no reviewer. The head of the legal
    office who signs (L-4) is recorded as named: a second person, not the caller."""

    items: list[CheckResult] = Field(description="九项审核事项的结论 (L-4)")
    outcome: Outcome = Field(description="审核意见：同意 / 不同意 / 建议修改后提交 (L-7)")
    opinion: str = Field("", max_length=5000, description="审核意见书正文")
    signed_by: str = Field(min_length=1, max_length=100,
                           description="法制机构负责人签字 (L-4): recorded as named beside the verified reviewer")


class Extension(BaseModel):
    working_days: int = Field(ge=1, le=60, description="延长的工作日")
    approved_by: str = Field(min_length=1, max_length=100,
                             description="批准人: recorded as named, beside the verified caller who records it")
    reason: str = Field(min_length=2, max_length=500, description="延长理由")


async def submit(svc: Services, body: Submission, caller: Caller) -> tuple[dict, bool]:
    """A review submitted over REST: (the round, created?). A repeat of (case, round) returns the original."""
    received_on = body.received_on or svc.today()
    if received_on > svc.today():
        raise InvalidInput(("收件日期（received_on）不得晚于今日", "received_on is in the future"),
                           errors=[FieldProblem("received_on", "not after today")])
    async with svc.uows() as uow:
        if not caller.sees(body.department_code, await copies.region_of(uow.session, body.department_code)):
            raise NotPermitted((f"调用方 {caller.client_id} 无权代表执法主体 {body.department_code}",
                                f"{caller.client_id} does not act for {body.department_code}"),
                               errors=[FieldProblem("department_code", "not an agency this caller acts for")])
        review_id = await _receive(uow, svc, body.model_copy(update={"received_on": received_on}), "rest",
                                   caller.actor)
        await uow.commit()
    if review_id is None:
        return await _repeated(svc, body, caller), False
    return await review_queries.one(svc, review_id, caller), True


async def _repeated(svc: Services, body: Submission, caller: Caller) -> dict:
    """The round first submitted as (case, round), if the caller may see it; else not found (nothing revealed)."""
    async with svc.uows() as uow:
        existing = await _row(uow.session, case_id=body.case_id, round_=body.round, scope=review_visible(caller))
    if existing is None:
        raise NotFound((f"案件 {body.case_id} 不存在第 {body.round} 轮法制审核",
                        f"no round {body.round} of case {body.case_id} to answer"))
    return await review_queries.one(svc, existing["id"], caller)


def on_review_requested(svc: Services):  # noqa: ANN201 - a consumer handler
    async def handle(uow: UnitOfWork, env: Envelope) -> None:
        e = CaseReviewRequested.model_validate_json(env.data)
        body = Submission(case_id=e.case_id, case_no=e.case_no, round=e.round, department_code=e.department_code,
                          matter_code=e.matter_code, party_type=e.party_type, party_name=e.party_name,
                          grounds=e.grounds, proposal=e.proposal, evidence=e.evidence,
                          evaluation=e.evaluation, officers=e.officers, history=e.history,
                          received_on=e.requested_on)
        if await _receive(uow, svc, body, "case_intake", "case_intake") is None:
            log.warning("review_round_repeated", case_id=e.case_id, round=e.round, event_id=env.id)

    return handle


async def _receive(uow: UnitOfWork, svc: Services, body: Submission, source: str, actor: str) -> str | None:
    if await _row(uow.session, case_id=body.case_id, round_=body.round, lock=True) is not None:
        return None
    previous = (await uow.session.execute(select(r.id).where(r.case_id == body.case_id, r.round < body.round,
                                                             r.department_code == body.department_code)
                                          .order_by(r.round.desc()).limit(1))).scalar_one_or_none()
    region = await copies.region_of(uow.session, body.department_code)
    review_id = str(uuid.uuid4())
    clock = review_clock.schedule(svc, body.received_on, 0)  # L-6, S-4
    await uow.session.execute(t.review.insert().values(
        id=review_id, case_id=body.case_id, case_no=body.case_no, round=body.round, previous_review_id=previous,
        source=source, department_code=body.department_code, region_code=region, matter_code=body.matter_code,
        party_type=body.party_type, party_name=body.party_name, grounds=body.grounds, officers=body.officers,
        snapshot={"proposal": body.proposal, "evidence": body.evidence, "evaluation": body.evaluation,
                  "history": body.history},
        received_on=body.received_on, status="received", created_by=actor, updated_by=actor))
    await review_clock.CLOCKS.start(uow, review_clock.ref(review_id), clock)
    uow.publish(lr.ReviewReceived(review_id=review_id, case_id=body.case_id, case_no=body.case_no, round=body.round,
                                  department_code=body.department_code, received_on=body.received_on,
                                  due_on=clock.due_on, provisional=clock.provisional, grounds=body.grounds),
                subject=body.case_id)
    if svc.rules.auto_assign:
        subject = Subject(body.department_code, region, tuple(body.officers))
        chosen = balanced_pick(await reviewers.pool(uow.session, subject, svc.rules), subject, svc.rules)
        if chosen is None:
            log.warning("no_eligible_reviewer", review_id=review_id, department_code=body.department_code)
        else:
            await _assign(uow, svc, await _row(uow.session, review_id=review_id), chosen.person_no, "balanced",
                          None, actor)
    return review_id


def on_personnel(svc: Services):  # noqa: ANN201 - a consumer handler
    """Keep the personnel copy; with auto-assignment on, a round still waiting for a reviewer of that agency gets
    one as soon as one is eligible (the personnel and the request travel on different topics, in no set order)."""
    async def handle(uow: UnitOfWork, env: Envelope) -> None:
        await copies.on_officer(uow, env)
        if svc.rules.auto_assign:
            await assign_waiting(uow, svc, lm.PersonnelUpdated.model_validate_json(env.data).department_code)

    return handle


async def assign_waiting(uow: UnitOfWork, svc: Services, department_code: str) -> int:
    """Assign the rounds received without a reviewer that `department_code`'s staff could take (its own, or its
    region's when pooled, L-9); returns how many got one."""
    where = r.department_code == department_code
    region = await copies.region_of(uow.session, department_code)
    if svc.rules.pooled_online and region:
        where = where | (r.region_code == region)
    waiting = (await uow.session.execute(select(t.review).where(r.status == "received", where).order_by(r.received_on)
                                         .with_for_update(skip_locked=True))).mappings().all()
    assigned = 0
    for row in map(dict, waiting):
        subject = _subject(row)
        chosen = balanced_pick(await reviewers.pool(uow.session, subject, svc.rules), subject, svc.rules)
        if chosen is not None:
            await _assign(uow, svc, row, chosen.person_no, "balanced", None, "legality_review")
            assigned += 1
    return assigned


async def assign(svc: Services, review_id: str, body: Assignment, caller: Caller) -> dict:
    async with svc.uows() as uow:
        row = await _open(uow, review_id, _agency_of(caller))
        if row["status"] == "assigned":
            raise Conflict((f"法制审核 {review_id} 已分配给审核人员 {row['reviewer']}，如需更换，请说明理由后改派",
                            f"review {review_id} is assigned to {row['reviewer']}: reassign it with a reason"),
                           errors=[FieldProblem("reviewer", "already assigned")])
        await _assign(uow, svc, row, await _choose(uow, svc, row, body.reviewer), "chosen" if body.reviewer
                      else "balanced", None, caller.actor)
        await uow.commit()
    return await review_queries.one(svc, review_id, caller)


async def reassign(svc: Services, review_id: str, body: Reassignment, caller: Caller) -> dict:
    async with svc.uows() as uow:
        row = await _open(uow, review_id, _agency_of(caller))
        if row["status"] != "assigned":
            raise Conflict((f"法制审核 {review_id} 尚未分配审核人员，请先分配",
                            f"review {review_id} has no reviewer yet: assign one"), errors=[])
        if body.reviewer == row["reviewer"]:
            raise InvalidInput(("改派的审核人员与当前审核人员相同", "the new reviewer is the current one"),
                               errors=[FieldProblem("reviewer", "differs from the current reviewer")])
        chosen = await _choose(uow, svc, row, body.reviewer, exclude=row["reviewer"])
        await _assign(uow, svc, row, chosen, "chosen" if body.reviewer else "balanced", body.reason, caller.actor)
        await uow.commit()
    return await review_queries.one(svc, review_id, caller)


async def _choose(uow: UnitOfWork, svc: Services, row: dict, named: str | None, *, exclude: str | None = None) -> str:
    subject = _subject(row)
    if named is None:
        chosen = balanced_pick(await reviewers.pool(uow.session, subject, svc.rules), subject, svc.rules,
                               exclude=exclude)
        if chosen is None:
            raise Conflict((f"执法主体 {row['department_code']} 没有符合条件的法制审核人员（L-2、P-3、L-9）",
                            f"no eligible 法制审核 reviewer for {row['department_code']} (L-2, P-3, L-9)"), errors=[])
        return chosen.person_no
    await _eligible(uow, svc, subject, named)
    return named


async def _eligible(uow: UnitOfWork, svc: Services, subject: Subject, person_no: str) -> None:
    candidate = await reviewers.one(uow.session, person_no)
    if candidate is None:
        raise InvalidInput((f"人员 {person_no} 不在清单管理（list_management）的人员名录中",
                            f"{person_no} is not in list_management's personnel"),
                           errors=[FieldProblem("reviewer", "unknown person_no")])
    refused = refusal(candidate, subject, svc.rules)
    if refused is not None:
        raise RuleViolation(refused.reason, rule=refused.rule, errors=[FieldProblem("reviewer", refused.reason)])


async def _assign(uow: UnitOfWork, svc: Services, row: dict, reviewer: str, how: str, reason: str | None,
                  actor: str) -> None:
    today = svc.today()
    await uow.session.execute(update(t.review).where(r.id == row["id"]).values(
        status="assigned", reviewer=reviewer, assigned_on=today, updated_by=actor, updated_at=datetime.now(UTC)))
    await uow.session.execute(t.review_assignment.insert().values(
        review_id=row["id"], reviewer=reviewer, previous_reviewer=row["reviewer"], reason=reason, assigned_on=today,
        how=how, created_by=actor))
    uow.publish(lr.ReviewAssigned(review_id=row["id"], case_id=row["case_id"], reviewer=reviewer,
                                  previous_reviewer=row["reviewer"], reason=reason, assigned_on=today),
                subject=row["case_id"])


async def conclude(svc: Services, review_id: str, body: Conclusion, caller: Caller) -> dict:
    """By the assigned reviewer in person, as the token says (L-2, P-3); still qualified on the day (L-2)."""
    async with svc.uows() as uow:
        row = await _open(uow, review_id, review_visible(caller))
        if row["status"] != "assigned":
            raise Conflict((f"法制审核 {review_id} 尚未分配审核人员，请先分配再作出审核结论",
                            f"review {review_id} has no reviewer yet: assign one before concluding"), errors=[])
        _must_be_the_reviewer(caller, row)
        await _eligible(uow, svc, _subject(row), row["reviewer"])
        items = checklist.conclude(body.items, body.outcome, body.opinion)
        now, today = datetime.now(UTC), svc.today()
        await uow.session.execute(update(t.review).where(r.id == review_id).values(
            status="concluded", outcome=body.outcome.value, items=items, opinion=body.opinion,
            signed_by=body.signed_by, concluded_at=now, concluded_on=today, updated_by=caller.actor, updated_at=now))
        await review_clock.CLOCKS.finish(uow, review_clock.ref(review_id), now)  # met, or breached if late
        uow.publish(OUTCOME_EVENTS[body.outcome](
            review_id=review_id, case_id=row["case_id"], round=row["round"], outcome=body.outcome.value,
            reviewer=row["reviewer"], decided_at=now, reasons=body.opinion, items=items), subject=row["case_id"])
        await uow.commit()
    return await review_queries.one(svc, review_id, caller)


def _must_be_the_reviewer(caller: Caller, row: dict) -> None:
    """Only the person the round is assigned to concludes it (L-2); a case officer never does (P-3)."""
    if caller.person is not None and caller.person == row["reviewer"]:
        return
    who = caller.person or f"the system {caller.client_id}, acting for no person,"
    who_zh = caller.person or f"系统 {caller.client_id}（未代表任何人员）"
    if caller.person in row["officers"]:
        raise NotPermitted((f"{who_zh} 是本案的承办执法人员，承办人员不得对本案作出法制审核结论",
                            f"{who} is an officer of the case: the case's own officer never concludes its review"),
                           rule="P-3")
    raise NotPermitted((f"法制审核 {row['id']} 已分配给审核人员 {row['reviewer']}，只能由其本人作出审核结论，"
                        f"{who_zh} 不是该审核人员",
                        f"review {row['id']} is assigned to {row['reviewer']}: only the assigned reviewer concludes "
                        f"it, and {who} is not"), rule="L-2")


async def extend(svc: Services, review_id: str, body: Extension, caller: Caller) -> dict:
    """An approved extension of the review period, within the configured total (L-6); signals may come again."""
    async with svc.uows() as uow:
        row = await _open(uow, review_id, _agency_of(caller))
        total = check_extension(row["extended_wd"], body.working_days, svc.rules)
        clock = review_clock.schedule(svc, row["received_on"], total)
        await review_clock.CLOCKS.extend(uow, review_clock.ref(review_id), clock, approved_by=body.approved_by,
                                         approved_on=svc.today(), days=body.working_days, rule_id="L-6",
                                         reason=body.reason)
        entry = {"working_days": body.working_days, "approved_by": body.approved_by, "reason": body.reason,
                 "to": clock.due_on.isoformat() if clock.due_on else None, "on": svc.today().isoformat(),
                 "recorded_by": caller.actor}
        await uow.session.execute(update(t.review).where(r.id == review_id).values(
            extended_wd=total, extensions=[*row["extensions"], entry], updated_by=caller.actor,
            updated_at=datetime.now(UTC)))
        await uow.commit()
    return await review_queries.one(svc, review_id, caller)


def _agency_of(caller: Caller) -> ColumnElement[bool]:
    """Rounds the caller acts on as the deciding agency's system or the region's supervisor (not as a reviewer)."""
    return sees(caller, r.department_code, r.region_code)


async def _open(uow: UnitOfWork, review_id: str, scope: ColumnElement[bool]) -> dict:
    """The round, locked, if the caller's `scope` reaches it (else 404) and it is not concluded (else 409)."""
    row = await _row(uow.session, review_id=review_id, lock=True, scope=scope)
    if row is None:
        raise NotFound((f"法制审核 {review_id} 不存在", f"no review {review_id}"))
    if row["status"] == "concluded":
        raise Conflict((f"法制审核 {review_id} 已作出结论（{row['outcome']}），重新送审应作为新的审核轮次",
                        f"review {review_id} was concluded ({row['outcome']}); a resubmission is a new round"),
                       errors=[])
    return row


async def _row(db, *, review_id: str | None = None, case_id: str | None = None, round_: int | None = None,  # noqa: ANN001
               lock: bool = False, scope: ColumnElement[bool] | None = None) -> dict | None:
    stmt = select(t.review)
    stmt = stmt.where(r.id == review_id) if review_id else stmt.where(r.case_id == case_id, r.round == round_)
    if scope is not None:
        stmt = stmt.where(scope)
    row = (await db.execute(stmt.with_for_update() if lock else stmt)).mappings().first()
    return dict(row) if row else None


def _subject(row: dict) -> Subject:
    return Subject(row["department_code"], row["region_code"], tuple(row["officers"]))
