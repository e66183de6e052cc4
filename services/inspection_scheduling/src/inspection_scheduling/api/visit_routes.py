"""Routes of visits: a 个案 or single routine inspection asked for (caps E-3/E-4), its approval (E-9), the visit
code scanned on entry (E-10), per-matter results with the on-site record (E-9, R-10), publication of the results
(R-7) and 伴随执法 invitations; reads in the caller's data scope and an enterprise's yearly counts.

Reads need `visits:read`, changes `visits:write`, approval `visits:approve`. The verified caller is who acts; a
visit outside the caller's data scope is not found.
"""

from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from inspection_scheduling.api.context import EngineDep, ServicesDep, require
from inspection_scheduling.api.visit_schemas import EntityInspectionsRead, VisitDetailRead, VisitPage
from inspection_scheduling.application import visit_queries, visits
from inspection_scheduling.domain.results import (
    CheckIn,
    Feedback,
    InvitationCreate,
    ResultsRecord,
    VisitCreate,
)
from platform_db import Page
from platform_identity import Caller

router = APIRouter(tags=["visit"])
Reader = Annotated[Caller, require("visits:read")]
Writer = Annotated[Caller, require("visits:write")]
Approver = Annotated[Caller, require("visits:approve")]
Status = Literal["planned", "approved", "done", "cancelled"]


@router.post("/visits", status_code=201, response_model=VisitDetailRead,
             responses={200: {"description": "the tasks joined a visit already scheduled (综合查一次), or the "
                                             "visit this Idempotency-Key asked for before", "model": VisitDetailRead}},
             summary="Ask for a 个案 or single routine inspection by the caller's agency; a routine one beyond a "
                     "yearly cap is refused (E-3, E-4), a 个案 one is allowed and counted (E-4, H-13)")
async def create_visit(body: VisitCreate, svc: ServicesDep, caller: Writer,
                       idempotency_key: Annotated[str | None, Header(max_length=255)] = None) -> JSONResponse:
    visit, joined = await visits.create(svc, body, caller, idempotency_key)
    return JSONResponse(jsonable_encoder(VisitDetailRead.model_validate(visit)), status_code=200 if joined else 201)


@router.get("/visits", response_model=VisitPage, summary="Visits the caller sees, newest first")
async def list_visits(engine: EngineDep, caller: Reader, credit_code: str | None = None, status: Status | None = None,
                      department_code: str | None = None, year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
                      inspection_type: Literal["日常", "专项", "个案"] | None = None,
                      limit: Annotated[int, Query(ge=1, le=500)] = 100, cursor: str | None = None) -> Page:
    return await visit_queries.listing(engine, caller, credit_code=credit_code, status=status,
                                       department_code=department_code, year=year, inspection_type=inspection_type,
                                       limit=limit, cursor=cursor)


@router.get("/visits/{visit_id}", response_model=VisitDetailRead,
            summary="One visit with its tasks, inspectors, records, invitations, results and publicity clock (R-7)")
async def get_visit(visit_id: str, svc: ServicesDep, caller: Reader) -> dict:
    return await visit_queries.one(svc, visit_id, caller)


@router.get("/entities/{credit_code}/inspections", response_model=EntityInspectionsRead,
            summary="An enterprise's inspections of a year: used and left per agency (E-3) and combined (E-4); "
                    "个案 ones counted apart")
async def entity_inspections(credit_code: str, svc: ServicesDep, caller: Reader,
                             year: Annotated[int | None, Query(ge=2000, le=2100)] = None) -> dict:
    return await visit_queries.entity_inspections(svc, credit_code, year or svc.today().year, caller)


@router.post("/visits/{visit_id}/approval", response_model=VisitDetailRead,
             summary="行政检查审批 (E-9): the caller approves a planned visit")
async def approve_visit(visit_id: str, svc: ServicesDep, caller: Approver) -> dict:
    return await visits.approve(svc, visit_id, caller)


@router.post("/visits/{visit_id}/check-in", response_model=VisitDetailRead,
             summary="扫码入企 (E-10): the inspectors scan the visit code on entry to an approved visit")
async def check_in(visit_id: str, body: CheckIn, svc: ServicesDep, caller: Writer) -> dict:
    return await visits.check_in(svc, visit_id, body, caller)


@router.post("/visits/{visit_id}/results", response_model=VisitDetailRead,
             summary="Per-matter results with the 现场检查笔录 (E-9, R-10); the last one completes the visit and "
                     "starts the results-publicity clock (R-7); a problem found goes to case_intake")
async def record_results(visit_id: str, body: ResultsRecord, svc: ServicesDep, caller: Writer) -> dict:
    return await visits.record_results(svc, visit_id, body, caller)


@router.post("/visits/{visit_id}/publication", response_model=VisitDetailRead,
             summary="Publish a done visit's results, redacted, and push them to the 公示系统 endpoint (R-7)")
async def publish_results(visit_id: str, svc: ServicesDep, caller: Writer) -> dict:
    return await visits.publish_results(svc, visit_id, caller)


@router.post("/visits/{visit_id}/invitations", status_code=201, response_model=VisitDetailRead,
             summary="伴随执法: invite an observer to the visit")
async def invite(visit_id: str, body: InvitationCreate, svc: ServicesDep, caller: Writer) -> dict:
    return await visits.invite(svc, visit_id, body, caller)


@router.post("/visits/{visit_id}/invitations/{invitation_id}/feedback", response_model=VisitDetailRead,
             summary="伴随执法: record the invitee's feedback (once)")
async def invitation_feedback(visit_id: str, invitation_id: str, body: Feedback, svc: ServicesDep,
                              caller: Writer) -> dict:
    return await visits.record_feedback(svc, visit_id, invitation_id, body, caller)
