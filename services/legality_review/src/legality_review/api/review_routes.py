"""Routes of 法制审核: rounds, reviewer assignment, the nine-item conclusion, extensions, the reviewer pool.

Each route declares its scope; the verified caller goes to the use case, which finds only the rounds the caller's
data scope reaches (404 otherwise) and records the caller as the actor.
"""

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from legality_review.api.context import EngineDep, ServicesDep, require
from legality_review.api.review_schemas import (
    CaseReviews,
    ChecklistRead,
    ExperienceRead,
    ReviewDetailRead,
    Reviewers,
    ReviewPage,
)
from legality_review.application import review_queries, reviewer_pool, reviews
from legality_review.domain.checklist import LABELS
from platform_db import Page
from platform_db.clocks import ClockState
from platform_identity import Caller

router = APIRouter(tags=["legality review"])


@router.post("/reviews", status_code=201, response_model=ReviewDetailRead,
             responses={200: {"description": "the round already submitted", "model": ReviewDetailRead}},
             summary="Submit a review round directly (systems other than case_intake); (case_id, round) is its key")
async def submit_review(body: reviews.Submission, svc: ServicesDep,
                 caller: Annotated[Caller, require("reviews:write")]) -> JSONResponse:
    review, created = await reviews.submit(svc, body, caller)
    return JSONResponse(jsonable_encoder(review), status_code=201 if created else 200)


@router.get("/reviews", response_model=ReviewPage, summary="Review rounds the caller sees (its agencies', or assigned to it); `overdue=true` "
                                "lists the open rounds past their period; `clock_state` and `provisional` filter by "
                                "the review clock")
async def list_reviews(engine: EngineDep, caller: Annotated[Caller, require("reviews:read")],
                       department_code: str | None = None, status: review_queries.Status | None = None,
                       reviewer: str | None = None, case_id: str | None = None, overdue: bool | None = None,
                       clock_state: ClockState | None = None, provisional: bool | None = None,
                       limit: Annotated[int, Query(ge=1, le=500)] = 100, cursor: str | None = None) -> Page:
    return await review_queries.listing(engine, caller, department_code=department_code, status=status,
                                        reviewer=reviewer, case_id=case_id, overdue=overdue, clock_state=clock_state,
                                        provisional=provisional, limit=limit, cursor=cursor)


@router.get("/reviews/{review_id}", response_model=ReviewDetailRead, summary="One round: snapshot, reviewer and assignment history, checks, outcome")
async def get_review(review_id: str, svc: ServicesDep, caller: Annotated[Caller, require("reviews:read")]) -> dict:
    return await review_queries.one(svc, review_id, caller)


@router.get("/cases/{case_id}/reviews", response_model=CaseReviews, summary="Every round of a case, oldest first (resubmissions keep history)")
async def case_reviews(case_id: str, engine: EngineDep,
                       caller: Annotated[Caller, require("reviews:read")]) -> dict:
    return {"items": await review_queries.of_case(engine, caller, case_id), "next_cursor": None}


@router.post("/reviews/{review_id}/assignment", response_model=ReviewDetailRead,
             summary="Assign a reviewer (named, or the eligible one with the fewest open reviews); L-2, P-3, L-9")
async def assign_reviewer(review_id: str, body: reviews.Assignment, svc: ServicesDep,
                 caller: Annotated[Caller, require("reviews:write")]) -> dict:
    return await reviews.assign(svc, review_id, body, caller)


@router.post("/reviews/{review_id}/reassignment", response_model=ReviewDetailRead, summary="Reassign with a reason; the history is kept")
async def reassign_reviewer(review_id: str, body: reviews.Reassignment, svc: ServicesDep,
                   caller: Annotated[Caller, require("reviews:write")]) -> dict:
    return await reviews.reassign(svc, review_id, body, caller)


@router.post("/reviews/{review_id}/conclusion", response_model=ReviewDetailRead,
             summary="Conclude on the nine checks (L-4): 同意 / 不同意 / 建议修改后提交 (L-7), by the assigned reviewer "
                     "in person (the token's subject, L-2, P-3); the outcome event follows")
async def conclude_review(review_id: str, body: reviews.Conclusion, svc: ServicesDep,
                   caller: Annotated[Caller, require("reviews:conclude")]) -> dict:
    return await reviews.conclude(svc, review_id, body, caller)


@router.post("/reviews/{review_id}/extension", response_model=ReviewDetailRead, summary="Extend the review period with approval (L-6)")
async def extend_review(review_id: str, body: reviews.Extension, svc: ServicesDep,
                 caller: Annotated[Caller, require("reviews:write")]) -> dict:
    return await reviews.extend(svc, review_id, body, caller)


@router.get("/checklist", response_model=ChecklistRead, dependencies=[require("reviews:read")],
            summary="The nine checks of 法制审核 (L-4) and the outcomes (L-7)")
async def checklist() -> dict:
    return {"checks": [{"check": c.value, "label": label} for c, label in LABELS.items()],
            "outcomes": ["同意", "不同意", "建议修改后提交"], "rules": ["L-4", "L-7"]}


@router.get("/reviewers", response_model=Reviewers, summary="法制审核 staff who could review for an agency the caller sees, with eligibility "
                                  "and open workload")
async def list_reviewers(svc: ServicesDep, engine: EngineDep, caller: Annotated[Caller, require("reviewers:read")],
                         department_code: str) -> dict:
    return {"items": await reviewer_pool.of_agency(engine, svc, caller, department_code), "next_cursor": None}


@router.put("/reviewers/{person_no}/experience", response_model=ExperienceRead,
            summary="Record earlier review experience: 初次从事 reviewers need 法律职业资格, the experienced not (L-2)")
async def record_experience(person_no: str, body: reviewer_pool.Experience, svc: ServicesDep,
                            caller: Annotated[Caller, require("reviewers:write")]) -> dict:
    return await reviewer_pool.record_experience(svc, person_no, body, caller)
