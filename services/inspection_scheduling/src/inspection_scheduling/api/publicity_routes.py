"""Routes open to the public, no token: what an enterprise sees by its visit code and its rating of a done visit
(扫码入企, E-10), and the published results of inspections (R-7), redacted (T-6, P-31)."""

from typing import Annotated

from fastapi import APIRouter, Query

from inspection_scheduling.api.context import EngineDep, ServicesDep
from inspection_scheduling.api.visit_schemas import PublicationPage, PublicVisitRead
from inspection_scheduling.application import publicity, visit_queries, visits
from inspection_scheduling.domain.results import Rating
from platform_db import Page
from platform_runtime.dependencies import PUBLIC, PUBLIC_OPENAPI

router = APIRouter(tags=["public"])


@router.get("/public/visits/{visit_code}", dependencies=[PUBLIC], openapi_extra=PUBLIC_OPENAPI,
            response_model=PublicVisitRead,
            summary="For the enterprise, no token: the visit its code names — departments, matters, window, "
                    "inspectors by name and certificate number, status (E-10)")
async def public_visit(visit_code: str, engine: EngineDep) -> dict:
    return await visit_queries.public_visit(engine, visit_code)


@router.post("/public/visits/{visit_code}/rating", dependencies=[PUBLIC], openapi_extra=PUBLIC_OPENAPI,
             response_model=PublicVisitRead,
             summary="For the enterprise, no token: rate a done visit once, 1–5 with a comment (E-10)")
async def rate_visit(visit_code: str, body: Rating, svc: ServicesDep) -> dict:
    return await visits.rate(svc, visit_code, body)


@router.get("/public/results", dependencies=[PUBLIC], openapi_extra=PUBLIC_OPENAPI, response_model=PublicationPage,
            summary="For the public, no token: inspection results as published, redacted (R-7, T-6, P-31)")
async def published_results(engine: EngineDep, credit_code: str | None = None, region_code: str | None = None,
                            year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
                            limit: Annotated[int, Query(ge=1, le=500)] = 100, cursor: str | None = None) -> Page:
    return await publicity.published(engine, credit_code=credit_code, region_code=region_code, year=year,
                                     limit=limit, cursor=cursor)
