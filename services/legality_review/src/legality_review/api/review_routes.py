"""Routes of 法制审核: rounds, reviewer assignment, the nine-item conclusion, extensions, the reviewer pool."""

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import select

from legality_review.adapters import copies, reviewers
from legality_review.adapters import tables as t
from legality_review.api.context import ActorDep, EngineDep, ServicesDep
from legality_review.application import reviews
from legality_review.domain.checklist import LABELS
from legality_review.domain.errors import FieldProblem, InvalidInput, NotFound
from legality_review.domain.reviewers import Subject, refusal
from platform_db import page, upsert

router = APIRouter(tags=["legality review"])
r = t.review.c


@router.post("/reviews", status_code=201, responses={200: {"description": "the round already submitted"}},
             summary="Submit a review round directly (systems other than case_intake); (case_id, round) is its key")
async def submit(body: reviews.Submission, svc: ServicesDep, actor: ActorDep) -> JSONResponse:
    review, created = await reviews.submit(svc, body, actor)
    return JSONResponse(jsonable_encoder(review), status_code=201 if created else 200)


@router.get("/reviews", summary="Review rounds, filterable; `overdue=true` lists the open rounds past their period")
async def list_reviews(svc: ServicesDep, engine: EngineDep, department_code: str | None = None,
                       status: Literal["received", "assigned", "concluded"] | None = None,
                       reviewer: str | None = None, case_id: str | None = None, overdue: bool | None = None,
                       limit: Annotated[int, Query(ge=1, le=500)] = 100, cursor: str | None = None) -> dict:
    stmt = select(t.review)
    for column, value in ((r.department_code, department_code), (r.status, status), (r.reviewer, reviewer),
                          (r.case_id, case_id)):
        if value is not None:
            stmt = stmt.where(column == value)
    today = svc.today()
    if overdue is not None:
        late = (r.status != "concluded") & (r.due_on < today)
        stmt = stmt.where(late if overdue else ~late)
    found = await page(engine, stmt, r.id, limit=limit, cursor=cursor)
    return {"items": [reviews.present(x, today) for x in found.items], "next_cursor": found.next_cursor}


@router.get("/reviews/{review_id}", summary="One round: snapshot, reviewer and assignment history, checks, outcome")
async def get_review(review_id: str, svc: ServicesDep) -> dict:
    return await reviews.get(svc, review_id)


@router.get("/cases/{case_id}/reviews", summary="Every round of a case, oldest first (resubmissions keep history)")
async def case_reviews(case_id: str, svc: ServicesDep, engine: EngineDep) -> list[dict]:
    async with engine.connect() as conn:
        rows = (await conn.execute(select(t.review).where(r.case_id == case_id).order_by(r.round))).mappings().all()
    return [reviews.present(dict(x), svc.today()) for x in rows]


@router.post("/reviews/{review_id}/assignment",
             summary="Assign a reviewer (named, or the eligible one with the fewest open reviews); L-2, P-3, L-9")
async def assign(review_id: str, body: reviews.Assignment, svc: ServicesDep, actor: ActorDep) -> dict:
    return await reviews.assign(svc, review_id, body, actor)


@router.post("/reviews/{review_id}/reassignment", summary="Reassign with a reason; the history is kept")
async def reassign(review_id: str, body: reviews.Reassignment, svc: ServicesDep, actor: ActorDep) -> dict:
    return await reviews.reassign(svc, review_id, body, actor)


@router.post("/reviews/{review_id}/conclusion",
             summary="Conclude on the nine checks (L-4): 同意 / 不同意 / 建议修改后提交 (L-7); the outcome event follows")
async def conclude(review_id: str, body: reviews.Conclusion, svc: ServicesDep, actor: ActorDep) -> dict:
    return await reviews.conclude(svc, review_id, body, actor)


@router.post("/reviews/{review_id}/extension", summary="Extend the review period with approval (L-6)")
async def extend(review_id: str, body: reviews.Extension, svc: ServicesDep, actor: ActorDep) -> dict:
    return await reviews.extend(svc, review_id, body, actor)


@router.get("/checklist", summary="The nine checks of 法制审核 (L-4) and the outcomes (L-7)")
async def checklist() -> dict:
    return {"checks": [{"check": c.value, "label": label} for c, label in LABELS.items()],
            "outcomes": ["同意", "不同意", "建议修改后提交"], "rules": ["L-4", "L-7"]}


@router.get("/reviewers", summary="法制审核 staff who could review for an agency, with eligibility and open workload")
async def list_reviewers(svc: ServicesDep, engine: EngineDep, department_code: str) -> list[dict]:
    async with engine.connect() as conn:
        subject = Subject(department_code, await copies.region_of(conn, department_code), ())
        pool = await reviewers.pool(conn, subject, svc.rules)
    out = []
    for c in pool:
        refused = refusal(c, subject, svc.rules)
        out.append({"person_no": c.person_no, "name": c.name, "department_code": c.department_code,
                    "legal_professional_qualification": c.legal_qualification, "experienced": c.experienced,
                    "open_reviews": c.open_reviews, "eligible": refused is None,
                    "refusal": None if refused is None else {"rule": refused.rule, "reason": refused.reason}})
    return out


class Experience(BaseModel):
    reviewing_since: date = Field(description="开始从事法制审核之日 (before this platform)")
    basis: str = Field(min_length=2, max_length=500, description="依据，如任职文件文号")


@router.put("/reviewers/{person_no}/experience",
            summary="Record earlier review experience: 初次从事 reviewers need 法律职业资格, the experienced not (L-2)")
async def record_experience(person_no: str, body: Experience, svc: ServicesDep, actor: ActorDep) -> dict:
    if body.reviewing_since > svc.today():
        raise InvalidInput("reviewing_since is in the future", errors=[FieldProblem("reviewing_since", "not after today")])
    async with svc.uows() as uow:
        if await reviewers.one(uow.session, person_no) is None:
            raise NotFound(f"{person_no} is not in list_management's personnel")
        await upsert(uow.session, t.reviewer_experience, "person_no", {
            "person_no": person_no, "reviewing_since": body.reviewing_since, "basis": body.basis,
            "created_by": actor, "updated_by": actor})
        await uow.commit()
    return {"person_no": person_no, **body.model_dump()}
