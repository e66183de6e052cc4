"""Routes for the versioned lists: drafts, publication, 报备, as-of queries, evaluation; each declares its scope."""

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response

from list_management.api.context import Caller, ServicesDep, require
from list_management.api.presenters import present_evaluation
from list_management.api.schemas import (
    EvaluationRead,
    EvaluationRequest,
    ListCreate,
    ListEdit,
    ListFiling,
    ListPage,
    ListPublish,
    ListRead,
)
from list_management.application import lists, queries
from list_management.application.evaluation import evaluate_case
from list_management.domain.documents import ListKind
from platform_db import Page as StoredPage
from platform_events.wire import SupportedDate

router = APIRouter(tags=["lists"])


@router.post("/lists", response_model=ListRead, status_code=201,
             summary="Create a draft version of a list or benchmark (Idempotency-Key honoured)")
async def create_list(body: ListCreate, svc: ServicesDep, response: Response,
                      caller: Annotated[Caller, require("lists:write")],
                      idempotency_key: Annotated[str | None, Header(max_length=200)] = None) -> dict:
    version, created = await lists.create_draft(
        svc.uow, department_code=body.department_code, title=body.title, body=body.body.model_dump(mode="json"),
        caller=caller, min_steps=svc.rules.benchmark_min_steps, idempotency_key=idempotency_key,
    )
    response.status_code = 201 if created else 200
    return version.__dict__


@router.put("/lists/{list_id}", response_model=ListRead, summary="Edit a draft (published versions are immutable)")
async def edit_list(list_id: str, body: ListEdit, svc: ServicesDep, caller: Annotated[Caller, require("lists:write")]) -> dict:
    version = await lists.edit_draft(svc.uow, list_id, title=body.title, body=body.body.model_dump(mode="json"),
                                     caller=caller, min_steps=svc.rules.benchmark_min_steps)
    return version.__dict__


@router.post("/lists/{list_id}/publish", response_model=ListRead,
             summary="Publish a draft; the previous version ends the day before this one takes effect")
async def publish_list(list_id: str, body: ListPublish, svc: ServicesDep,
                       caller: Annotated[Caller, require("lists:publish")]) -> dict:
    version = await lists.publish(svc.uow, list_id, effective_from=body.effective_from,
                                  effective_to=body.effective_to, caller=caller)
    return version.__dict__


@router.post("/lists/{list_id}/filing", response_model=ListRead, summary="Record 报备 (filing) progress")
async def file_list(list_id: str, body: ListFiling, svc: ServicesDep,
                    caller: Annotated[Caller, require("lists:publish")]) -> dict:
    version = await lists.change_filing(svc.uow, list_id, to=body.filing_status, note=body.note, caller=caller)
    return version.__dict__


@router.get("/lists", response_model=ListPage,
            summary="Versions, filterable; `in_force_on` answers 'which version applied on that date?'")
async def list_lists(svc: ServicesDep, caller: Annotated[Caller, require("lists:read")], kind: ListKind | None = None,
                     department_code: str | None = None, status: str | None = None, series_key: str | None = None,
                     in_force_on: SupportedDate | None = None, limit: Annotated[int, Query(ge=1, le=200)] = 50,
                     cursor: str | None = None) -> StoredPage:
    return await queries.list_versions(svc.engine, caller, kind=kind, department_code=department_code, status=status,
                                       series_key=series_key, in_force_on=in_force_on, limit=limit, cursor=cursor)


@router.get("/lists/{list_id}", response_model=ListRead)
async def get_list(list_id: str, svc: ServicesDep, caller: Annotated[Caller, require("lists:read")]) -> dict:
    return await queries.list_version(svc.engine, caller, list_id)


@router.post("/evaluations", response_model=EvaluationRead, tags=["evaluation"],
             responses={404: {"description": "No matter with this `matter_code` within the caller's data scope"}},
             summary="Advisory: list entries and benchmark step for a matter's facts on a date, with rule ids")
async def evaluate(body: EvaluationRequest, svc: ServicesDep, caller: Annotated[Caller, require("lists:read")]) -> dict:
    result, matter = await evaluate_case(
        svc.uow, caller, matter_code=body.matter_code, facts=set(body.facts), on=body.act_date,
        party_type=body.party_type, proposed_fine_cny=body.proposed_fine_cny,
    )
    return present_evaluation(result, matter, body.act_date)
