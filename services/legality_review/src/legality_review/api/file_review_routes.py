"""Routes of 案卷评查: campaigns, the draw, scoring a file, closing rectification items.

Reads need `file-reviews:read` (an agency reads its own files and items, the 司法局 its region's); every change
needs `file-reviews:write` and is the supervising 司法局's, region-wide (403 for an agency's system).
"""

from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from legality_review.api.context import EngineDep, ServicesDep, require
from legality_review.api.file_review_schemas import (
    CampaignDetailRead,
    CampaignPage,
    FileReviewDetailRead,
    RectificationPage,
    RectificationRead,
)
from legality_review.application import file_review_queries as queries
from legality_review.application import file_reviews
from platform_db import Page
from platform_identity import Caller

router = APIRouter(tags=["case-file review"])
Reader = Annotated[Caller, require("file-reviews:read")]
Supervisor = Annotated[Caller, require("file-reviews:write")]


@router.post("/file-review-campaigns", status_code=201, response_model=CampaignDetailRead,
             responses={200: {"description": "the campaign created before with this Idempotency-Key",
                              "model": CampaignDetailRead}},
             summary="Set up a 案卷评查 campaign (period, agencies, sample); retry safely with an Idempotency-Key")
async def create_campaign(body: file_reviews.CampaignCreate, svc: ServicesDep, caller: Supervisor,
                 idempotency_key: Annotated[str | None, Header(max_length=255)] = None) -> JSONResponse:
    created, new = await file_reviews.create_campaign(svc, body, caller, idempotency_key)
    return JSONResponse(jsonable_encoder(created), status_code=201 if new else 200)


@router.get("/file-review-campaigns", response_model=CampaignPage, summary="Campaigns the caller sees, with their number of files")
async def list_campaigns(engine: EngineDep, caller: Reader, limit: Annotated[int, Query(ge=1, le=500)] = 100,
                         cursor: str | None = None) -> Page:
    return await queries.campaigns(engine, caller, limit, cursor)


@router.get("/file-review-campaigns/{campaign_id}", response_model=CampaignDetailRead, summary="A campaign: files, grades, rectification progress")
async def get_campaign(campaign_id: str, svc: ServicesDep, caller: Reader) -> dict:
    return await queries.campaign(svc, campaign_id, caller)


@router.post("/file-review-campaigns/{campaign_id}/draw", response_model=CampaignDetailRead,
             summary="Draw the files once: 选送, then 重点评查 (revoked or changed decisions), then the random sample")
async def draw_files(campaign_id: str, svc: ServicesDep, caller: Supervisor) -> dict:
    return await file_reviews.draw(svc, campaign_id, caller)


@router.get("/file-reviews/{file_review_id}", response_model=FileReviewDetailRead, summary="One reviewed file with its rectification items")
async def get_file_review(file_review_id: str, svc: ServicesDep, caller: Reader) -> dict:
    return await queries.file(svc, file_review_id, caller)


@router.post("/file-reviews/{file_review_id}/scores", response_model=FileReviewDetailRead,
             summary="Score a file on the rubric: the grade follows from the total; findings become rectification items")
async def score_file(file_review_id: str, body: file_reviews.Scoring, svc: ServicesDep, caller: Supervisor) -> dict:
    return await file_reviews.score(svc, file_review_id, body, caller)


@router.get("/rectifications", response_model=RectificationPage, summary="Rectification items the caller sees, filterable by agency, campaign and status")
async def list_rectifications(engine: EngineDep, caller: Reader, department_code: str | None = None,
                         campaign_id: str | None = None, status: str | None = None,
                         limit: Annotated[int, Query(ge=1, le=500)] = 100, cursor: str | None = None) -> Page:
    return await queries.rectifications(engine, caller, department_code=department_code, campaign_id=campaign_id,
                                        status=status, limit=limit, cursor=cursor)


@router.post("/rectifications/{item_id}/closure", response_model=RectificationRead,
             summary="Accept the agency's rectification and close the item")
async def close_rectification(item_id: str, body: file_reviews.RectificationClosure, svc: ServicesDep, caller: Supervisor) -> dict:
    return await file_reviews.close_rectification(svc, item_id, body, caller)
