"""案卷评查 (policy 003 item 4): campaigns sample closed case files, reviewers score them on the rubric, the grade
follows from the total, and every problem found becomes a rectification item tracked to its closure.

Every act here is the supervising 司法局's, within its region: a region-wide caller with `file-reviews:write`. An
agency's own system reads its files and items (file_review_queries.py) and changes nothing here.
"""

import secrets
import uuid
from datetime import UTC, date, datetime

from pydantic import BaseModel, Field, StrictInt, model_validator
from sqlalchemy import func, select, update

from legality_review.adapters import copies
from legality_review.adapters import tables as t
from legality_review.application.file_review_queries import (
    campaign,
    campaign_row,
    file,
    files_visible,
    items_visible,
)
from legality_review.application.services import Services
from legality_review.domain import sampling
from legality_review.domain.policy import FileReviewPolicy
from legality_review.domain.rubric import Grade, grade
from platform_errors import Conflict, FieldProblem, InvalidInput, NotFound, NotPermitted
from platform_events.contracts import legality_review as lr
from platform_identity import Caller

cp, fr, rc, cc, d = t.campaign.c, t.file_review.c, t.rectification.c, t.case_copy.c, t.department_copy.c


class CampaignCreate(BaseModel):
    """Counts are strict integers: pydantic alone would take `false` or `"7"` for one (the seed makes a draw
    reproducible, so a seed the caller did not mean is worse than a refusal)."""

    title: str = Field(min_length=2, max_length=200, description="评查活动名称")
    organiser: str = Field(min_length=1, max_length=100, description="组织机关（如区司法局）")
    closed_from: date = Field(description="结案日期起")
    closed_to: date = Field(description="结案日期止（含）")
    department_codes: list[str] = Field(default_factory=list, description="被评查机关；空 = 全部")
    random_count: StrictInt = Field(0, ge=0, le=1000, description="随机抽取案卷数")
    include_changed: bool = Field(True, description="重点评查：被复议、诉讼撤销、变更或确认违法的案件")
    submitted_case_ids: list[str] = Field(default_factory=list, description="选送案卷")
    seed: StrictInt | None = Field(None, ge=0, le=2**53, description="随机种子（默认随机生成并记录，抽取可复核）")

    @model_validator(mode="after")
    def _period(self) -> "CampaignCreate":
        if self.closed_to < self.closed_from:
            raise ValueError("closed_to is before closed_from")
        return self


class Finding(BaseModel):
    dimension: str = Field(description="评查项")
    problem: str = Field(min_length=2, max_length=2000, description="发现的问题及整改要求")
    due_on: date | None = Field(None, description="整改期限（默认按配置的工作日）")


class Scoring(BaseModel):
    reviewer: str = Field(min_length=1, max_length=100,
                          description="评查人员 (the review team, recorded as named beside the verified caller)")
    scores: dict[str, float] = Field(description="各评查项得分")
    findings: list[Finding] = Field(default_factory=list, description="问题与整改事项")
    remarks: str = Field("", max_length=5000, description="评查意见")


class RectificationClosure(BaseModel):
    result: str = Field(min_length=2, max_length=5000, description="整改情况")
    accepted_by: str = Field(min_length=1, max_length=100,
                             description="验收人 (recorded as named beside the verified caller)")
    closed_on: date | None = Field(None, description="整改完成日期（默认今天）")


#: Idempotency-Key -> campaign id, stable forever: a retried creation finds the campaign it made
_KEYS = uuid.UUID("7d1f6a2e-8c4b-5e0a-9f3d-2b6c8e4a1d57")


def _supervising(caller: Caller) -> None:
    """案卷评查 is the supervising 司法局's act over its region; an agency's system only reads its own files (checked
    once the record is found: another agency's record is not found, whoever asks)."""
    if not caller.region_wide:
        raise NotPermitted((f"{caller.client_id} 只能查阅本机关的案卷；组织评查活动、抽取案卷、评分和整改验收"
                            "由负责监督的司法局（区域范围的调用方）进行",
                            f"{caller.client_id} reads its own agencies' files: campaigns, draws, scores and the "
                            "acceptance of rectification are the supervising 司法局's acts (region-wide callers)"))


async def create_campaign(svc: Services, body: CampaignCreate, caller: Caller,
                          idempotency_key: str | None = None) -> tuple[dict, bool]:
    """(the campaign, created?): a repeat with the same Idempotency-Key (of the same client) answers the campaign
    first created. The campaign covers the organiser's region: named agencies must lie in it."""
    _supervising(caller)
    key = f"{caller.client_id}\n{idempotency_key}"
    campaign_id = str(uuid.uuid5(_KEYS, key) if idempotency_key else uuid.uuid4())
    policy = svc.file_review
    async with svc.uows() as uow:
        if (await uow.session.execute(select(cp.id).where(cp.id == campaign_id))).first() is not None:
            return await campaign(svc, campaign_id, caller), False
        outside = [code for code in body.department_codes
                   if not caller.sees(code, await copies.region_of(uow.session, code))]
        if outside:
            raise NotPermitted((f"超出 {caller.client_id} 的管辖区域：{'、'.join(outside)}",
                                f"outside {caller.client_id}'s region: {', '.join(outside)}"),
                               errors=[FieldProblem("department_codes", f"{x} is not of the caller's region")
                                       for x in outside])
        await uow.session.execute(t.campaign.insert().values(
            id=campaign_id, title=body.title, organiser=body.organiser, closed_from=body.closed_from,
            closed_to=body.closed_to, department_codes=body.department_codes, random_count=body.random_count,
            include_changed=body.include_changed, submitted_case_ids=body.submitted_case_ids,
            seed=body.seed if body.seed is not None else secrets.randbelow(2**53),
            rubric=policy.model_dump(), status="planned", region_code=caller.region, created_by=caller.actor,
            updated_by=caller.actor))
        await uow.commit()
    return await campaign(svc, campaign_id, caller), True


def _population(c: dict):  # noqa: ANN202 - a Select
    """The closed cases of the campaign's period, agencies and region (an agency of unknown region is left out of a
    regional campaign: its region cannot be shown to be the organiser's)."""
    stmt = (select(cc.case_id, cc.case_no, cc.department_code, cc.changes, d.region_code)
            .select_from(t.case_copy.outerjoin(t.department_copy, d.code == cc.department_code))
            .where(cc.closed_on >= c["closed_from"], cc.closed_on <= c["closed_to"]))
    if c["department_codes"]:
        stmt = stmt.where(cc.department_code.in_(c["department_codes"]))
    if c["region_code"]:
        stmt = stmt.where(func.starts_with(d.region_code, c["region_code"]))
    return stmt


async def draw(svc: Services, campaign_id: str, caller: Caller) -> dict:
    """Select the campaign's files once: 选送, 重点评查, then the random draw, from case_intake's closed cases."""
    async with svc.uows() as uow:
        c = await campaign_row(uow.session, campaign_id, caller, lock=True)
        _supervising(caller)
        if c["status"] != "planned":
            raise Conflict((f"评查活动 {campaign_id} 已于 {c['drawn_at']:%Y-%m-%d %H:%M} 抽取案卷",
                            f"campaign {campaign_id} was drawn at {c['drawn_at']:%Y-%m-%d %H:%M}"), errors=[])
        closed = {row.case_id: row for row in (await uow.session.execute(_population(c))).all()}
        unknown = [x for x in c["submitted_case_ids"] if x not in closed]
        if unknown:
            raise InvalidInput(("选送的案卷须为本次评查活动所列执法主体在评查期间内办结的案件",
                                "submitted files are closed cases of the campaign's period and agencies"),
                               errors=[FieldProblem("submitted_case_ids", f"{x} is not among them") for x in unknown])
        changed = {k for k, row in closed.items() if row.changes} if c["include_changed"] else set()
        chosen = sampling.draw(list(closed), changed, c["submitted_case_ids"], c["random_count"], c["seed"])
        for s in chosen:
            case = closed[s.case_id]
            await uow.session.execute(t.file_review.insert().values(
                id=str(uuid.uuid4()), campaign_id=campaign_id, case_id=s.case_id, case_no=case.case_no,
                department_code=case.department_code, region_code=case.region_code, selection=s.selection,
                status="pending", created_by=caller.actor, updated_by=caller.actor))
        await uow.session.execute(update(t.campaign).where(cp.id == campaign_id).values(
            status="drawn", drawn_at=datetime.now(UTC), updated_by=caller.actor, updated_at=datetime.now(UTC)))
        await uow.commit()
    return await campaign(svc, campaign_id, caller)


async def score(svc: Services, file_review_id: str, body: Scoring, caller: Caller) -> dict:
    async with svc.uows() as uow:
        f = (await uow.session.execute(select(t.file_review).where(fr.id == file_review_id, files_visible(caller))
                                       .with_for_update())).mappings().first()
        if f is None:
            raise NotFound((f"案卷评查记录 {file_review_id} 不存在", f"no case-file review {file_review_id}"))
        _supervising(caller)
        if f["status"] == "graded":
            raise Conflict((f"案卷 {file_review_id} 已于 {f['graded_on']} 评定为{f['grade']}",
                            f"file {file_review_id} was graded {f['grade']} on {f['graded_on']}"), errors=[])
        rubric = (await uow.session.execute(select(cp.rubric).where(cp.id == f["campaign_id"]))).scalar_one()
        policy = FileReviewPolicy.model_validate(rubric)
        total, result = grade(body.scores, policy)
        bad = [FieldProblem(f"findings.{i}.dimension", f"not an aspect of the rubric ({', '.join(policy.rubric)})")
               for i, x in enumerate(body.findings) if x.dimension not in policy.rubric]
        if result is Grade.failed and not body.findings:
            bad.append(FieldProblem("findings", "a 不合格 file names the problems to rectify"))
        today = svc.today()
        bad += [FieldProblem(f"findings.{i}.due_on", "after today") for i, x in enumerate(body.findings)
                if x.due_on is not None and x.due_on <= today]
        if bad:
            raise InvalidInput(("评查发现的问题不符合评查标准", "the findings do not fit the rubric"), errors=bad)
        await uow.session.execute(update(t.file_review).where(fr.id == file_review_id).values(
            status="graded", scores=body.scores, total=total, grade=result.value, reviewer=body.reviewer,
            remarks=body.remarks, graded_on=today, updated_by=caller.actor, updated_at=datetime.now(UTC)))
        uow.publish(lr.FileReviewGraded(campaign_id=f["campaign_id"], file_review_id=file_review_id,
                                        case_id=f["case_id"], department_code=f["department_code"], score=total,
                                        grade=result.value, scores=body.scores, graded_on=today),
                    subject=f["case_id"])
        default_due = svc.calendar.add_working_days(today, policy.rectification_due_wd).due
        for x in body.findings:
            item_id = str(uuid.uuid4())
            due = x.due_on or default_due
            await uow.session.execute(t.rectification.insert().values(
                id=item_id, campaign_id=f["campaign_id"], file_review_id=file_review_id, case_id=f["case_id"],
                department_code=f["department_code"], region_code=f["region_code"], dimension=x.dimension,
                problem=x.problem, due_on=due, status="open", created_by=caller.actor, updated_by=caller.actor))
            uow.publish(lr.RectificationIssued(rectification_id=item_id, campaign_id=f["campaign_id"],
                                               case_id=f["case_id"], department_code=f["department_code"],
                                               dimension=x.dimension, problem=x.problem, due_on=due),
                        subject=f["case_id"])
        await uow.commit()
    return await file(svc, file_review_id, caller)


async def close_rectification(svc: Services, item_id: str, body: RectificationClosure, caller: Caller) -> dict:
    today = svc.today()
    closed_on = body.closed_on or today
    if closed_on > today:
        raise InvalidInput(("整改验收日期（closed_on）不得晚于今日", "closed_on is in the future"),
                           errors=[FieldProblem("closed_on", "not after today")])
    async with svc.uows() as uow:
        item = (await uow.session.execute(select(t.rectification).where(rc.id == item_id, items_visible(caller))
                                          .with_for_update())).mappings().first()
        if item is None:
            raise NotFound((f"整改事项 {item_id} 不存在", f"no rectification item {item_id}"))
        _supervising(caller)
        if item["status"] == "closed":
            raise Conflict((f"整改事项 {item_id} 已于 {item['closed_on']} 验收完毕",
                            f"rectification {item_id} was closed on {item['closed_on']}"), errors=[])
        overdue = closed_on > item["due_on"]
        await uow.session.execute(update(t.rectification).where(rc.id == item_id).values(
            status="closed", result=body.result, accepted_by=body.accepted_by, closed_on=closed_on, overdue=overdue,
            updated_by=caller.actor, updated_at=datetime.now(UTC)))
        uow.publish(lr.RectificationClosed(rectification_id=item_id, campaign_id=item["campaign_id"],
                                           case_id=item["case_id"], department_code=item["department_code"],
                                           closed_on=closed_on, overdue=overdue), subject=item["case_id"])
        await uow.commit()
        row = (await uow.session.execute(select(t.rectification).where(rc.id == item_id))).mappings().one()
    return dict(row)
