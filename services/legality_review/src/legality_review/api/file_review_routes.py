"""Routes of 案卷评查: campaigns, the draw, scoring a file, closing rectification items."""

from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from sqlalchemy import select

from legality_review.adapters import tables as t
from legality_review.api.context import ActorDep, EngineDep, ServicesDep
from legality_review.application import file_reviews
from platform_db import Page, page

router = APIRouter(tags=["case-file review"])


@router.post("/file-review-campaigns", status_code=201, responses={200: {"description": "the campaign created "
                                                                                   "before with this Idempotency-Key"}},
             summary="Set up a 案卷评查 campaign (period, agencies, sample); retry safely with an Idempotency-Key")
async def create(body: file_reviews.CampaignCreate, svc: ServicesDep, actor: ActorDep,
                 idempotency_key: Annotated[str | None, Header(max_length=255)] = None) -> JSONResponse:
    created, new = await file_reviews.create_campaign(svc, body, actor, idempotency_key)
    return JSONResponse(jsonable_encoder(created), status_code=201 if new else 200)


@router.get("/file-review-campaigns", summary="Campaigns, with their number of files")
async def list_campaigns(engine: EngineDep, limit: Annotated[int, Query(ge=1, le=500)] = 100,
                         cursor: str | None = None) -> Page:
    return await file_reviews.campaigns(engine, limit, cursor)


@router.get("/file-review-campaigns/{campaign_id}", summary="A campaign: files, grades, rectification progress")
async def get_campaign(campaign_id: str, svc: ServicesDep) -> dict:
    return await file_reviews.campaign(svc, campaign_id)


@router.post("/file-review-campaigns/{campaign_id}/draw",
             summary="Draw the files once: 选送, then 重点评查 (revoked or changed decisions), then the random sample")
async def draw(campaign_id: str, svc: ServicesDep, actor: ActorDep) -> dict:
    return await file_reviews.draw(svc, campaign_id, actor)


@router.get("/file-reviews/{file_review_id}", summary="One reviewed file with its rectification items")
async def get_file(file_review_id: str, svc: ServicesDep) -> dict:
    return await file_reviews.file(svc, file_review_id)


@router.post("/file-reviews/{file_review_id}/scores",
             summary="Score a file on the rubric: the grade follows from the total; findings become rectification items")
async def score(file_review_id: str, body: file_reviews.Scoring, svc: ServicesDep, actor: ActorDep) -> dict:
    return await file_reviews.score(svc, file_review_id, body, actor)


@router.get("/rectifications", summary="Rectification items, filterable by agency, campaign and status")
async def rectifications(engine: EngineDep, department_code: str | None = None, campaign_id: str | None = None,
                         status: str | None = None, limit: Annotated[int, Query(ge=1, le=500)] = 100,
                         cursor: str | None = None) -> Page:
    rc = t.rectification.c
    stmt = select(t.rectification)
    for column, value in ((rc.department_code, department_code), (rc.campaign_id, campaign_id), (rc.status, status)):
        if value is not None:
            stmt = stmt.where(column == value)
    return await page(engine, stmt, rc.id, limit=limit, cursor=cursor)


@router.post("/rectifications/{item_id}/closure", summary="Accept the agency's rectification and close the item")
async def close(item_id: str, body: file_reviews.RectificationClosure, svc: ServicesDep, actor: ActorDep) -> dict:
    return await file_reviews.close_rectification(svc, item_id, body, actor)
